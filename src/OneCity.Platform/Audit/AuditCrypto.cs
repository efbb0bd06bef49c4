using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Configuration;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using OneCity.Platform.Hosting;

namespace OneCity.Platform.Audit;

/// <summary>
/// The canonical, unambiguous encoding an entry's SM3 hash is computed over (version 1):
/// <code>
/// str("onecity-audit/1") ‖ i64(seq) ‖ i64(atMs) ‖ str(actor) ‖ str(role) ‖ str?(department) ‖ str(action)
///   ‖ str(objectType) ‖ str(objectId) ‖ str?(purpose) ‖ str?(legalBasis) ‖ str?(details)
///   ‖ i32(subject count) ‖ str(subject)… (ordinal order) ‖ 32 bytes previous hash
/// </code>
/// i64/i32 are big-endian; str is i32 byte length + UTF-8 bytes, and a null string is length −1, so null, "" and
/// any concatenation of fields all encode differently. The first entry's previous hash is 32 zero bytes.
/// </summary>
public static class AuditHash
{
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Version = Encoding.UTF8.GetBytes("onecity-audit/1");

    public static string Compute(AuditEntry e, IReadOnlyList<string> subjects)
    {
        var d = new SM3Digest();
        Bytes(d, Version);
        Int64(d, e.Seq);
        Int64(d, e.AtMs);
        Str(d, e.Actor);
        Str(d, e.Role);
        Str(d, e.Department);
        Str(d, e.Action);
        Str(d, e.ObjectType);
        Str(d, e.ObjectId);
        Str(d, e.Purpose);
        Str(d, e.LegalBasis);
        Str(d, e.Details);
        Int32(d, subjects.Count);
        foreach (var s in subjects)
        {
            Str(d, s);
        }

        var prev = HexOrZero(e.PrevHash);
        d.BlockUpdate(prev, 0, prev.Length);
        var output = new byte[32];
        d.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }

    /// <summary>
    /// The bytes a version-2 (chained) checkpoint signature covers:
    /// <c>"onecity-audit-checkpoint/2" ‖ i64 seq ‖ 32 bytes hash ‖ i64 atMs ‖ i64 prevSeq ‖ 32 bytes SM3(previous
    /// checkpoint's DER signature)</c>; for the first checkpoint prevSeq is 0 and the digest 32 zero bytes.
    /// </summary>
    internal static byte[] CheckpointMessage(long seq, string hash, long atMs, long prevSeq, string? prevSignature)
    {
        var head = Encoding.UTF8.GetBytes("onecity-audit-checkpoint/2");
        var h = HexOrZero(hash);
        var p = prevSignature is null ? new byte[32] : SignatureDigest(prevSignature);
        var buffer = new byte[head.Length + 8 + h.Length + 8 + 8 + p.Length];
        var at = 0;
        head.CopyTo(buffer, at);
        at += head.Length;
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(at), seq);
        at += 8;
        h.CopyTo(buffer, at);
        at += h.Length;
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(at), atMs);
        at += 8;
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(at), prevSeq);
        at += 8;
        p.CopyTo(buffer, at);
        return buffer;
    }

    /// <summary>SM3 over a checkpoint's DER signature bytes (hex as stored; malformed hex hashes as something no real signature does).</summary>
    private static byte[] SignatureDigest(string signatureHex)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            bytes = Encoding.UTF8.GetBytes("invalid:" + signatureHex);
        }

        var d = new SM3Digest();
        d.BlockUpdate(bytes, 0, bytes.Length);
        var output = new byte[32];
        d.DoFinal(output, 0);
        return output;
    }

    /// <summary>The bytes a version-1 checkpoint signature covers (checkpoints signed before they were chained).</summary>
    internal static byte[] CheckpointMessage(long seq, string hash, long atMs)
    {
        var head = Encoding.UTF8.GetBytes("onecity-audit-checkpoint/1");
        var h = HexOrZero(hash);
        var buffer = new byte[head.Length + 8 + h.Length + 8];
        head.CopyTo(buffer, 0);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(head.Length), seq);
        h.CopyTo(buffer, head.Length + 8);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(head.Length + 8 + h.Length), atMs);
        return buffer;
    }

    // A malformed stored hash must fail verification, not crash it: it hashes as something no real hash equals.
    private static byte[] HexOrZero(string? hex)
    {
        if (hex is { Length: 64 })
        {
            try
            {
                return Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
            }
        }

        return Encoding.UTF8.GetBytes("invalid:" + hex);
    }

    private static void Bytes(SM3Digest d, byte[] b)
    {
        Int32(d, b.Length);
        d.BlockUpdate(b, 0, b.Length);
    }

    private static void Str(SM3Digest d, string? s)
    {
        if (s is null)
        {
            Int32(d, -1);
            return;
        }

        Bytes(d, Encoding.UTF8.GetBytes(s));
    }

    private static void Int32(SM3Digest d, int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        d.BlockUpdate(b);
    }

    private static void Int64(SM3Digest d, long v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, v);
        d.BlockUpdate(b);
    }
}

/// <summary>
/// The SM2 key pair that signs checkpoints. The private key is <c>Audit:SigningKey</c> (base64, 32 bytes) or
/// <c>data/keys/audit-sm2.key</c>, created on first run; the bytes are reduced into [1, n−1] of the SM2 curve.
/// </summary>
public sealed class AuditSigner
{
    private static readonly X9ECParameters Curve = GMNamedCurves.GetByName("SM2P256V1");
    private static readonly ECDomainParameters Domain = new(Curve);
    private readonly ECPrivateKeyParameters privateKey;

    public AuditSigner(byte[] secret)
    {
        var d = new BigInteger(1, secret).Mod(Curve.N.Subtract(BigInteger.One)).Add(BigInteger.One);
        privateKey = new ECPrivateKeyParameters(d, Domain);
        PublicKey = new ECPublicKeyParameters(Domain.G.Multiply(d).Normalize(), Domain);
        var encoded = PublicKey.Q.GetEncoded(false);
        PublicKeyHex = Convert.ToHexStringLower(encoded);
        var digest = new SM3Digest();
        digest.BlockUpdate(encoded, 0, encoded.Length);
        var id = new byte[32];
        digest.DoFinal(id, 0);
        KeyId = Convert.ToHexStringLower(id)[..16];
    }

    public ECPublicKeyParameters PublicKey { get; }

    /// <summary>Uncompressed SEC1 point (04‖x‖y), hex, for anyone who wants to check checkpoints independently.</summary>
    public string PublicKeyHex { get; }

    public string KeyId { get; }

    internal static AuditSigner Load(PlatformPaths paths, IConfiguration configuration) =>
        new(paths.LoadOrCreateKey(configuration, "Audit:SigningKey", "audit-sm2.key", 32));

    public string Sign(byte[] message)
    {
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithRandom(privateKey, new SecureRandom()));
        signer.BlockUpdate(message, 0, message.Length);
        return Convert.ToHexStringLower(signer.GenerateSignature());
    }

    public bool Verify(byte[] message, string signatureHex)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        var verifier = new SM2Signer();
        verifier.Init(false, PublicKey);
        verifier.BlockUpdate(message, 0, message.Length);
        try
        {
            return verifier.VerifySignature(signature);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }
}

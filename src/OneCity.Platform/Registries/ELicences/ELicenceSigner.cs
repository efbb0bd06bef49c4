using System.Globalization;
using System.Text;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace OneCity.Platform.Registries.ELicences;

/// <summary>
/// Signs and verifies e-licences with SM2 (GB/T 32918) over a canonical, length-prefixed payload,
/// so that a licence presented later can be checked against what was issued.
/// </summary>
public sealed class ELicenceSigner
{
    private readonly ECPrivateKeyParameters privateKey;
    private readonly ECPublicKeyParameters publicKey;

    public ELicenceSigner(byte[] privateKeyBytes)
    {
        var curve = GMNamedCurves.GetByName("sm2p256v1");
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        // Reduce any 32 random bytes into a valid scalar in [1, n-1].
        var d = new BigInteger(1, privateKeyBytes).Mod(curve.N.Subtract(BigInteger.One)).Add(BigInteger.One);
        privateKey = new ECPrivateKeyParameters(d, domain);
        publicKey = new ECPublicKeyParameters(curve.G.Multiply(d).Normalize(), domain);
    }

    /// <summary>The public key (uncompressed point, hex) that verifiers outside the platform can use.</summary>
    public string PublicKeyHex => Convert.ToHexStringLower(publicKey.Q.GetEncoded(false));

    public string Sign(string payload)
    {
        var signer = new SM2Signer();
        signer.Init(true, privateKey);
        var bytes = Encoding.UTF8.GetBytes(payload);
        signer.BlockUpdate(bytes, 0, bytes.Length);
        return Convert.ToHexStringLower(signer.GenerateSignature());
    }

    public bool Verify(string payload, string signatureHex)
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
        verifier.Init(false, publicKey);
        var bytes = Encoding.UTF8.GetBytes(payload);
        verifier.BlockUpdate(bytes, 0, bytes.Length);
        return verifier.VerifySignature(signature);
    }

    /// <summary>Length-prefixed fields, so no two different licences share a payload.</summary>
    internal static string Payload(string type, string number, HolderKind holderKind, string holderId, string issuer, DateOnly issuedOn, DateOnly? validUntil, string dataJson)
    {
        var sb = new StringBuilder();
        foreach (var field in new[]
                 {
                     type, number, holderKind.ToString(), holderId, issuer,
                     issuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                     validUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                     dataJson,
                 })
        {
            sb.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(';');
        }

        return sb.ToString();
    }
}

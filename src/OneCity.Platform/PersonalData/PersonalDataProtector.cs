using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using OneCity.Platform.Hosting;

namespace OneCity.Platform.PersonalData;

/// <summary>
/// Encrypts personal fields at rest with SM4-GCM (GB/T 32907) and computes blind indexes with HMAC-SM3,
/// so that a record can be found by identity number without decrypting every row.
/// The 32-byte key comes from <c>PersonalData:Key</c> (base64) or from <c>data/keys/personal-data.key</c>, generated on first run.
/// </summary>
public sealed class PersonalDataProtector
{
    private const string Prefix = "sm4gcm1:";
    private readonly byte[] encryptionKey;
    private readonly byte[] indexKey;

    public PersonalDataProtector(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The personal-data key is 32 bytes.", nameof(key));
        }

        encryptionKey = key[..16];
        indexKey = key[16..];
    }

    public string Protect(string plaintext)
    {
        var input = System.Text.Encoding.UTF8.GetBytes(plaintext);
        var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(12);
        var gcm = new GcmBlockCipher(new SM4Engine());
        gcm.Init(true, new AeadParameters(new KeyParameter(encryptionKey), 128, nonce));
        var output = new byte[12 + gcm.GetOutputSize(input.Length)];
        nonce.CopyTo(output, 0);
        var n = gcm.ProcessBytes(input, 0, input.Length, output, 12);
        gcm.DoFinal(output, 12 + n);
        return Prefix + Convert.ToBase64String(output);
    }

    public string? ProtectOrNull(string? plaintext) => plaintext is null ? null : Protect(plaintext);

    public string Unprotect(string protectedValue)
    {
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException("Not a protected value.");
        }

        var data = Convert.FromBase64String(protectedValue[Prefix.Length..]);
        var gcm = new GcmBlockCipher(new SM4Engine());
        gcm.Init(false, new AeadParameters(new KeyParameter(encryptionKey), 128, data[..12]));
        var output = new byte[gcm.GetOutputSize(data.Length - 12)];
        var n = gcm.ProcessBytes(data, 12, data.Length - 12, output, 0);
        n += gcm.DoFinal(output, n);
        return System.Text.Encoding.UTF8.GetString(output, 0, n);
    }

    public string? UnprotectOrNull(string? protectedValue) => protectedValue is null ? null : Unprotect(protectedValue);

    /// <summary>A keyed, deterministic digest for equality look-ups (hex, 64 characters).</summary>
    public string BlindIndex(string normalisedValue)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(indexKey));
        var input = System.Text.Encoding.UTF8.GetBytes(normalisedValue);
        mac.BlockUpdate(input, 0, input.Length);
        var output = new byte[mac.GetMacSize()];
        mac.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }
}

internal static class PersonalDataRegistration
{
    public static IServiceCollection AddPersonalData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PlatformPaths>();
        services.AddSingleton(sp =>
            new PersonalDataProtector(sp.GetRequiredService<PlatformPaths>().LoadOrCreateKey(configuration, "PersonalData:Key", "personal-data.key", 32)));
        return services;
    }
}

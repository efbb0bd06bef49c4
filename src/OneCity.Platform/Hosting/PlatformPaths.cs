using Microsoft.Extensions.Configuration;

namespace OneCity.Platform.Hosting;

/// <summary>Where the platform keeps files: <c>Storage:DataDirectory</c>, default <c>data</c> beside the working directory.</summary>
public sealed class PlatformPaths
{
    public PlatformPaths(IConfiguration configuration)
    {
        DataDirectory = Path.GetFullPath(configuration["Storage:DataDirectory"] ?? "data");
        KeysDirectory = Path.Combine(DataDirectory, "keys");
    }

    public string DataDirectory { get; }

    public string KeysDirectory { get; }

    /// <summary>Reads a secret from configuration (base64) or from a key file, creating the file with fresh random bytes on first run.</summary>
    public byte[] LoadOrCreateKey(IConfiguration configuration, string configKey, string fileName, int length)
    {
        var configured = configuration[configKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length != length)
            {
                throw new InvalidOperationException($"{configKey} must be {length} bytes, base64-encoded.");
            }

            return bytes;
        }

        Directory.CreateDirectory(KeysDirectory);
        var path = Path.Combine(KeysDirectory, fileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(tmp, path, overwrite: false);
        return key;
    }
}

namespace OneCity.Platform.PersonalData;

/// <summary>Resident identity number (居民身份证号码), GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character.</summary>
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>The check character for the first 17 digits.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var c = first17[i];
            if (c is < '0' or > '9')
            {
                throw new ArgumentException("Only digits are allowed.", nameof(first17));
            }

            sum += (c - '0') * Weights[i];
        }

        return CheckChars[sum % 11];
    }

    /// <summary>Format, birth date and check character. A lower-case x is accepted.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 18)
        {
            return false;
        }

        var span = value.AsSpan();
        foreach (var c in span[..17])
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!DateOnly.TryParseExact(span.Slice(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            return false;
        }

        return char.ToUpperInvariant(span[17]) == ComputeCheckCharacter(span[..17]);
    }

    /// <summary>Canonical form: trimmed, upper-case X.</summary>
    public static string Normalise(string value) => value.Trim().ToUpperInvariant();

    public static DateOnly BirthDate(string valid) =>
        DateOnly.ParseExact(valid.AsSpan(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The 17th digit is odd for men and even for women.</summary>
    public static bool IsMale(string valid) => (valid[16] - '0') % 2 == 1;
}

/// <summary>Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters, check character MOD 31.</summary>
public static class SocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 characters are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (v < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not allowed in a social credit code.", nameof(first17));
            }

            sum += v * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 18)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return value[17] == ComputeCheckCharacter(value.AsSpan(0, 17));
    }
}

/// <summary>Mainland mobile numbers: 11 digits starting 13–19, optionally prefixed +86 or 86.</summary>
public static class MobileNumber
{
    public static bool IsValid(string? value) => Normalise(value) is not null;

    /// <summary>The bare 11 digits, or null when the value is not a mainland mobile number.</summary>
    public static string? Normalise(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var digits = new string(value.Where(c => c is not (' ' or '-')).ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        if (digits.Length != 11 || digits[0] != '1' || digits[1] is < '3' or > '9' || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        return digits;
    }
}

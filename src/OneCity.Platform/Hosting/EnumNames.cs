namespace OneCity.Platform.Hosting;

/// <summary>Reads an enum member from user input: a declared member's name, any case, never a number (Enum.TryParse alone accepts "2" and "99").</summary>
public static class EnumNames
{
    public static bool TryParse<TEnum>(string? value, out TEnum result)
        where TEnum : struct, Enum =>
        Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result) && !value!.Any(char.IsAsciiDigit);
}

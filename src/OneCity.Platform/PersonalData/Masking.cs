namespace OneCity.Platform.PersonalData;

/// <summary>How personal values look when shown without a reason to see them in full.</summary>
public static class Masking
{
    /// <summary><c>310101199001011234</c> → <c>3101**********1234</c>.</summary>
    public static string IdNumber(string? value) => Keep(value, 4, 4);

    /// <summary><c>13812345678</c> → <c>138****5678</c>.</summary>
    public static string Mobile(string? value) => Keep(value, 3, 4);

    /// <summary>Keeps the family name: <c>张三丰</c> → <c>张**</c>.</summary>
    public static string Name(string? value) => Keep(value, 1, 0);

    /// <summary>Keeps the first six characters (district and road), hides the rest.</summary>
    public static string Address(string? value) => value is null ? "" : value.Length <= 6 ? Keep(value, 1, 0) : string.Concat(value.AsSpan(0, 6), "****");

    /// <summary>Credit codes of legal entities are public; this masks those of individual businesses if needed.</summary>
    public static string CreditCode(string? value) => Keep(value, 6, 2);

    public static string Keep(string? value, int head, int tail)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value.Length <= head + tail)
        {
            return new string('*', value.Length);
        }

        return string.Create(value.Length, (value, head, tail), static (span, s) =>
        {
            s.value.AsSpan().CopyTo(span);
            span[s.head..(s.value.Length - s.tail)].Fill('*');
        });
    }

    /// <summary>Masks a value of the given kind.</summary>
    public static string Apply(PersonalField kind, string? value) => kind switch
    {
        PersonalField.IdNumber => IdNumber(value),
        PersonalField.Mobile => Mobile(value),
        PersonalField.Name => Name(value),
        PersonalField.Address => Address(value),
        _ => Keep(value, 0, 0),
    };
}

/// <summary>The kinds of personal field the platform knows how to mask.</summary>
public enum PersonalField
{
    Name,
    IdNumber,
    Mobile,
    Address,
    Other,
}

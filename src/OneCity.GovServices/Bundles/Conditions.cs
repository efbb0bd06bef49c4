using System.Globalization;
using System.Text.Json;

namespace OneCity.GovServices.Bundles;

/// <summary>
/// The facts a condition is evaluated over: <c>answers.*</c>, <c>applicant.*</c>, <c>entity.*</c>, <c>licences.*</c>.
/// Values are strings, decimals, booleans, dates or null.
/// </summary>
internal sealed class Facts
{
    private readonly Dictionary<string, object?> values = new(StringComparer.Ordinal);

    public object? this[string fact]
    {
        get => values.GetValueOrDefault(fact);
        set => values[fact] = value;
    }

    public bool Has(string fact) => values.TryGetValue(fact, out var v) && v is not null && v is not string { Length: 0 };
}

/// <summary>Evaluates <see cref="Condition"/>s. A condition that compares a missing fact is false (except <c>missing</c>).</summary>
internal static class Conditions
{
    public static bool Evaluate(Condition c, Facts facts)
    {
        if (c.All is { } all)
        {
            return all.All(x => Evaluate(x, facts));
        }

        if (c.Any is { } any)
        {
            return any.Any(x => Evaluate(x, facts));
        }

        if (c.Not is { } not)
        {
            return !Evaluate(not, facts);
        }

        var fact = c.Fact ?? throw new InvalidOperationException("A leaf condition needs a fact.");
        var op = c.Op ?? ConditionOp.Eq;
        var actual = facts[fact];
        switch (op)
        {
            case ConditionOp.Exists:
                return facts.Has(fact);
            case ConditionOp.Missing:
                return !facts.Has(fact);
        }

        if (actual is null || c.Value is not { } expected)
        {
            return false;
        }

        return op switch
        {
            ConditionOp.Eq => Compare(actual, expected) == 0,
            ConditionOp.Ne => Compare(actual, expected) != 0,
            ConditionOp.Gt => Compare(actual, expected) > 0,
            ConditionOp.Gte => Compare(actual, expected) >= 0,
            ConditionOp.Lt => Compare(actual, expected) < 0,
            ConditionOp.Lte => Compare(actual, expected) <= 0,
            ConditionOp.In => expected.ValueKind == JsonValueKind.Array && expected.EnumerateArray().Any(e => Compare(actual, e) == 0),
            ConditionOp.StartsWith => expected.ValueKind == JsonValueKind.String && Text(actual).StartsWith(expected.GetString()!, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Every fact a condition mentions (for validating a bundle definition).</summary>
    public static IEnumerable<string> FactsOf(Condition? c)
    {
        if (c is null)
        {
            yield break;
        }

        if (c.Fact is { } f)
        {
            yield return f;
        }

        foreach (var x in (c.All ?? []).Concat(c.Any ?? []).Append(c.Not))
        {
            foreach (var y in FactsOf(x))
            {
                yield return y;
            }
        }
    }

    /// <summary>Null when the condition is well formed, else what is wrong.</summary>
    public static string? Check(Condition c)
    {
        var shapes = (c.Fact is null ? 0 : 1) + (c.All is null ? 0 : 1) + (c.Any is null ? 0 : 1) + (c.Not is null ? 0 : 1);
        if (shapes != 1)
        {
            return "a condition has exactly one of fact, all, any, not";
        }

        if (c.Fact is not null)
        {
            var op = c.Op ?? ConditionOp.Eq;
            if (op is not (ConditionOp.Exists or ConditionOp.Missing) && c.Value is null)
            {
                return $"condition on {c.Fact} needs a value";
            }

            if (op == ConditionOp.In && c.Value is { ValueKind: not JsonValueKind.Array })
            {
                return $"'in' on {c.Fact} needs an array value";
            }

            return null;
        }

        return (c.All ?? []).Concat(c.Any ?? []).Append(c.Not).OfType<Condition>().Select(Check).FirstOrDefault(e => e is not null);
    }

    private static int Compare(object actual, JsonElement expected)
    {
        switch (actual)
        {
            case bool b:
                return expected.ValueKind switch
                {
                    JsonValueKind.True => b ? 0 : -1,
                    JsonValueKind.False => b ? 1 : 0,
                    _ => string.CompareOrdinal(b ? "true" : "false", expected.ToString()),
                };
            case decimal d when expected.ValueKind == JsonValueKind.Number:
                return d.CompareTo(expected.GetDecimal());
            case int i when expected.ValueKind == JsonValueKind.Number:
                return ((decimal)i).CompareTo(expected.GetDecimal());
            case DateOnly date when expected.ValueKind == JsonValueKind.String && DateOnly.TryParse(expected.GetString(), CultureInfo.InvariantCulture, out var e):
                return date.CompareTo(e);
            default:
                return string.CompareOrdinal(Text(actual), expected.ValueKind == JsonValueKind.String ? expected.GetString() : expected.ToString());
        }
    }

    private static string Text(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

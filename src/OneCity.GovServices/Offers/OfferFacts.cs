using System.Globalization;
using System.Text.Json;
using OneCity.GovServices.Bundles;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Offers;

/// <summary>One population record as the offer rules see it (read through GovServices' DataHub grant).</summary>
internal sealed record Resident(string PersonId, string? Mobile, string? Address, string? Gender, DateOnly? BirthDate, string? HukouDistrictCode,
    string? ResidenceAreaCode, string? MaritalStatus)
{
    public static Resident? From(IReadOnlyDictionary<string, object?> row)
    {
        if (Text(row, "personId") is not { } id)
        {
            return null;
        }

        DateOnly? birth = DateOnly.TryParseExact(Text(row, "birthDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new Resident(id, Clear(Text(row, "mobile")), Clear(Text(row, "address")), Text(row, "gender"), birth, Text(row, "hukouDistrictCode"),
            Text(row, "residenceAreaCode"), Text(row, "maritalStatus"));
    }

    public int? AgeOn(DateOnly day) => BirthDate is { } b ? Platform.Registries.Population.Age.On(b, day) : null;

    private static string? Text(IReadOnlyDictionary<string, object?> row, string key) =>
        row.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    // A masked value (the grant does not give it in clear) is no value.
    private static string? Clear(string? v) => string.IsNullOrWhiteSpace(v) || v.Contains('*', StringComparison.Ordinal) ? null : v;
}

/// <summary>One fact that made a rule match, in words: "年龄 72（≥ 65）".</summary>
internal sealed record MatchedFact(string Fact, string LabelZh, string LabelEn, string ValueZh, string ValueEn, string Op, string? Expected);

/// <summary>
/// The facts offer rules are evaluated over, and how they are put in plain words. <c>person.*</c> is the
/// recipient's population record (plus <c>age</c>); <c>child.*</c> a child of the recipient's household (plus
/// <c>age</c> and <c>ageOnNextAugust31</c>, the age at the start of the next school year, and <c>nextAugust31</c>).
/// </summary>
internal static class OfferFacts
{
    private static readonly Dictionary<string, (string Zh, string En)> Labels = new(StringComparer.Ordinal)
    {
        ["person.age"] = ("年龄", "Age"),
        ["person.gender"] = ("性别", "Gender"),
        ["person.birthDate"] = ("出生日期", "Date of birth"),
        ["person.hukouDistrictCode"] = ("户籍", "Hukou"),
        ["person.residenceAreaCode"] = ("居住地", "Residence"),
        ["person.maritalStatus"] = ("婚姻状况", "Marital status"),
        ["child.age"] = ("孩子年龄", "Child's age"),
        ["child.gender"] = ("孩子性别", "Child's gender"),
        ["child.birthDate"] = ("孩子出生日期", "Child's date of birth"),
        ["child.hukouDistrictCode"] = ("孩子户籍", "Child's hukou"),
        ["child.residenceAreaCode"] = ("孩子居住地", "Child's residence"),
        ["child.ageOnNextAugust31"] = ("孩子到下一个8月31日的年龄", "Child's age on the next 31 August"),
        ["child.nextAugust31"] = ("下一个8月31日", "Next 31 August"),
    };

    public static bool IsKnown(string fact, OfferSubject subject) =>
        Labels.ContainsKey(fact) && (subject == OfferSubject.Child || fact.StartsWith("person.", StringComparison.Ordinal));

    public static DateOnly NextAugust31(DateOnly today)
    {
        var thisYear = new DateOnly(today.Year, 8, 31);
        return today <= thisYear ? thisYear : thisYear.AddYears(1);
    }

    public static Facts For(Resident person, Resident? child, DateOnly today)
    {
        var facts = new Facts();
        Add(facts, "person", person, today);
        if (child is not null)
        {
            Add(facts, "child", child, today);
            var next = NextAugust31(today);
            facts["child.nextAugust31"] = next;
            if (child.BirthDate is { } b)
            {
                facts["child.ageOnNextAugust31"] = (decimal)Platform.Registries.Population.Age.On(b, next);
            }
        }

        return facts;
    }

    private static void Add(Facts facts, string prefix, Resident r, DateOnly today)
    {
        facts[prefix + ".gender"] = r.Gender;
        facts[prefix + ".birthDate"] = r.BirthDate;
        facts[prefix + ".hukouDistrictCode"] = r.HukouDistrictCode;
        facts[prefix + ".residenceAreaCode"] = r.ResidenceAreaCode;
        facts[prefix + ".maritalStatus"] = r.MaritalStatus;
        facts[prefix + ".age"] = r.AgeOn(today) is { } age ? (decimal)age : null;
    }

    /// <summary>The leaf conditions that made <paramref name="c"/> true, with the facts' values.</summary>
    public static List<MatchedFact> Matched(Condition c, Facts facts)
    {
        var list = new List<MatchedFact>();
        Collect(c, facts, list);
        return list.DistinctBy(m => (m.Fact, m.Op, m.Expected)).ToList();
    }

    private static void Collect(Condition c, Facts facts, List<MatchedFact> into)
    {
        if (c.All is { } all)
        {
            foreach (var x in all)
            {
                Collect(x, facts, into);
            }
        }
        else if (c.Any is { } any)
        {
            if (any.FirstOrDefault(x => Conditions.Evaluate(x, facts)) is { } first)
            {
                Collect(first, facts, into);
            }
        }
        else if (c.Fact is { } fact && c.Not is null)
        {
            var (zh, en) = Labels.GetValueOrDefault(fact, (fact, fact));
            var op = c.Op ?? ConditionOp.Eq;
            var expected = c.Value is { } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString()) : null;
            into.Add(new MatchedFact(fact, zh, en, Display(fact, facts[fact], false), Display(fact, facts[fact], true), OpText(op), expected));
        }
    }

    /// <summary>The rule's explanation with <c>{fact}</c> and <c>{amount}</c> filled in.</summary>
    public static string Fill(string template, Facts facts, decimal amount, bool english)
    {
        var text = template.Replace("{amount}", Money(amount), StringComparison.Ordinal);
        foreach (var fact in Labels.Keys)
        {
            var token = "{" + fact + "}";
            if (text.Contains(token, StringComparison.Ordinal))
            {
                text = text.Replace(token, Display(fact, facts[fact], english), StringComparison.Ordinal);
            }
        }

        return text;
    }

    public static string Money(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Display(string fact, object? value, bool english)
    {
        switch (value)
        {
            case null:
                return english ? "unknown" : "未知";
            case DateOnly d:
                return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case decimal n:
                return n.ToString("0.##", CultureInfo.InvariantCulture);
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        if (fact.EndsWith("DistrictCode", StringComparison.Ordinal) || fact.EndsWith("AreaCode", StringComparison.Ordinal))
        {
            var district = text.Length >= 6 ? ShanghaiDistricts.All.FirstOrDefault(x => x.Code == text[..6]) : null;
            return district is null ? text : $"{(english ? "Shanghai, " + district.NameEn : "上海市" + district.NameZh)} ({text})";
        }

        return (fact.EndsWith(".gender", StringComparison.Ordinal), text) switch
        {
            (true, "Male") => english ? "male" : "男",
            (true, "Female") => english ? "female" : "女",
            _ when fact.EndsWith(".maritalStatus", StringComparison.Ordinal) => text switch
            {
                "Married" => english ? "married" : "已婚",
                "Unmarried" => english ? "unmarried" : "未婚",
                "Divorced" => english ? "divorced" : "离婚",
                "Widowed" => english ? "widowed" : "丧偶",
                _ => text,
            },
            _ => text,
        };
    }

    private static string OpText(ConditionOp op) => op switch
    {
        ConditionOp.Eq => "=",
        ConditionOp.Ne => "≠",
        ConditionOp.Gt => ">",
        ConditionOp.Gte => "≥",
        ConditionOp.Lt => "<",
        ConditionOp.Lte => "≤",
        ConditionOp.In => "∈",
        ConditionOp.StartsWith => "startsWith",
        ConditionOp.Exists => "exists",
        _ => "missing",
    };
}

using System.Collections.Frozen;
using OneCity.Platform.Organisation;

namespace OneCity.Sensing.Plans;

/// <summary>
/// A CAP alert as the plans need it (OASIS CAP 1.2 fields of the alert and one info block). CAP ingestion builds one per
/// info block and calls <see cref="EmergencyPlans.ProposeFromCapAsync"/>.
/// </summary>
/// <param name="Identifier">The alert's identifier (kept as the proposal's reference).</param>
/// <param name="Severity">Minor, Moderate, Severe, Extreme or Unknown.</param>
/// <param name="AreaDescs">The areaDesc of each area block, e.g. 上海市, 浦东新区, Huangpu District.</param>
/// <param name="Geocodes">The geocode values of the area blocks, e.g. GB/T 2260 codes 310000, 310115.</param>
internal sealed record CapTrigger(
    string Identifier,
    string Sender,
    string Event,
    string Severity,
    string? Urgency,
    string? Certainty,
    IReadOnlyList<string> AreaDescs,
    IReadOnlyList<string> Geocodes,
    string? Language = null,
    string? Headline = null);

internal static class CapSeverities
{
    public static readonly FrozenSet<string> Known = FrozenSet.Create(StringComparer.Ordinal, "Minor", "Moderate", "Severe", "Extreme");

    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, "Minor", "Moderate", "Severe", "Extreme", "Unknown");
}

/// <summary>The vital-sign (城市体征) levels, in order: normal, attention, warning, alarm.</summary>
internal static class VitalSignLevels
{
    public static readonly string[] All = ["normal", "attention", "warning", "alarm"];

    public static int? Rank(string? level)
    {
        var i = Array.IndexOf(All, level?.Trim().ToLowerInvariant());
        return i < 0 ? null : i;
    }
}

/// <summary>What a trigger proposes for one plan: the response level and the affected areas (the city, or district codes).</summary>
internal sealed record TriggerMatch(PlanDefinition Plan, int Level, IReadOnlyList<string> Areas, string Reason);

/// <summary>Matching triggers to plans: pure functions, so the rules are unit-tested without a database.</summary>
internal static class PlanTriggers
{
    /// <summary>
    /// The plans the alert triggers. The event matches a plan's keyword as a case-insensitive substring ("Typhoon
    /// Warning", "台风蓝色预警"); the severity maps to a level through the plan's table (Unknown and severities the plan
    /// leaves out propose nothing); the area must be in Shanghai and inside the plan's areas.
    /// </summary>
    public static IReadOnlyList<TriggerMatch> MatchCap(IEnumerable<PlanDefinition> plans, CapTrigger alert)
    {
        var areas = CapAreas(alert);
        if (areas.Count == 0)
        {
            return [];
        }

        var matches = new List<TriggerMatch>();
        foreach (var plan in plans)
        {
            if (plan.Cap is not { } rule || !rule.Events.Any(k => alert.Event.Contains(k, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!rule.Severity.TryGetValue(alert.Severity, out var roman) || ResponseLevels.Parse(roman) is not { } level)
            {
                continue;
            }

            var inPlan = Intersect(areas, rule.Areas ?? [AreaCodes.City]);
            if (inPlan.Count == 0)
            {
                continue;
            }

            matches.Add(new TriggerMatch(plan, level, inPlan,
                $"CAP {alert.Event} ({alert.Severity}) from {alert.Sender}: {alert.Headline ?? alert.Identifier}"));
        }

        return matches;
    }

    /// <summary>
    /// The Shanghai areas an alert covers: geocode values that are GB/T 2260 codes (310000 is the whole city; longer codes
    /// count as their district) and areaDesc naming the city or a district in Chinese or English. Empty when the alert is
    /// for somewhere else.
    /// </summary>
    public static IReadOnlyList<string> CapAreas(CapTrigger alert)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in alert.Geocodes)
        {
            var code = raw.Trim();
            if (code.Length < 6 || !code.All(char.IsAsciiDigit) || !code.StartsWith("31", StringComparison.Ordinal))
            {
                continue;
            }

            var six = code[..6];
            if (six == AreaCodes.City)
            {
                found.Add(AreaCodes.City);
            }
            else if (ShanghaiDistricts.Find(six) is not null)
            {
                found.Add(six);
            }
        }

        foreach (var desc in alert.AreaDescs)
        {
            var named = ShanghaiDistricts.All.Where(d => NamesDistrict(desc, d)).Select(d => d.Code).ToList();
            found.UnionWith(named);
            if (named.Count == 0 && (desc.Contains("上海", StringComparison.Ordinal) || desc.Contains("Shanghai", StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(AreaCodes.City);
            }
        }

        return Normalise(found);
    }

    private static bool NamesDistrict(string desc, ShanghaiDistricts.District d)
    {
        var shortZh = d.NameZh.EndsWith("新区", StringComparison.Ordinal) ? d.NameZh[..^2] : d.NameZh.TrimEnd('区');
        var shortEn = d.NameEn.Replace(" New Area", "", StringComparison.Ordinal).Replace(" District", "", StringComparison.Ordinal);
        return desc.Contains(shortZh, StringComparison.Ordinal) || desc.Contains(shortEn, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The plans a vital sign at a level proposes, each at the most severe response its rules give for that level or better.</summary>
    public static IReadOnlyList<TriggerMatch> MatchVitalSign(IEnumerable<PlanDefinition> plans, string indicator, string areaCode, string level, double value)
    {
        if (VitalSignLevels.Rank(level) is not { } rank || rank == 0 || AreaOf(areaCode) is not { } area)
        {
            return [];
        }

        var matches = new List<TriggerMatch>();
        foreach (var plan in plans)
        {
            var best = (plan.VitalSigns ?? [])
                .Where(r => string.Equals(r.Indicator, indicator, StringComparison.OrdinalIgnoreCase) && VitalSignLevels.Rank(r.Level) is { } rr && rr > 0 && rr <= rank)
                .Select(r => ResponseLevels.Parse(r.ResponseLevel))
                .OfType<int>()
                .DefaultIfEmpty(0)
                .Min(l => l == 0 ? int.MaxValue : l);
            if (best is int.MaxValue or 0)
            {
                continue;
            }

            var inPlan = Intersect([area], plan.Cap?.Areas ?? [AreaCodes.City]);
            if (inPlan.Count == 0)
            {
                continue;
            }

            matches.Add(new TriggerMatch(plan, best, inPlan,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"城市体征 {indicator} {level}（{value:0.###}）@ {areaCode}")));
        }

        return matches;
    }

    /// <summary>The district (or the city) an area code lies in; null when it is not a Shanghai area.</summary>
    public static string? AreaOf(string? areaCode)
    {
        if (areaCode is null || areaCode.Length < 6 || !areaCode[..6].All(char.IsAsciiDigit))
        {
            return null;
        }

        var six = areaCode[..6];
        return six == AreaCodes.City ? AreaCodes.City : ShanghaiDistricts.Find(six)?.Code;
    }

    /// <summary>Areas as stored: the city alone when it is among them, else the sorted districts.</summary>
    public static IReadOnlyList<string> Normalise(IEnumerable<string> areas)
    {
        var set = areas.ToHashSet(StringComparer.Ordinal);
        return set.Contains(AreaCodes.City) ? [AreaCodes.City] : set.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The part of <paramref name="areas"/> inside <paramref name="scope"/> (both lists of the city or districts).</summary>
    public static IReadOnlyList<string> Intersect(IReadOnlyList<string> areas, IReadOnlyList<string> scope)
    {
        if (scope.Contains(AreaCodes.City))
        {
            return Normalise(areas);
        }

        return areas.Contains(AreaCodes.City) ? Normalise(scope) : Normalise(areas.Where(scope.Contains));
    }

    /// <summary>The districts whose bureaus get the per-district tasks.</summary>
    public static IReadOnlyList<string> Districts(IReadOnlyList<string> areas) =>
        areas.Contains(AreaCodes.City) ? ShanghaiDistricts.All.Select(d => d.Code).ToList() : areas.ToList();
}

using OneCity.CityOps.Categories;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.CityOps.Responsibility;

/// <summary>The unit an incident goes to, the co-units, and the rule that decided it, explained in both languages.</summary>
internal sealed record RouteTarget(string UnitCode, IReadOnlyList<string> CoUnits, long RuleId, string ExplanationZh, string ExplanationEn);

/// <summary>Either a target or why there is none (no rule, or the rule's unit does not exist in that area).</summary>
internal sealed record RouteResult(RouteTarget? Target, string? ProblemZh, string? ProblemEn);

internal sealed record RuleConflict(string CategoryCode, string AreaCode, IReadOnlyList<long> RuleIds, string ExplanationZh, string ExplanationEn);

internal sealed record RuleGap(string CategoryCode, string AreaCode, string ExplanationZh, string ExplanationEn);

internal sealed record RuleCheck(IReadOnlyList<RuleConflict> Conflicts, IReadOnlyList<RuleGap> Gaps);

/// <summary>
/// Routes by the responsibility list. Holds an immutable snapshot of the active rules and the department directory,
/// swapped whenever an administrator edits a rule, so routing is a few dictionary look-ups and never a query.
/// </summary>
internal sealed class Router(CategoryTree categories)
{
    private volatile Snapshot snapshot = new([], new Dictionary<string, BilingualName>(StringComparer.Ordinal));

    public void Load(IEnumerable<ResponsibilityRule> rules, IReadOnlyDictionary<string, BilingualName> departments)
    {
        snapshot = new Snapshot(rules.Where(r => r.Active).ToList(), departments);
    }

    public BilingualName UnitName(string code) =>
        snapshot.Departments.TryGetValue(code, out var n) ? n : OrganisationDirectory.Derived(code);

    public bool UnitExists(string code) => snapshot.Departments.ContainsKey(code);

    /// <summary>Routes a category in an area (the subdistrict if known, else the district).</summary>
    public RouteResult Route(string categoryCode, string? districtCode, string? subdistrictCode)
    {
        var s = snapshot;
        var area = subdistrictCode ?? districtCode ?? AreaCodes.City;
        foreach (var c in categories.Lineage(categoryCode))
        {
            if (!s.ByCategory.TryGetValue(c.Code, out var rules))
            {
                continue;
            }

            // Rules of one category are sorted most specific area first.
            var rule = rules.FirstOrDefault(r => AreaCodes.Covers(r.AreaCode, area));
            if (rule is null)
            {
                continue;
            }

            var unit = Resolve(rule, rule.UnitLine, districtCode, subdistrictCode);
            var category = categories.Find(categoryCode)!;
            var ruleCategory = c;
            if (unit is null || !s.Departments.ContainsKey(unit))
            {
                var needs = rule.UnitLevel == AreaLevel.Subdistrict && subdistrictCode is null ? "需要定位到街道（镇）" : $"单位 {unit ?? "?"} 不存在";
                var needsEn = rule.UnitLevel == AreaLevel.Subdistrict && subdistrictCode is null ? "the location must be known to the subdistrict" : $"unit {unit ?? "?"} does not exist";
                return new RouteResult(null,
                    $"规则 #{rule.Id}（{ruleCategory.NameZh} {ruleCategory.Code}）适用，但{needs}",
                    $"Rule #{rule.Id} ({ruleCategory.Name(false)} {ruleCategory.Code}) applies, but {needsEn}");
            }

            var co = rule.CoLines.Select(l => Resolve(rule, l, districtCode, subdistrictCode))
                .Where(u => u is not null && u != unit && s.Departments.ContainsKey(u)).Select(u => u!).ToList();
            var scope = OrganisationDirectory.Area(rule.AreaCode);
            var here = OrganisationDirectory.Area(area);
            var name = UnitName(unit);
            var level = rule.UnitCode is not null ? ("指定单位", "a fixed unit") : rule.UnitLevel switch
            {
                AreaLevel.City => ($"市级 {rule.UnitLine} 条线", $"the city's {rule.UnitLine} line"),
                AreaLevel.District => ($"所在区的 {rule.UnitLine} 条线", $"the district's {rule.UnitLine} line"),
                _ => ("所在街道（镇）", "the subdistrict (town) office"),
            };
            var zh = $"规则 #{rule.Id}：类别「{ruleCategory.NameZh}」({ruleCategory.Code})" + (ruleCategory.Code != category.Code ? $"，含「{category.NameZh}」" : "")
                + $"，范围 {scope.Zh} → {level.Item1}；本案位于 {here.Zh} → {name.Zh} ({unit})"
                + (co.Count > 0 ? "；协办：" + string.Join("、", co.Select(u => UnitName(u).Zh)) : "")
                + (rule.Note is null ? "" : $"。{rule.Note}");
            var en = $"Rule #{rule.Id}: category \"{ruleCategory.Name(false)}\" ({ruleCategory.Code})" + (ruleCategory.Code != category.Code ? $", which includes \"{category.Name(false)}\"" : "")
                + $", area {scope.En} → {level.Item2}; this incident is in {here.En} → {name.En} ({unit})"
                + (co.Count > 0 ? "; co-units: " + string.Join(", ", co.Select(u => UnitName(u).En)) : "");
            return new RouteResult(new RouteTarget(unit, co, rule.Id, zh, en), null, null);
        }

        var cat = categories.Find(categoryCode);
        return new RouteResult(null, $"权责清单中没有适用于「{cat?.NameZh ?? categoryCode}」在 {OrganisationDirectory.Area(area).Zh} 的规则",
            $"No rule of the responsibility list covers \"{cat?.Name(false) ?? categoryCode}\" in {OrganisationDirectory.Area(area).En}");
    }

    private static string? Resolve(ResponsibilityRule rule, string? line, string? districtCode, string? subdistrictCode)
    {
        if (rule.UnitCode is not null && line == rule.UnitLine)
        {
            return rule.UnitCode;
        }

        return rule.UnitLevel switch
        {
            AreaLevel.City => $"SH-{line}",
            AreaLevel.District when districtCode is not null => $"{districtCode}-{line}",
            AreaLevel.Subdistrict when line == DepartmentLines.SubdistrictOffice && subdistrictCode is not null => $"{subdistrictCode}-{line}",
            AreaLevel.Subdistrict when districtCode is not null => $"{districtCode}-{line}",
            _ => null,
        };
    }

    /// <summary>
    /// Conflicts: two active rules for the same category and area that name different units. Gaps: a leaf category in a
    /// district (and, for subdistrict rules, that district's first subdistrict) that no rule routes to an existing unit.
    /// </summary>
    public RuleCheck Check(IReadOnlyList<(string District, string? Subdistrict)> samples)
    {
        var s = snapshot;
        var conflicts = s.All.GroupBy(r => (r.CategoryCode, r.AreaCode))
            .Where(g => g.Select(r => r.UnitCode ?? $"{r.UnitLevel}:{r.UnitLine}").Distinct().Count() > 1)
            .Select(g =>
            {
                var c = categories.Find(g.Key.CategoryCode);
                var area = OrganisationDirectory.Area(g.Key.AreaCode);
                var ids = g.Select(r => r.Id).Order().ToList();
                return new RuleConflict(g.Key.CategoryCode, g.Key.AreaCode, ids,
                    $"「{c?.NameZh ?? g.Key.CategoryCode}」在 {area.Zh} 有 {ids.Count} 条规则指向不同单位：#{string.Join(", #", ids)}",
                    $"\"{c?.Name(false) ?? g.Key.CategoryCode}\" in {area.En} has {ids.Count} rules naming different units: #{string.Join(", #", ids)}");
            })
            .ToList();

        var gaps = new List<RuleGap>();
        foreach (var leaf in categories.Leaves)
        {
            foreach (var (district, subdistrict) in samples)
            {
                var result = Route(leaf.Code, district, subdistrict);
                if (result.Target is null)
                {
                    gaps.Add(new RuleGap(leaf.Code, subdistrict ?? district, $"「{categories.Path(leaf.Code)}」：{result.ProblemZh}", $"\"{categories.Path(leaf.Code, false)}\": {result.ProblemEn}"));
                }
            }
        }

        return new RuleCheck(conflicts, gaps);
    }

    private sealed class Snapshot
    {
        public Snapshot(List<ResponsibilityRule> all, IReadOnlyDictionary<string, BilingualName> departments)
        {
            All = all;
            Departments = departments;
            ByCategory = all.GroupBy(r => r.CategoryCode, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.AreaCode.Length).ThenBy(r => r.Id).ToList(), StringComparer.Ordinal);
        }

        public List<ResponsibilityRule> All { get; }

        public IReadOnlyDictionary<string, BilingualName> Departments { get; }

        public Dictionary<string, List<ResponsibilityRule>> ByCategory { get; }
    }
}

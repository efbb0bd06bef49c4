using System.Collections.Frozen;
using System.Text.Json;
using OneCity.Platform.Organisation;

namespace OneCity.Sensing.Plans;

/// <summary>
/// One emergency plan (预案) as data (<c>DemoData/plans/*.json</c>): what triggers it and, per response level, the task
/// graph an activation instantiates. A task belongs to the levels named in its <see cref="PlanTask.DueHours"/>; higher
/// levels add tasks and shorten deadlines.
/// </summary>
internal sealed record PlanDefinition(
    string Code,
    string Type,
    string NameZh,
    string NameEn,
    string? SummaryZh,
    string? SummaryEn,
    CapRule? Cap,
    IReadOnlyList<VitalSignRule>? VitalSigns,
    IReadOnlyList<PlanTask> Tasks)
{
    /// <summary>The task graph of one response level (1 = I … 4 = IV).</summary>
    public IEnumerable<PlanTask> TasksAt(int level) => Tasks.Where(t => t.HoursAt(level) is not null);
}

/// <summary>
/// CAP alerts that propose the plan: the alert's event contains one of <see cref="Events"/> (case-insensitive), its
/// severity is in <see cref="Severity"/> (which names the response level it proposes; severities left out never
/// trigger), and its area lies in <see cref="Areas"/> (city <c>310000</c> or district codes).
/// </summary>
internal sealed record CapRule(IReadOnlyList<string> Events, IReadOnlyDictionary<string, string> Severity, IReadOnlyList<string>? Areas);

/// <summary>A vital sign (城市体征) at <see cref="Level"/> (attention, warning, alarm) or worse proposes <see cref="ResponseLevel"/>.</summary>
internal sealed record VitalSignRule(string Indicator, string Level, string ResponseLevel);

/// <summary>
/// One task of the plan. <see cref="Department"/> is a department code (<c>SH-QX</c>) or <c>district:&lt;LINE&gt;</c>,
/// meaning the bureau of that line in every affected district. <see cref="DueHours"/> maps the response levels the task
/// belongs to onto its deadline in hours after activation.
/// </summary>
internal sealed record PlanTask(
    string Key,
    string Department,
    string TitleZh,
    string TitleEn,
    IReadOnlyList<string>? DependsOn,
    IReadOnlyDictionary<string, double> DueHours)
{
    public const string DistrictPrefix = "district:";

    public bool PerDistrict => Department.StartsWith(DistrictPrefix, StringComparison.Ordinal);

    public string Line => PerDistrict ? Department[DistrictPrefix.Length..] : Department;

    public double? HoursAt(int level) => DueHours.TryGetValue(ResponseLevels.Roman(level), out var h) ? h : null;
}

/// <summary>Response levels IV (blue, the lowest) … I (red); stored as 4 … 1 so that a smaller number is more severe.</summary>
internal static class ResponseLevels
{
    public static readonly string[] Romans = ["I", "II", "III", "IV"];

    public static string Roman(int level) => Romans[level - 1];

    public static int? Parse(string? s) => s?.Trim().ToUpperInvariant() switch
    {
        "I" or "1" => 1,
        "II" or "2" => 2,
        "III" or "3" => 3,
        "IV" or "4" => 4,
        _ => null,
    };

    public static string Colour(int level) => level switch { 1 => "red", 2 => "orange", 3 => "yellow", _ => "blue" };

    public static string NameZh(int level) => level switch { 1 => "Ⅰ级（红色）", 2 => "Ⅱ级（橙色）", 3 => "Ⅲ级（黄色）", _ => "Ⅳ级（蓝色）" };

    public static string NameEn(int level) => level switch { 1 => "Level I (red)", 2 => "Level II (orange)", 3 => "Level III (yellow)", _ => "Level IV (blue)" };
}

/// <summary>Plan types the issue names.</summary>
internal static class PlanTypes
{
    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, "typhoon", "rainstorm-flooding", "high-temperature", "other");
}

/// <summary>The plans, read once from the embedded JSON and checked; a broken plan stops start-up with the file and path.</summary>
internal sealed class PlanCatalogue
{
    private const string Prefix = "OneCity.Sensing.DemoData.plans.";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly FrozenDictionary<string, PlanDefinition> byCode;

    public PlanCatalogue()
        : this(ReadEmbedded())
    {
    }

    public PlanCatalogue(IReadOnlyList<PlanDefinition> plans)
    {
        var errors = plans.SelectMany(p => Validate(p).Select(e => $"{p.Code}: {e.Path}: {e.Rule}")).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Emergency plans are not valid: " + string.Join("; ", errors));
        }

        All = plans.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
        byCode = All.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<PlanDefinition> All { get; }

    public PlanDefinition? Find(string? code) => code is not null && byCode.TryGetValue(code, out var p) ? p : null;

    public static IReadOnlyList<PlanDefinition> ReadEmbedded()
    {
        var assembly = typeof(PlanCatalogue).Assembly;
        var plans = new List<PlanDefinition>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            try
            {
                plans.Add(JsonSerializer.Deserialize<PlanDefinition>(stream, Json) ?? throw new InvalidOperationException($"{name} is empty."));
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{name}: {e.Message}", e);
            }
        }

        return plans;
    }

    /// <summary>(path, rule) problems of one plan: known type, departments and levels; dependencies that exist at every level of the task.</summary>
    public static IReadOnlyList<(string Path, string Rule)> Validate(PlanDefinition p)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(p.Code) || p.Code.Length > 40)
        {
            errors.Add(("code", "required, at most 40 characters"));
        }

        if (!PlanTypes.All.Contains(p.Type ?? ""))
        {
            errors.Add(("type", "one of " + string.Join(", ", PlanTypes.All)));
        }

        if (string.IsNullOrWhiteSpace(p.NameZh) || string.IsNullOrWhiteSpace(p.NameEn))
        {
            errors.Add(("nameZh", "names in Chinese and English are required"));
        }

        if (p.Cap is { } cap)
        {
            if (cap.Events is not { Count: > 0 })
            {
                errors.Add(("cap.events", "at least one event keyword"));
            }

            foreach (var (severity, level) in cap.Severity ?? new Dictionary<string, string>())
            {
                if (!CapSeverities.Known.Contains(severity) || ResponseLevels.Parse(level) is null)
                {
                    errors.Add(($"cap.severity.{severity}", "a CAP severity (Minor, Moderate, Severe, Extreme) mapped to I–IV"));
                }
            }

            foreach (var area in cap.Areas ?? [])
            {
                if (area != AreaCodes.City && ShanghaiDistricts.Find(area) is null)
                {
                    errors.Add(("cap.areas", $"{area} is neither the city (310000) nor a district"));
                }
            }
        }

        foreach (var (v, i) in (p.VitalSigns ?? []).Select((v, i) => (v, i)))
        {
            if (string.IsNullOrWhiteSpace(v.Indicator) || VitalSignLevels.Rank(v.Level) is null or 0 || ResponseLevels.Parse(v.ResponseLevel) is null)
            {
                errors.Add(($"vitalSigns[{i}]", "an indicator, a level (attention, warning, alarm) and a response level I–IV"));
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (t, i) in (p.Tasks ?? []).Select((t, i) => (t, i)))
        {
            if (string.IsNullOrWhiteSpace(t.Key) || t.Key.Length > 40 || t.Key.Contains('@', StringComparison.Ordinal) || !keys.Add(t.Key))
            {
                errors.Add(($"tasks[{i}].key", "unique, at most 40 characters, no '@'"));
            }

            var lineOk = t.PerDistrict
                ? DepartmentLines.All.Any(l => l.Code == t.Line && l.HasDistrictCounterpart)
                : t.Department?.StartsWith("SH-", StringComparison.Ordinal) == true && DepartmentLines.All.Any(l => "SH-" + l.Code == t.Department);
            if (!lineOk)
            {
                errors.Add(($"tasks[{i}].department", "a city department (SH-<LINE>) or district:<LINE>"));
            }

            if (string.IsNullOrWhiteSpace(t.TitleZh) || string.IsNullOrWhiteSpace(t.TitleEn) || t.TitleZh.Length > 200 || t.TitleEn.Length > 200)
            {
                errors.Add(($"tasks[{i}].titleZh", "titles in Chinese and English, at most 200 characters"));
            }

            if (t.DueHours is not { Count: > 0 } || t.DueHours.Any(d => ResponseLevels.Parse(d.Key) is null || d.Value is <= 0 or > 24 * 30))
            {
                errors.Add(($"tasks[{i}].dueHours", "levels I–IV mapped to hours after activation (0–720)"));
            }
        }

        foreach (var (t, i) in (p.Tasks ?? []).Select((t, i) => (t, i)))
        {
            foreach (var dep in t.DependsOn ?? [])
            {
                var target = p.Tasks!.FirstOrDefault(x => x.Key == dep);
                if (target is null || dep == t.Key)
                {
                    errors.Add(($"tasks[{i}].dependsOn", $"unknown task {dep}"));
                }
                else if ((t.DueHours ?? new Dictionary<string, double>()).Keys.Any(l => !(target.DueHours ?? new Dictionary<string, double>()).ContainsKey(l)))
                {
                    errors.Add(($"tasks[{i}].dependsOn", $"{dep} must exist at every level of {t.Key}"));
                }
            }
        }

        if (p.Tasks is not { Count: > 0 })
        {
            errors.Add(("tasks", "at least one task"));
        }
        else if (HasCycle(p.Tasks))
        {
            errors.Add(("tasks", "dependencies must not form a cycle"));
        }

        return errors;
    }

    private static bool HasCycle(IReadOnlyList<PlanTask> tasks)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKey = tasks.Where(t => t.Key is not null).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        bool Visit(string key)
        {
            if (state.TryGetValue(key, out var s))
            {
                return s == 1;
            }

            state[key] = 1;
            if (byKey.TryGetValue(key, out var t) && (t.DependsOn ?? []).Any(Visit))
            {
                return true;
            }

            state[key] = 2;
            return false;
        }

        return byKey.Keys.Any(Visit);
    }
}

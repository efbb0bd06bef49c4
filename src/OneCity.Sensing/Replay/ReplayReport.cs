using System.Globalization;
using System.Text;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Replay;

/// <summary>Kinds of timeline entries.</summary>
internal static class ReplayEventKinds
{
    public const string Track = "track";
    public const string Warning = "warning";
    public const string Activation = "activation";
    public const string Level = "level";
    public const string Deactivation = "deactivation";
    public const string Alarm = "alarm";
    public const string Forecast = "forecast";
    public const string VitalSign = "vital-sign";
}

/// <summary>One entry of the replay's timeline, at the scenario's time and the platform's.</summary>
internal sealed record ReplayEvent(DateTimeOffset ScenarioAt, DateTimeOffset PlatformAt, string Kind, string TextZh, string TextEn);

/// <summary>A plan task as the report shows it (times are the platform's).</summary>
internal sealed record ReplayTask(long Id, long ActivationId, string PlanCode, string Key, string Department, string TitleZh, string TitleEn, string Level,
    DateTimeOffset CreatedAt, DateTimeOffset DueAt, DateTimeOffset? CheckedInAt, DateTimeOffset? DoneAt, bool OnTime);

/// <summary>
/// How well one device type's forecast rule did over the replay: a forecast warning is a hit when the alarm threshold
/// was crossed on the same device within the rule's horizon (plus one step); a crossing was foreseen when a forecast
/// warning came before it within that window, and its lead time runs from the earliest such warning.
/// </summary>
internal sealed record ForecastScore(string DeviceType, int HorizonMinutes, int Forecasts, int Hits, int Crossings, int CrossingsForeseen,
    double? Precision, double? Recall, double? LeadMinutesMin, double? LeadMinutesMedian, double? LeadMinutesMax);

/// <summary>The highest reading of one quantity over the replay.</summary>
internal sealed record ReplayPeak(string DeviceType, string Unit, double Value, string DeviceCode, string DistrictCode, DateTimeOffset ScenarioAt);

/// <summary>The city-wide peak of one vital sign over the replay.</summary>
internal sealed record VitalSignPeak(string Indicator, double Value, string Level, DateTimeOffset ScenarioAt);

/// <summary>An alarm or warning as the forecast scoring needs it.</summary>
internal sealed record AlarmFact(string DeviceCode, DeviceType Type, RuleKind Kind, Severity Severity, DateTimeOffset ObservedAt);

/// <summary>What a replay did, end to end: the chain from warnings to closed tasks, and how early the forecasts were.</summary>
internal sealed record ReplayReport(
    string Scenario,
    string Source,
    DateTimeOffset ScenarioFrom,
    DateTimeOffset ScenarioTo,
    int StepMinutes,
    double Speed,
    DateTimeOffset PlatformFrom,
    DateTimeOffset PlatformTo,
    double WallSeconds,
    double ClosestApproachKm,
    DateTimeOffset ClosestApproachAt,
    int Devices,
    long Readings,
    IReadOnlyList<string> WarningSeverities,
    string? HighestLevel,
    int Activations,
    int Alarms,
    int ForecastWarnings,
    IReadOnlyList<string> Incidents,
    int PreventiveIncidents,
    IReadOnlyList<ReplayTask> Tasks,
    int TasksDone,
    int TasksOnTime,
    IReadOnlyList<ForecastScore> Forecasts,
    IReadOnlyList<ReplayPeak> Peaks,
    IReadOnlyList<VitalSignPeak> VitalSigns,
    IReadOnlyList<ReplayEvent> Timeline)
{
    public static ForecastScore Score(DeviceType type, int horizonMinutes, TimeSpan slack, IReadOnlyList<AlarmFact> facts)
    {
        var window = TimeSpan.FromMinutes(horizonMinutes) + slack;
        var forecasts = 0;
        var hits = 0;
        var crossings = 0;
        var leads = new List<double>();
        foreach (var device in facts.Where(f => f.Type == type).GroupBy(f => f.DeviceCode, StringComparer.Ordinal))
        {
            var fs = device.Where(f => f.Kind == RuleKind.Forecast).Select(f => f.ObservedAt).Order().ToList();
            var cs = device.Where(f => f.Kind == RuleKind.Threshold && f.Severity == Severity.Alarm).Select(f => f.ObservedAt).Order().ToList();
            forecasts += fs.Count;
            crossings += cs.Count;
            hits += fs.Count(f => cs.Any(c => c >= f && c <= f + window));
            foreach (var c in cs)
            {
                if (fs.Where(f => f < c && f >= c - window).Select(f => (DateTimeOffset?)f).FirstOrDefault() is { } first)
                {
                    leads.Add((c - first).TotalMinutes);
                }
            }
        }

        leads.Sort();
        return new ForecastScore(DeviceTypes.Of(type).Slug, horizonMinutes, forecasts, hits, crossings, leads.Count,
            forecasts == 0 ? null : Math.Round((double)hits / forecasts, 3),
            crossings == 0 ? null : Math.Round((double)leads.Count / crossings, 3),
            leads.Count == 0 ? null : leads[0],
            leads.Count == 0 ? null : leads.Count % 2 == 1 ? leads[leads.Count / 2] : (leads[(leads.Count / 2) - 1] + leads[leads.Count / 2]) / 2,
            leads.Count == 0 ? null : leads[^1]);
    }

    /// <summary>The report as Markdown (what the replay command prints), in English with the domain's Chinese names.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(c, $"# Replay report: {Scenario}");
        b.AppendLine();
        b.AppendLine(c, $"- Source: {Source}");
        b.AppendLine(c, $"- Scenario: {Utc(ScenarioFrom)} → {Utc(ScenarioTo)}, {StepMinutes}-minute steps, speed {(Speed <= 0 ? "as fast as possible" : Speed.ToString("0.#", c) + "×")}, {WallSeconds:0.0} s wall clock");
        b.AppendLine(c, $"- Platform time: {Utc(PlatformFrom)} → {Utc(PlatformTo)}");
        b.AppendLine(c, $"- Closest approach to the city centre: {ClosestApproachKm:0} km at {Utc(ClosestApproachAt)}");
        b.AppendLine(c, $"- Synthetic gauges: {Devices}; readings stored: {Readings}");
        b.AppendLine(c, $"- Typhoon warnings (CAP severities in order): {(WarningSeverities.Count == 0 ? "none" : string.Join(" → ", WarningSeverities))}");
        b.AppendLine(c, $"- Plan activations: {Activations}; highest response level: {HighestLevel ?? "none"}");
        b.AppendLine(c, $"- Alarms: {Alarms}; forecast warnings: {ForecastWarnings}; incidents filed: {Incidents.Count} (of which preventive, from forecasts: {PreventiveIncidents})");
        b.AppendLine(c, $"- Tasks: {Tasks.Count}, done {TasksDone}, on time {TasksOnTime}");
        b.AppendLine();
        b.AppendLine("## Forecasts");
        b.AppendLine();
        b.AppendLine("| device type | horizon | forecast warnings | hits | precision | crossings | foreseen | recall | lead time min / median / max (minutes) |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var f in Forecasts)
        {
            b.AppendLine(c, $"| {f.DeviceType} | {f.HorizonMinutes} min | {f.Forecasts} | {f.Hits} | {Num(f.Precision)} | {f.Crossings} | {f.CrossingsForeseen} | {Num(f.Recall)} | {Num(f.LeadMinutesMin)} / {Num(f.LeadMinutesMedian)} / {Num(f.LeadMinutesMax)} |");
        }

        b.AppendLine();
        b.AppendLine("## Peaks");
        b.AppendLine();
        b.AppendLine("| quantity | value | gauge | at (UTC, scenario) |");
        b.AppendLine("|---|---|---|---|");
        foreach (var p in Peaks)
        {
            b.AppendLine(c, $"| {p.DeviceType} | {p.Value:0.##} {p.Unit} | {p.DeviceCode} | {Utc(p.ScenarioAt)} |");
        }

        foreach (var v in VitalSigns)
        {
            b.AppendLine(c, $"| vital sign {v.Indicator} (city) | {v.Value:0.##} ({v.Level}) | | {Utc(v.ScenarioAt)} |");
        }

        b.AppendLine();
        b.AppendLine("## Tasks");
        b.AppendLine();
        b.AppendLine("| plan | task | department | level | due (platform) | done | on time |");
        b.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var t in Tasks)
        {
            b.AppendLine(c, $"| {t.PlanCode} | {t.TitleEn} | {t.Department} | {t.Level} | {Utc(t.DueAt)} | {(t.DoneAt is { } d ? Utc(d) : "not done")} | {(t.OnTime ? "yes" : "no")} |");
        }

        b.AppendLine();
        b.AppendLine("## Timeline");
        b.AppendLine();
        b.AppendLine("| scenario (UTC) | kind | event |");
        b.AppendLine("|---|---|---|");
        foreach (var e in Timeline)
        {
            b.AppendLine(c, $"| {Utc(e.ScenarioAt)} | {e.Kind} | {e.TextEn} |");
        }

        return b.ToString();

        static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        static string Num(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "–";
    }
}

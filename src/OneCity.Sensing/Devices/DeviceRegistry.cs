using System.Collections.Frozen;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Devices;

/// <summary>A rule as it applies to one device, with the threshold resolved.</summary>
internal sealed record CompiledRule(SensingRule Rule, double? Threshold, string CategoryCode);

/// <summary>What the ingestion hot path needs to know about a device: validation range and the rules that apply.</summary>
internal sealed record DeviceEntry(
    int Id,
    string Code,
    DeviceType Type,
    string NameZh,
    double Longitude,
    double Latitude,
    string DistrictCode,
    string? SubdistrictCode,
    double ValidMin,
    double ValidMax,
    double AlarmThreshold,
    double Hysteresis,
    int PeriodSeconds,
    bool Synthetic,
    DateTimeOffset CreatedAt,
    IReadOnlyList<CompiledRule> Rules);

/// <summary>
/// An immutable snapshot of the active devices and their compiled rules, swapped whole when an administrator changes
/// a device or a rule; parsing and validation on request threads read it without locks.
/// </summary>
internal sealed class DeviceRegistry
{
    private volatile Snapshot current = new(FrozenDictionary<string, DeviceEntry>.Empty, []);

    public sealed record Snapshot(FrozenDictionary<string, DeviceEntry> ByCode, DeviceEntry?[] ById)
    {
        public DeviceEntry? Find(int id) => id >= 0 && id < ById.Length ? ById[id] : null;
    }

    public Snapshot Current => current;

    public void Load(IEnumerable<Device> devices, IReadOnlyList<SensingRule> rules)
    {
        var entries = devices.Where(d => d.Active).Select(d => new DeviceEntry(d.Id, d.Code, d.Type, d.NameZh, d.Longitude, d.Latitude, d.DistrictCode,
            d.SubdistrictCode, d.ValidMin, d.ValidMax, d.AlarmThreshold, d.Hysteresis, d.PeriodSeconds, d.Synthetic, d.CreatedAt, Compile(d, rules))).ToList();
        var byId = new DeviceEntry?[entries.Count == 0 ? 0 : entries.Max(e => e.Id) + 1];
        foreach (var e in entries)
        {
            byId[e.Id] = e;
        }

        current = new Snapshot(entries.ToFrozenDictionary(e => e.Code, StringComparer.Ordinal), byId);
    }

    /// <summary>A device's rules: its own, plus its type's for every kind and severity it has no rule of its own for.</summary>
    public static IReadOnlyList<CompiledRule> Compile(Device d, IReadOnlyList<SensingRule> rules)
    {
        var own = rules.Where(r => r.Active && r.DeviceCode == d.Code).ToList();
        var typed = rules.Where(r => r.Active && r.DeviceCode is null && r.DeviceType == d.Type && !own.Any(o => o.Kind == r.Kind && o.Severity == r.Severity));
        var category = DeviceTypes.Of(d.Type).CategoryCode;
        return own.Concat(typed).OrderBy(r => r.Id).Select(r => new CompiledRule(r,
            r.Kind is RuleKind.Threshold ? r.Threshold ?? (r.Severity == Severity.Alarm ? d.AlarmThreshold : d.WarningThreshold)
            : r.Kind is RuleKind.Forecast ? r.Threshold ?? d.AlarmThreshold : r.Threshold,
            r.CategoryCode ?? category)).ToList();
    }
}

using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Contracts;
using OneCity.GovServices.Contracts;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Data;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.VitalSigns;

internal sealed record VitalAreaValue(string AreaCode, string NameZh, string NameEn, double? Value, string Level);

internal sealed record VitalSignView(
    string Code, string NameZh, string NameEn, string Unit, bool HigherIsWorse, double Attention, double Warning, double Alarm,
    double? Value, string Level, IReadOnlyList<VitalAreaValue> Districts);

internal sealed record VitalsView(string AreaCode, string NameZh, string NameEn, DateTimeOffset At, string Level, IReadOnlyList<VitalSignView> Indicators);

internal sealed record VitalPoint(DateTimeOffset At, double Value, string Level);

/// <summary>
/// Computes the city's vital signs now, per district and for the whole city: sensor maxima from the rule engine's
/// latest readings, the share of devices offline from open alarms, and incident figures from CityOps' statistics
/// contract. Values without data (no fresh reading, no closed incident) are null and count as normal.
/// </summary>
internal sealed class VitalSignsService(SensingDbContext db, DeviceRegistry registry, RuleEngine engine, CityOpsStatistics cityOps, GovServicesStatistics govServices, TimeProvider clock)
{
    /// <summary>Sensor readings older than this do not count for a vital sign.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromHours(2);

    public static string LevelName(VitalLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>Every indicator for every district, and the city's value computed from them.</summary>
    public async Task<(DateTimeOffset At, Dictionary<string, Dictionary<string, double?>> ByIndicator)> ComputeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var freshMs = (now - Freshness).ToUnixTimeMilliseconds();
        var devices = registry.Current.ById.Where(d => d is not null).Select(d => d!).ToList();
        var offline = (await db.Set<Alarm>().AsNoTracking().Where(a => a.ClearedAt == null && a.Kind == RuleKind.Offline).Select(a => a.DeviceId).Distinct().ToListAsync(ct)).ToHashSet();
        var shanghai = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var operations = (await cityOps.ByDistrictAsync(shanghai.AddDays(-29), shanghai, ct)).ToDictionary(o => o.DistrictCode);
        var applications = (await govServices.ByDistrictAsync(ct)).ToDictionary(a => a.DistrictCode);
        var districts = VitalSignDefinitions.Population.Keys.ToList();
        var byDistrict = devices.ToLookup(d => d.DistrictCode);

        var result = new Dictionary<string, Dictionary<string, double?>>();
        foreach (var def in VitalSignDefinitions.All)
        {
            var values = new Dictionary<string, double?>();
            foreach (var district in districts)
            {
                var inDistrict = byDistrict[district];
                operations.TryGetValue(district, out var op);
                values[district] = def.Source switch
                {
                    VitalSource.SensorMax => inDistrict.Where(d => d.Type == def.DeviceType)
                        .Select(d => engine.Last(d.Id)).Where(l => l is { } x && x.Ts >= freshMs && x.Ts <= nowMs + 300_000)
                        .Select(l => (double?)l!.Value.Value).Max(),
                    VitalSource.OfflineShare => !inDistrict.Any() ? null : Math.Round(100.0 * inDistrict.Count(d => offline.Contains(d.Id)) / inDistrict.Count(), 1),
                    VitalSource.OpenIncidentsPer10k => Math.Round((op?.Open ?? 0) * 10_000.0 / VitalSignDefinitions.Population[district], 2),
                    VitalSource.OverdueIncidents => op?.Overdue ?? 0,
                    VitalSource.CloseOnTimeRate => op?.CloseOnTimeRate is { } r ? Math.Round(r * 100, 1) : null,
                    VitalSource.OverdueApplications => applications.TryGetValue(district, out var a) ? a.Overdue : 0,
                    _ => null,
                };
            }

            values[AreaCodes.City] = def.Source switch
            {
                VitalSource.SensorMax => values.Values.Max(),
                VitalSource.OfflineShare => devices.Count == 0 ? null : Math.Round(100.0 * devices.Count(d => offline.Contains(d.Id)) / devices.Count, 1),
                VitalSource.OpenIncidentsPer10k => Math.Round(operations.Values.Sum(o => o.Open) * 10_000.0 / VitalSignDefinitions.Population.Values.Sum(), 2),
                VitalSource.OverdueIncidents => operations.Values.Sum(o => o.Overdue),
                VitalSource.CloseOnTimeRate => operations.Values.Sum(o => o.Closed) is > 0 and var closed
                    ? Math.Round(100 * operations.Values.Sum(o => (o.CloseOnTimeRate ?? 0) * o.Closed) / closed, 1)
                    : null,
                VitalSource.OverdueApplications => applications.Values.Sum(a => a.Overdue),
                _ => null,
            };
            result[def.Code] = values;
        }

        return (now, result);
    }

    /// <summary>The vital signs of the city (with each district's value) or of one district.</summary>
    public async Task<VitalsView> ViewAsync(string area, CancellationToken ct)
    {
        var (at, all) = await ComputeAsync(ct);
        var indicators = VitalSignDefinitions.All.Select(def =>
        {
            var values = all[def.Code];
            var value = values.GetValueOrDefault(area);
            var children = area == AreaCodes.City
                ? values.Where(v => v.Key != AreaCodes.City).OrderBy(v => v.Key, StringComparer.Ordinal).Select(v =>
                {
                    var name = OrganisationDirectory.Area(v.Key);
                    return new VitalAreaValue(v.Key, name.Zh, name.En, v.Value, LevelName(v.Value is { } x ? def.LevelOf(x) : VitalLevel.Normal));
                }).ToList()
                : [];
            return new VitalSignView(def.Code, def.NameZh, def.NameEn, def.Unit, def.HigherIsWorse, def.Attention, def.Warning, def.Alarm, value,
                LevelName(value is { } v ? def.LevelOf(v) : VitalLevel.Normal), children);
        }).ToList();
        var areaName = OrganisationDirectory.Area(area);
        var worst = indicators.Select(i => Enum.Parse<VitalLevel>(i.Level, ignoreCase: true)).DefaultIfEmpty(VitalLevel.Normal).Max();
        return new VitalsView(area, areaName.Zh, areaName.En, at, LevelName(worst), indicators);
    }

    public async Task<IReadOnlyList<VitalPoint>> HistoryAsync(string indicator, string area, DateTimeOffset from, CancellationToken ct) =>
        (await db.Set<VitalSignReading>().AsNoTracking()
            .Where(r => r.Indicator == indicator && r.AreaCode == area && r.At >= from)
            .OrderBy(r => r.At).Take(5_000).ToListAsync(ct))
        .Select(r => new VitalPoint(r.At, r.Value, LevelName(r.Level))).ToList();
}

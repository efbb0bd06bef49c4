using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Data;
using OneCity.Sensing.Rules;
using OneCity.Sensing.Telemetry;

namespace OneCity.Sensing.Devices;

/// <summary>Devices, alarms and rejections as the operations centre reads them, kept to the reader's jurisdiction.</summary>
internal sealed class DeviceQueries(SensingDbContext db, RuleEngine engine)
{
    public static readonly string[] Statuses = ["normal", "warning", "alarm", "offline", "no-data"];

    /// <summary>Auditors and administrators see every device; others the devices in their area or owned by their department.</summary>
    public static bool MaySee(CurrentUser user, Device d) =>
        user.IsInRole(Roles.SystemAdministrator) || user.IsInRole(Roles.Auditor) || user.Covers(d.SubdistrictCode ?? d.DistrictCode) || user.Covers(d.DistrictCode)
        || (user.DepartmentCode is { } dept && string.Equals(dept, d.DepartmentCode, StringComparison.Ordinal));

    public async Task<IReadOnlyList<DeviceView>> ListAsync(CurrentUser user, DeviceType? type, string? area, string? status, CancellationToken ct)
    {
        var q = db.Set<Device>().AsNoTracking();
        if (type is { } t)
        {
            q = q.Where(d => d.Type == t);
        }

        if (area is not null)
        {
            q = q.Where(d => d.DistrictCode == area || d.SubdistrictCode == area);
        }

        var devices = (await q.OrderBy(d => d.Code).ToListAsync(ct)).Where(d => MaySee(user, d)).ToList();
        var open = await OpenAlarmsAsync(ct);
        return devices.Select(d => View(d, open)).Where(v => status is null || v.Status == status).ToList();
    }

    /// <summary>The device, null when there is none; Forbidden when it is outside the reader's jurisdiction.</summary>
    public async Task<(Device? Device, bool Forbidden)> FindAsync(CurrentUser user, string code, CancellationToken ct)
    {
        var d = await db.Set<Device>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        return d is null ? (null, false) : MaySee(user, d) ? (d, false) : (null, true);
    }

    public async Task<DeviceView> ViewAsync(Device d, CancellationToken ct) => View(d, await OpenAlarmsAsync(ct));

    public async Task<IReadOnlyList<AlarmView>> AlarmsAsync(CurrentUser user, bool openOnly, string? device, int take, CancellationToken ct)
    {
        var q = db.Set<Alarm>().AsNoTracking();
        if (openOnly)
        {
            q = q.Where(a => a.ClearedAt == null);
        }

        if (device is not null)
        {
            q = q.Where(a => a.DeviceCode == device);
        }

        var rows = await q.OrderByDescending(a => a.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        var ids = rows.Select(a => a.DeviceId).Distinct().ToList();
        var devices = await db.Set<Device>().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return rows.Where(a => devices.TryGetValue(a.DeviceId, out var d) && MaySee(user, d))
            .Select(a => new AlarmView(a.Id, a.DeviceCode, devices[a.DeviceId].NameZh, DeviceTypes.Of(devices[a.DeviceId].Type).Slug, a.Kind.ToString().ToLowerInvariant(),
                a.Severity.ToString().ToLowerInvariant(), a.RaisedAt, a.ObservedAt, a.Value, a.Threshold, a.ExpectedAt, a.Message, a.ClearedAt, a.IncidentNumber, a.Synthetic))
            .ToList();
    }

    public async Task<IReadOnlyList<RejectionView>> RejectionsAsync(string? device, CancellationToken ct)
    {
        var q = db.Set<RejectionCount>().AsNoTracking();
        if (device is not null)
        {
            q = q.Where(r => r.DeviceCode == device);
        }

        var rows = await q.OrderByDescending(r => r.Count).Take(500).ToListAsync(ct);
        return rows.Select(r => new RejectionView(r.DeviceCode, r.Reason, r.Count, r.LastAt, r.LastDetail)).ToList();
    }

    private async Task<Dictionary<int, List<(RuleKind Kind, Severity Severity)>>> OpenAlarmsAsync(CancellationToken ct) =>
        (await db.Set<Alarm>().AsNoTracking().Where(a => a.ClearedAt == null).Select(a => new { a.DeviceId, a.Kind, a.Severity }).ToListAsync(ct))
            .GroupBy(a => a.DeviceId).ToDictionary(g => g.Key, g => g.Select(a => (a.Kind, a.Severity)).ToList());

    public DeviceView View(Device d, Dictionary<int, List<(RuleKind Kind, Severity Severity)>> open)
    {
        var t = DeviceTypes.Of(d.Type);
        var last = engine.Last(d.Id);
        var alarms = open.GetValueOrDefault(d.Id) ?? [];
        var status = alarms.Any(a => a.Kind == RuleKind.Offline) ? "offline"
            : alarms.Any(a => a.Severity == Severity.Alarm) ? "alarm"
            : alarms.Count > 0 ? "warning"
            : last is null ? "no-data" : "normal";
        return new DeviceView(d.Code, t.Slug, t.NameZh, t.NameEn, d.NameZh, d.NameEn, d.Longitude, d.Latitude, d.DistrictCode, d.SubdistrictCode, d.DepartmentCode,
            d.Unit, d.ValidMin, d.ValidMax, d.WarningThreshold, d.AlarmThreshold, d.Hysteresis, d.PeriodSeconds, d.Synthetic, d.Active,
            last is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l.Ts) : null, last?.Value, status, alarms.Count);
    }
}

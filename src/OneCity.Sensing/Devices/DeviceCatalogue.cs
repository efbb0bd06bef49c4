using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Geography;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Devices;

/// <summary>Registers devices and rules, loads them into the <see cref="DeviceRegistry"/>, and seeds the demo city's devices.</summary>
internal sealed class DeviceCatalogue(SensingDbContext db, DeviceRegistry registry, AreaLocator areas, TimeProvider clock)
{
    public async Task ReloadAsync(CancellationToken ct)
    {
        var devices = await db.Set<Device>().AsNoTracking().Where(d => d.Active).ToListAsync(ct);
        var rules = await db.Set<SensingRule>().AsNoTracking().Where(r => r.Active).ToListAsync(ct);
        registry.Load(devices, rules);
    }

    public async Task SeedRulesAsync(CancellationToken ct)
    {
        if (!await db.Set<SensingRule>().AnyAsync(ct))
        {
            db.AddRange(DefaultRules.All());
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// The demo city's sensor network: in every district one device of each type, each at a different subdistrict's
    /// interior point (all 16 districts × 9 types = 144 devices). Idempotent.
    /// </summary>
    public async Task SeedDemoAsync(CancellationToken ct)
    {
        if (await db.Set<Device>().AnyAsync(ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var named = areas.NamedAreas();
        foreach (var district in named.Where(a => a.Level == AreaLevel.District).OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            var subs = named.Where(a => a.Level == AreaLevel.Subdistrict && a.Code.StartsWith(district.Code, StringComparison.Ordinal))
                .OrderBy(a => a.Code, StringComparer.Ordinal).ToList();
            var i = 0;
            foreach (var type in DeviceTypes.All)
            {
                var sub = subs.Count == 0 ? null : subs[i % subs.Count];
                var point = (sub is null ? null : areas.InteriorPoint(sub.Code)) ?? areas.InteriorPoint(district.Code);
                i++;
                if (point is not { } p)
                {
                    continue;
                }

                db.Add(New(type, $"{type.Prefix}-{district.Code}-01", $"{district.Name}{sub?.Name}{type.NameZh}监测点",
                    $"{district.NameEn} {sub?.NameEn} {type.NameEn.ToLowerInvariant()} station".Replace("  ", " ", StringComparison.Ordinal),
                    p.Lon, p.Lat, district.Code, sub?.Code, now));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    public static Device New(DeviceTypeInfo type, string code, string nameZh, string? nameEn, double lon, double lat, string district, string? subdistrict, DateTimeOffset now, bool synthetic = false) => new()
    {
        Code = code,
        Type = type.Type,
        NameZh = nameZh,
        NameEn = nameEn,
        Longitude = Math.Round(lon, 6),
        Latitude = Math.Round(lat, 6),
        DistrictCode = district,
        SubdistrictCode = subdistrict,
        DepartmentCode = string.Create(CultureInfo.InvariantCulture, $"{district}-{type.DepartmentLine}"),
        Unit = type.Unit,
        ValidMin = type.ValidMin,
        ValidMax = type.ValidMax,
        WarningThreshold = type.WarningThreshold,
        AlarmThreshold = type.AlarmThreshold,
        Hysteresis = type.Hysteresis,
        PeriodSeconds = type.PeriodSeconds,
        Synthetic = synthetic,
        CreatedAt = now,
        UpdatedAt = now,
    };
}

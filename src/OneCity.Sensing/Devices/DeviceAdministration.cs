using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Audit;
using OneCity.Platform.Geography;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;
using OneCity.Sensing.Telemetry;

namespace OneCity.Sensing.Devices;

/// <summary>Administrators register and change devices; every change is audited and the registry reloads at once.</summary>
internal sealed class DeviceAdministration(SensingDbContext db, DeviceCatalogue catalogue, AreaLocator areas, AuditLedger ledger, TimeProvider clock)
{
    private static bool ValidCode(string code) =>
        code.Length is >= 3 and <= 60 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public async Task<(Device? Device, FieldErrors? Errors, string? Conflict)> RegisterAsync(CurrentUser actor, DeviceInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var code = input.Code?.Trim();
        if (code is null || !ValidCode(code))
        {
            errors.Add("code", "required: 3–60 letters, digits, '-', '_' or '.' (it is the MQTT topic's last level)");
        }

        var type = DeviceTypes.FromSlug(input.Type);
        if (type is null)
        {
            errors.Add("type", "one of " + string.Join(", ", DeviceTypes.All.Select(t => t.Slug)));
        }

        if (string.IsNullOrWhiteSpace(input.NameZh) || input.NameZh.Length > 100)
        {
            errors.Add("nameZh", "required, at most 100 characters");
        }

        AreaLocation? location = null;
        if (input.Longitude is not { } lon || input.Latitude is not { } lat)
        {
            errors.Add("longitude", "required with latitude: the device's WGS84 position");
        }
        else if ((location = areas.Locate(lon, lat)) is null)
        {
            errors.Add("longitude", "the position is outside the city");
        }

        if (errors.Any)
        {
            return (null, errors, null);
        }

        var now = clock.GetUtcNow();
        var device = DeviceCatalogue.New(type!, code!, input.NameZh!.Trim(), input.NameEn?.Trim(), input.Longitude!.Value, input.Latitude!.Value,
            location!.District.Code, location.Subdistrict?.Code, now);
        Apply(device, input, errors);
        if (errors.Any)
        {
            return (null, errors, null);
        }

        if (await db.Set<Device>().AnyAsync(d => d.Code == device.Code, ct))
        {
            return (null, null, $"Device {device.Code} is already registered.");
        }

        db.Add(device);
        await db.SaveChangesAsync(ct);
        await catalogue.ReloadAsync(ct);
        await ledger.AppendAsync(actor, new AuditRecord("sensing.device-registered", "device", device.Code,
            Details: string.Create(CultureInfo.InvariantCulture, $"{type!.Slug} at {device.Longitude},{device.Latitude}; range [{device.ValidMin}, {device.ValidMax}]; thresholds {device.WarningThreshold}/{device.AlarmThreshold}")), ct);
        return (device, null, null);
    }

    public async Task<(Device? Device, FieldErrors? Errors, string? NotFound)> UpdateAsync(CurrentUser actor, string code, DeviceInput input, CancellationToken ct)
    {
        var device = await db.Set<Device>().FirstOrDefaultAsync(d => d.Code == code, ct);
        if (device is null)
        {
            return (null, null, $"No device {code}.");
        }

        var errors = new FieldErrors();
        if (input.NameZh is { } zh)
        {
            if (string.IsNullOrWhiteSpace(zh) || zh.Length > 100)
            {
                errors.Add("nameZh", "at most 100 characters, not empty");
            }
            else
            {
                device.NameZh = zh.Trim();
            }
        }

        if (input.NameEn is { } en)
        {
            device.NameEn = en.Length > 100 ? en[..100] : en.Trim();
        }

        if (input.Longitude is { } lon && input.Latitude is { } lat)
        {
            if (areas.Locate(lon, lat) is { } located)
            {
                (device.Longitude, device.Latitude, device.DistrictCode, device.SubdistrictCode) = (Math.Round(lon, 6), Math.Round(lat, 6), located.District.Code, located.Subdistrict?.Code);
            }
            else
            {
                errors.Add("longitude", "the position is outside the city");
            }
        }

        Apply(device, input, errors);
        if (input.Active is { } active)
        {
            device.Active = active;
        }

        if (errors.Any)
        {
            return (null, errors, null);
        }

        device.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await catalogue.ReloadAsync(ct);
        await ledger.AppendAsync(actor, new AuditRecord("sensing.device-changed", "device", device.Code,
            Details: string.Create(CultureInfo.InvariantCulture, $"range [{device.ValidMin}, {device.ValidMax}]; thresholds {device.WarningThreshold}/{device.AlarmThreshold}; hysteresis {device.Hysteresis}; period {device.PeriodSeconds}s; active {device.Active}")), ct);
        return (device, null, null);
    }

    /// <summary>Applies the optional numeric settings and checks they are consistent.</summary>
    private static void Apply(Device d, DeviceInput input, FieldErrors errors)
    {
        d.ValidMin = input.ValidMin ?? d.ValidMin;
        d.ValidMax = input.ValidMax ?? d.ValidMax;
        d.WarningThreshold = input.WarningThreshold ?? d.WarningThreshold;
        d.AlarmThreshold = input.AlarmThreshold ?? d.AlarmThreshold;
        d.Hysteresis = input.Hysteresis ?? d.Hysteresis;
        d.PeriodSeconds = input.PeriodSeconds ?? d.PeriodSeconds;
        if (input.DepartmentCode is { } dept)
        {
            d.DepartmentCode = dept.Trim();
        }

        if (!double.IsFinite(d.ValidMin) || !double.IsFinite(d.ValidMax) || d.ValidMin >= d.ValidMax)
        {
            errors.Add("validMin", "finite and below validMax");
        }

        if (d.WarningThreshold > d.AlarmThreshold)
        {
            errors.Add("warningThreshold", "at most alarmThreshold");
        }

        if (d.AlarmThreshold < d.ValidMin || d.AlarmThreshold > d.ValidMax || d.WarningThreshold < d.ValidMin)
        {
            errors.Add("alarmThreshold", "inside the valid range");
        }

        if (d.Hysteresis < 0 || !double.IsFinite(d.Hysteresis))
        {
            errors.Add("hysteresis", "zero or more");
        }

        if (d.PeriodSeconds is < 1 or > 86_400)
        {
            errors.Add("periodSeconds", "1 to 86400");
        }

        if (string.IsNullOrWhiteSpace(d.DepartmentCode) || d.DepartmentCode.Length > 40)
        {
            errors.Add("departmentCode", "at most 40 characters, not empty");
        }
    }
}

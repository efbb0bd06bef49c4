using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Tests;

/// <summary>Devices and rules built in memory, as the registry would compile them.</summary>
internal static class TestDevices
{
    public static readonly DateTimeOffset T0 = new(2026, 7, 25, 0, 0, 0, TimeSpan.Zero);

    public static DeviceEntry WaterLevel(int id, params SensingRule[] rules)
    {
        var device = DeviceCatalogue.New(DeviceTypes.Of(DeviceType.WaterLevel), $"WL-TEST-{id}", "测试水位", null, 121.47, 31.23, "310101", "310101002", T0);
        device.Id = id;
        var numbered = rules.Select((r, i) => { r.Id = i + 1; r.DeviceType = DeviceType.WaterLevel; return r; }).ToList();
        return new DeviceEntry(id, device.Code, device.Type, device.NameZh, device.Longitude, device.Latitude, device.DistrictCode, device.SubdistrictCode,
            device.ValidMin, device.ValidMax, device.AlarmThreshold, device.Hysteresis, device.PeriodSeconds, false, T0, DeviceRegistry.Compile(device, numbered));
    }

    public static SensingRule Rule(RuleKind kind, Severity severity = Severity.Alarm) => new() { Kind = kind, Severity = severity, NameZh = kind.ToString() };
}

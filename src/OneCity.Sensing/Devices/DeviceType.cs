namespace OneCity.Sensing.Devices;

/// <summary>The kinds of sensor the city registers. Every kind reads one number; higher is worse for all of them.</summary>
internal enum DeviceType
{
    WaterLevel = 1,
    Rainfall = 2,
    WindSpeed = 3,
    ManholeTilt = 4,
    GasConcentration = 5,
    Smoke = 6,
    StructuralStrain = 7,
    TrafficFlow = 8,
    CrowdDensity = 9,
}

/// <summary>What a device type measures, in which unit, its physical range and default thresholds, and the CityOps category its alarms file under.</summary>
internal sealed record DeviceTypeInfo(
    DeviceType Type,
    string Slug,
    string Prefix,
    string NameZh,
    string NameEn,
    string Unit,
    double ValidMin,
    double ValidMax,
    double WarningThreshold,
    double AlarmThreshold,
    double Hysteresis,
    int PeriodSeconds,
    string CategoryCode,
    string DepartmentLine);

internal static class DeviceTypes
{
    // Thresholds are the demo city's defaults, set per device at registration; the category codes are CityOps' (GB/T 30428
    // components 01xx–05xx, events 11xx–16xx); the owning department is the district bureau of this line (DepartmentLines).
    public static readonly IReadOnlyList<DeviceTypeInfo> All =
    [
        new(DeviceType.WaterLevel, "water-level", "WL", "水位", "Water level", "m", -2, 12, 3.8, 4.5, 0.1, 300, "1502", "SWJ"),
        new(DeviceType.Rainfall, "rainfall", "RF", "雨量", "Rainfall", "mm/h", 0, 300, 30, 50, 5, 300, "1502", "QX"),
        new(DeviceType.WindSpeed, "wind-speed", "WS", "风速", "Wind speed", "m/s", 0, 90, 17.2, 24.5, 1.5, 300, "1504", "QX"),
        new(DeviceType.ManholeTilt, "manhole-tilt", "MH", "井盖倾角", "Manhole-cover tilt", "°", 0, 90, 5, 15, 1, 3600, "0101", "SWJ"),
        new(DeviceType.GasConcentration, "gas", "GS", "燃气浓度", "Gas concentration", "%LEL", 0, 100, 10, 20, 2, 60, "1503", "ZJ"),
        new(DeviceType.Smoke, "smoke", "SM", "烟感", "Smoke", "dB/m", 0, 10, 0.5, 1.5, 0.1, 60, "1505", "YJ"),
        new(DeviceType.StructuralStrain, "strain", "ST", "结构应变", "Structural strain", "με", -3000, 3000, 800, 1200, 50, 300, "1505", "ZJ"),
        new(DeviceType.TrafficFlow, "traffic-flow", "TF", "交通流量", "Traffic flow", "veh/h", 0, 12000, 3600, 4800, 200, 300, "1505", "JT"),
        new(DeviceType.CrowdDensity, "crowd-density", "CD", "人群密度", "Crowd density", "p/m²", 0, 12, 2.5, 4, 0.3, 60, "1505", "GA"),
    ];

    public static DeviceTypeInfo Of(DeviceType t) => All[(int)t - 1];

    public static DeviceTypeInfo? FromSlug(string? slug) => All.FirstOrDefault(t => string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase));
}

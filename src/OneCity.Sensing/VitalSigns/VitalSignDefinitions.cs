using System.Globalization;
using System.Reflection;
using OneCity.Sensing.Devices;

namespace OneCity.Sensing.VitalSigns;

/// <summary>Normal, attention, warning, alarm (正常 / 关注 / 预警 / 告警).</summary>
internal enum VitalLevel
{
    Normal = 0,
    Attention = 1,
    Warning = 2,
    Alarm = 3,
}

/// <summary>Where an indicator's value comes from.</summary>
internal enum VitalSource
{
    /// <summary>The highest latest reading of the area's devices of a type (readings older than two hours are ignored).</summary>
    SensorMax,

    /// <summary>Share of the area's devices with an open offline alarm, in percent.</summary>
    OfflineShare,

    /// <summary>Open CityOps incidents per 10,000 residents.</summary>
    OpenIncidentsPer10k,

    /// <summary>Overdue (supervised) open CityOps incidents.</summary>
    OverdueIncidents,

    /// <summary>CityOps incidents closed on time in the last 30 days, in percent.</summary>
    CloseOnTimeRate,

    /// <summary>GovServices applications with a department step past its working-day deadline.</summary>
    OverdueApplications,
}

/// <summary>
/// One city vital sign (城市体征): how it is computed, and the thresholds of attention, warning and alarm. For most,
/// higher is worse; for a rate such as on-time closure, lower is worse.
/// </summary>
internal sealed record VitalSignDefinition(
    string Code, string NameZh, string NameEn, string Unit, VitalSource Source, DeviceType? DeviceType,
    bool HigherIsWorse, double Attention, double Warning, double Alarm)
{
    public VitalLevel LevelOf(double value) => HigherIsWorse
        ? value >= Alarm ? VitalLevel.Alarm : value >= Warning ? VitalLevel.Warning : value >= Attention ? VitalLevel.Attention : VitalLevel.Normal
        : value <= Alarm ? VitalLevel.Alarm : value <= Warning ? VitalLevel.Warning : value <= Attention ? VitalLevel.Attention : VitalLevel.Normal;
}

internal static class VitalSignDefinitions
{
    // Sensor thresholds follow the device types' defaults (warning, alarm) with an attention level below them; the
    // wind levels are Beaufort 6 / 8 / 10 (the China Meteorological Administration's gale and storm warning levels).
    public static readonly IReadOnlyList<VitalSignDefinition> All =
    [
        new("max-water-level", "最高水位", "Highest water level", "m", VitalSource.SensorMax, DeviceType.WaterLevel, true, 3.5, 3.8, 4.5),
        new("max-rainfall", "最大雨强", "Heaviest rainfall", "mm/h", VitalSource.SensorMax, DeviceType.Rainfall, true, 10, 30, 50),
        new("max-wind", "最大风速", "Strongest wind", "m/s", VitalSource.SensorMax, DeviceType.WindSpeed, true, 10.8, 17.2, 24.5),
        new("max-gas", "最高燃气浓度", "Highest gas concentration", "%LEL", VitalSource.SensorMax, DeviceType.GasConcentration, true, 5, 10, 20),
        new("max-crowd-density", "最大人群密度", "Highest crowd density", "p/m²", VitalSource.SensorMax, DeviceType.CrowdDensity, true, 1.5, 2.5, 4),
        new("offline-share", "设备离线率", "Devices offline", "%", VitalSource.OfflineShare, null, true, 10, 25, 50),
        new("open-incidents-per-10k", "每万人在办事件", "Open incidents per 10,000 residents", "", VitalSource.OpenIncidentsPer10k, null, true, 2, 5, 10),
        new("overdue-incidents", "超时事件", "Overdue incidents", "", VitalSource.OverdueIncidents, null, true, 1, 5, 20),
        new("close-on-time-rate", "按时结案率", "Closed on time", "%", VitalSource.CloseOnTimeRate, null, false, 95, 90, 80),
        new("overdue-applications", "超期办件", "Applications overdue", "", VitalSource.OverdueApplications, null, true, 1, 5, 20),
    ];

    public static VitalSignDefinition? Find(string? code) => All.FirstOrDefault(d => d.Code == code);

    /// <summary>Resident population per district (2020 census, see DemoData/SOURCE.md).</summary>
    public static readonly IReadOnlyDictionary<string, long> Population = LoadPopulation();

    private static Dictionary<string, long> LoadPopulation()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OneCity.Sensing.DemoData.district_population.csv")
            ?? throw new InvalidOperationException("district_population.csv is not embedded.");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var result = new Dictionary<string, long>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var parts = line.Split(',');
            result[parts[0]] = long.Parse(parts[2], CultureInfo.InvariantCulture);
        }

        return result;
    }
}

using OneCity.Sensing.Devices;

namespace OneCity.Sensing.Rules;

/// <summary>
/// The rules every device type starts with (administrators add per-device rules that replace them). Alarm thresholds
/// file an incident; warnings and offline devices show on the operations centre only. Water level and rainfall also
/// get a forecast rule whose predicted crossing files a preventive work order before the water arrives.
/// </summary>
internal static class DefaultRules
{
    public static IEnumerable<SensingRule> All()
    {
        foreach (var t in DeviceTypes.All)
        {
            yield return new SensingRule { DeviceType = t.Type, Kind = RuleKind.Threshold, Severity = Severity.Warning, NameZh = $"{t.NameZh}预警阈值", NameEn = $"{t.NameEn} warning threshold" };
            yield return new SensingRule { DeviceType = t.Type, Kind = RuleKind.Threshold, Severity = Severity.Alarm, NameZh = $"{t.NameZh}告警阈值", NameEn = $"{t.NameEn} alarm threshold", CreateIncident = true };
            yield return new SensingRule { DeviceType = t.Type, Kind = RuleKind.Offline, Severity = Severity.Warning, NameZh = $"{t.NameZh}设备离线", NameEn = $"{t.NameEn} device offline", OfflinePeriods = 3 };
            yield return new SensingRule { DeviceType = t.Type, Kind = RuleKind.Anomaly, Severity = Severity.Warning, NameZh = $"{t.NameZh}异常读数", NameEn = $"{t.NameEn} anomalous reading", Window = 30, MadK = 8 };
        }

        yield return new SensingRule { DeviceType = DeviceType.WaterLevel, Kind = RuleKind.RateOfChange, Severity = Severity.Warning, NameZh = "水位陡涨", NameEn = "Water level rising fast", MaxChangePerMinute = 0.05 };
        yield return new SensingRule { DeviceType = DeviceType.ManholeTilt, Kind = RuleKind.RateOfChange, Severity = Severity.Alarm, NameZh = "井盖突然位移", NameEn = "Manhole cover moved suddenly", MaxChangePerMinute = 10, CreateIncident = true };
        yield return new SensingRule { DeviceType = DeviceType.GasConcentration, Kind = RuleKind.RateOfChange, Severity = Severity.Alarm, NameZh = "燃气浓度骤升", NameEn = "Gas concentration jump", MaxChangePerMinute = 5, CreateIncident = true };
        yield return new SensingRule { DeviceType = DeviceType.WaterLevel, Kind = RuleKind.Forecast, Severity = Severity.Warning, NameZh = "水位超警预测", NameEn = "Predicted water-level alarm", HorizonMinutes = 120, CreateIncident = true };
        yield return new SensingRule { DeviceType = DeviceType.Rainfall, Kind = RuleKind.Forecast, Severity = Severity.Warning, NameZh = "强降雨预测", NameEn = "Predicted heavy rain", HorizonMinutes = 60, CreateIncident = false };
    }
}

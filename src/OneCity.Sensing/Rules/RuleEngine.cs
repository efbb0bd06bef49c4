using System.Globalization;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Telemetry;

namespace OneCity.Sensing.Rules;

/// <summary>A rule started or stopped firing for a device.</summary>
internal sealed record AlarmEvent(
    bool Raised,
    DeviceEntry Device,
    CompiledRule Rule,
    DateTimeOffset ObservedAt,
    double Value,
    double? Threshold,
    DateTimeOffset? ExpectedAt,
    string Message);

/// <summary>What the engine remembers of one device between readings.</summary>
internal sealed class DeviceRuntime
{
    public bool HasLast;
    public long LastTs;
    public double LastValue;

    // Holt's linear trend (level, trend per minute) for forecasts.
    public int Samples;
    public double Level;
    public double Trend;

    // The last readings for the robust anomaly rule (a ring).
    public double[]? Window;
    public int WindowCount;
    public int WindowPos;

    /// <summary>Rules with an open alarm for this device: they do not fire again until cleared.</summary>
    public readonly HashSet<int> Open = [];
}

/// <summary>
/// Evaluates every rule that applies to a device on each of its readings, in time order, and reports alarms raised
/// and cleared. State per device lives here and is touched only by the pipeline's single writer, so no locks are
/// needed. A reading older than the device's newest is stored but does not move the rules (it arrived late).
/// </summary>
internal sealed class RuleEngine
{
    public const double HoltAlpha = 0.5;
    public const double HoltBeta = 0.3;
    public const int ForecastWarmUp = 4;

    private DeviceRuntime?[] runtimes = new DeviceRuntime?[256];

    public DeviceRuntime Runtime(int deviceId)
    {
        if (deviceId >= runtimes.Length)
        {
            Array.Resize(ref runtimes, Math.Max(deviceId + 1, runtimes.Length * 2));
        }

        return runtimes[deviceId] ??= new DeviceRuntime();
    }

    /// <summary>The last value and time seen, for display (null before the first reading).</summary>
    public (long Ts, double Value)? Last(int deviceId) =>
        deviceId < runtimes.Length && runtimes[deviceId] is { HasLast: true } rt ? (rt.LastTs, rt.LastValue) : null;

    public void Evaluate(in Reading reading, DeviceEntry device, List<AlarmEvent> events)
    {
        var rt = Runtime(device.Id);
        if (rt.HasLast && reading.Timestamp <= rt.LastTs)
        {
            return;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(reading.Timestamp);
        var v = reading.Value;
        var minutes = rt.HasLast ? (reading.Timestamp - rt.LastTs) / 60_000.0 : 0;
        var info = DeviceTypes.Of(device.Type);

        // Holt's linear trend, updated for irregular intervals.
        if (rt.Samples == 0)
        {
            rt.Level = v;
            rt.Trend = 0;
        }
        else if (minutes > 0)
        {
            var previous = rt.Level;
            rt.Level = (HoltAlpha * v) + ((1 - HoltAlpha) * (rt.Level + (rt.Trend * minutes)));
            rt.Trend = (HoltBeta * ((rt.Level - previous) / minutes)) + ((1 - HoltBeta) * rt.Trend);
        }

        rt.Samples++;

        foreach (var rule in device.Rules)
        {
            var open = rt.Open.Contains(rule.Rule.Id);
            switch (rule.Rule.Kind)
            {
                case RuleKind.Threshold when rule.Threshold is { } t:
                    if (!open && v >= t)
                    {
                        Raise(events, rt, device, rule, at, v, t, null, F($"{info.NameZh} {v:0.##} {info.Unit} 达到{Level(rule)}阈值 {t:0.##} {info.Unit}"));
                    }
                    else if (open && v < t - device.Hysteresis)
                    {
                        Clear(events, rt, device, rule, at, v, t, F($"{info.NameZh} {v:0.##} {info.Unit} 回落至 {t - device.Hysteresis:0.##} {info.Unit}（阈值减回差）以下"));
                    }

                    break;

                case RuleKind.RateOfChange when rule.Rule.MaxChangePerMinute is { } max && rt.HasLast && minutes > 0:
                    var rate = Math.Abs(v - rt.LastValue) / minutes;
                    if (!open && rate > max)
                    {
                        Raise(events, rt, device, rule, at, v, max, null, F($"{info.NameZh}变化过快：每分钟 {rate:0.###} {info.Unit}，超过 {max:0.###} {info.Unit}"));
                    }
                    else if (open && rate <= max)
                    {
                        Clear(events, rt, device, rule, at, v, max, F($"{info.NameZh}变化速率恢复正常：每分钟 {rate:0.###} {info.Unit}"));
                    }

                    break;

                case RuleKind.Anomaly:
                    var size = rule.Rule.Window ?? 30;
                    var k = rule.Rule.MadK ?? 6;
                    if (rt.Window is null || rt.Window.Length != size)
                    {
                        rt.Window = new double[size];
                        rt.WindowCount = rt.WindowPos = 0;
                    }

                    if (rt.WindowCount == size)
                    {
                        var score = RobustScore(rt.Window, v, (device.ValidMax - device.ValidMin) * 0.001);
                        if (!open && score > k)
                        {
                            Raise(events, rt, device, rule, at, v, null, null, F($"{info.NameZh}异常值 {v:0.##} {info.Unit}：偏离近 {size} 个读数中位数 {score:0.#} 倍稳健标准差（阈 {k:0.#}）"));
                        }
                        else if (open && score <= k)
                        {
                            Clear(events, rt, device, rule, at, v, null, F($"{info.NameZh}读数恢复正常：{v:0.##} {info.Unit}"));
                        }
                    }

                    rt.Window[rt.WindowPos] = v;
                    rt.WindowPos = (rt.WindowPos + 1) % size;
                    rt.WindowCount = Math.Min(size, rt.WindowCount + 1);
                    break;

                case RuleKind.Forecast when rule.Threshold is { } ft && rt.Samples >= ForecastWarmUp:
                    var horizon = rule.Rule.HorizonMinutes ?? 60;
                    var predicted = rt.Level + (rt.Trend * horizon);
                    if (!open && v < ft && rt.Trend > 0 && predicted >= ft)
                    {
                        var eta = Math.Max(0, (ft - rt.Level) / rt.Trend);
                        Raise(events, rt, device, rule, at, v, ft, at.AddMinutes(eta),
                            F($"预计约 {eta:0} 分钟后{info.NameZh}达到告警阈值 {ft:0.##} {info.Unit}（当前 {v:0.##} {info.Unit}，趋势每分钟 {rt.Trend:+0.###;-0.###} {info.Unit}）"));
                    }
                    else if (open && (v >= ft || predicted < ft - device.Hysteresis))
                    {
                        Clear(events, rt, device, rule, at, v, ft, v >= ft
                            ? F($"预测已应验：{info.NameZh} {v:0.##} {info.Unit} 达到阈值")
                            : F($"预测解除：{horizon} 分钟内预计不再达到阈值（预测值 {predicted:0.##} {info.Unit}）"));
                    }

                    break;

                case RuleKind.Offline when open:
                    Clear(events, rt, device, rule, at, v, null, "设备恢复上报");
                    break;
            }
        }

        rt.HasLast = true;
        rt.LastTs = reading.Timestamp;
        rt.LastValue = v;
    }

    /// <summary>Raises offline alarms for devices silent for their rule's number of reporting periods.</summary>
    public void CheckOffline(DateTimeOffset now, DeviceRegistry.Snapshot devices, List<AlarmEvent> events)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var device in devices.ById)
        {
            if (device is null)
            {
                continue;
            }

            foreach (var rule in device.Rules)
            {
                if (rule.Rule.Kind != RuleKind.Offline)
                {
                    continue;
                }

                var rt = Runtime(device.Id);
                var since = rt.HasLast ? rt.LastTs : device.CreatedAt.ToUnixTimeMilliseconds();
                var periods = rule.Rule.OfflinePeriods ?? 3;
                var silentMs = nowMs - since;
                if (!rt.Open.Contains(rule.Rule.Id) && silentMs > (long)periods * device.PeriodSeconds * 1000)
                {
                    Raise(events, rt, device, rule, now, rt.HasLast ? rt.LastValue : 0, null, null,
                        F($"设备离线：已 {silentMs / 60_000.0:0} 分钟（超过 {periods} 个上报周期）无数据"));
                }
            }
        }
    }

    /// <summary>|v − median| in units of the robust standard deviation 1.4826 × MAD (with a floor, so a flat series is not infinitely sensitive).</summary>
    public static double RobustScore(double[] window, double v, double floor)
    {
        Span<double> sorted = window.Length <= 256 ? stackalloc double[window.Length] : new double[window.Length];
        window.CopyTo(sorted);
        sorted.Sort();
        var median = Median(sorted);
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = Math.Abs(sorted[i] - median);
        }

        sorted.Sort();
        var mad = Median(sorted);
        var scale = Math.Max(1.4826 * mad, Math.Max(floor, 1e-9));
        return Math.Abs(v - median) / scale;
    }

    private static double Median(ReadOnlySpan<double> sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    private static string Level(CompiledRule rule) => rule.Rule.Severity == Severity.Alarm ? "告警" : "预警";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void Raise(List<AlarmEvent> events, DeviceRuntime rt, DeviceEntry device, CompiledRule rule, DateTimeOffset at, double v, double? threshold, DateTimeOffset? expected, string message)
    {
        rt.Open.Add(rule.Rule.Id);
        events.Add(new AlarmEvent(true, device, rule, at, v, threshold, expected, message));
    }

    private static void Clear(List<AlarmEvent> events, DeviceRuntime rt, DeviceEntry device, CompiledRule rule, DateTimeOffset at, double v, double? threshold, string message)
    {
        rt.Open.Remove(rule.Rule.Id);
        events.Add(new AlarmEvent(false, device, rule, at, v, threshold, null, message));
    }
}

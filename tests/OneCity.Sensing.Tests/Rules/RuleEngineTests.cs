using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;
using OneCity.Sensing.Telemetry;
using static OneCity.Sensing.Tests.TestDevices;

namespace OneCity.Sensing.Tests.Rules;

/// <summary>Each kind of rule on hand-made series: when it fires, that it fires once until cleared, and when it clears.</summary>
public sealed class RuleEngineTests
{
    private static List<AlarmEvent> Feed(RuleEngine engine, DeviceEntry device, params double[] values)
    {
        var events = new List<AlarmEvent>();
        var rt = engine.Runtime(device.Id);
        var start = rt.HasLast ? rt.LastTs + 60_000 : T0.ToUnixTimeMilliseconds();
        for (var i = 0; i < values.Length; i++)
        {
            engine.Evaluate(new Reading(device.Id, start + (i * 60_000L), values[i]), device, events);
        }

        return events;
    }

    [Fact]
    public void AThresholdAlarmIsRaisedOnceAndClearsOnlyBelowTheHysteresisBand()
    {
        // Water level: alarm threshold 4.5 m, hysteresis 0.1 m.
        var device = WaterLevel(1, Rule(RuleKind.Threshold));
        var engine = new RuleEngine();

        var events = Feed(engine, device, 4.0, 4.5, 4.7, 4.45, 4.6, 4.41);
        var raised = Assert.Single(events);
        Assert.True(raised.Raised);
        Assert.Equal(4.5, raised.Value);
        Assert.Equal(4.5, raised.Threshold);

        var cleared = Assert.Single(Feed(engine, device, 4.39));
        Assert.False(cleared.Raised);
        Assert.True(Assert.Single(Feed(engine, device, 4.5)).Raised);
    }

    [Fact]
    public void TheWarningRuleUsesTheDevicesWarningThreshold()
    {
        var device = WaterLevel(2, Rule(RuleKind.Threshold, Severity.Warning));
        var e = Assert.Single(Feed(new RuleEngine(), device, 3.0, 3.85));
        Assert.Equal(3.8, e.Threshold);
        Assert.Contains("预警", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RateOfChangeFiresOnAJumpAndClearsWhenTheRateIsNormalAgain()
    {
        var rule = Rule(RuleKind.RateOfChange, Severity.Warning);
        rule.MaxChangePerMinute = 0.05;
        var device = WaterLevel(3, rule);
        var engine = new RuleEngine();
        var events = Feed(engine, device, 2.0, 2.02, 2.2, 2.4, 2.41);
        Assert.Equal([true, false], events.Select(e => e.Raised));
        Assert.Equal(2.2, events[0].Value);
    }

    [Fact]
    public void ARobustAnomalyIsFoundInNoiseAndOneOutlierDoesNotPoisonTheWindow()
    {
        var rule = Rule(RuleKind.Anomaly, Severity.Warning);
        (rule.Window, rule.MadK) = (20, 6);
        var device = WaterLevel(4, rule);
        var engine = new RuleEngine();
        var noise = Enumerable.Range(0, 20).Select(i => 2.0 + (0.01 * ((i * 7) % 5))).ToArray();
        Assert.Empty(Feed(engine, device, noise));

        var events = Feed(engine, device, 3.5, 2.02);
        Assert.Equal([true, false], events.Select(e => e.Raised));
    }

    [Fact]
    public void AForecastWarnsBeforeTheCrossingAndIsFulfilledWhenTheWaterArrives()
    {
        var rule = Rule(RuleKind.Forecast, Severity.Warning);
        rule.HorizonMinutes = 60;
        var device = WaterLevel(5, rule);
        var engine = new RuleEngine();

        // Rising 0.02 m a minute from 3.0 m: 4.5 m is 75 minutes away at the start.
        var rising = Enumerable.Range(0, 100).Select(i => 3.0 + (0.02 * i)).ToArray();
        var events = Feed(engine, device, rising);
        var warning = events.First(e => e.Raised);
        var crossingMinute = 75;
        var warnedMinute = (int)((warning.ObservedAt - T0).TotalMinutes);
        Assert.InRange(warnedMinute, 10, crossingMinute - 30);
        Assert.NotNull(warning.ExpectedAt);
        Assert.InRange((warning.ExpectedAt!.Value - T0).TotalMinutes, crossingMinute - 10, crossingMinute + 10);

        var fulfilled = events.Single(e => !e.Raised);
        Assert.Equal(crossingMinute, (int)Math.Round((fulfilled.ObservedAt - T0).TotalMinutes));
        Assert.Contains("应验", fulfilled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlatSeriesNeverRaisesAForecast()
    {
        var rule = Rule(RuleKind.Forecast, Severity.Warning);
        var device = WaterLevel(6, rule);
        Assert.Empty(Feed(new RuleEngine(), device, Enumerable.Repeat(4.2, 50).ToArray()));
    }

    [Fact]
    public void ADeviceIsOfflineAfterItsPeriodsOfSilenceAndBackWithItsNextReading()
    {
        var rule = Rule(RuleKind.Offline, Severity.Warning);
        rule.OfflinePeriods = 3;
        var device = WaterLevel(7, rule); // reports every 300 s
        var snapshot = new DeviceRegistry.Snapshot(System.Collections.Frozen.FrozenDictionary<string, DeviceEntry>.Empty, [null, null, null, null, null, null, null, device]);
        var engine = new RuleEngine();
        Feed(engine, device, 1.0);

        var events = new List<AlarmEvent>();
        engine.CheckOffline(T0.AddMinutes(14), snapshot, events);
        Assert.Empty(events);
        engine.CheckOffline(T0.AddMinutes(16), snapshot, events);
        Assert.True(Assert.Single(events).Raised);
        engine.CheckOffline(T0.AddMinutes(30), snapshot, events);
        Assert.Single(events);

        var back = Feed(engine, device, 1.1);
        Assert.False(Assert.Single(back).Raised);
    }

    [Fact]
    public void ALateReadingIsNotJudgedAgainstNewerOnes()
    {
        var device = WaterLevel(8, Rule(RuleKind.Threshold));
        var engine = new RuleEngine();
        Feed(engine, device, 1.0, 1.0);
        var events = new List<AlarmEvent>();
        engine.Evaluate(new Reading(device.Id, T0.ToUnixTimeMilliseconds() - 60_000, 9.0), device, events);
        Assert.Empty(events);
    }

    [Fact]
    public void ADevicesOwnRuleReplacesItsTypesRuleOfTheSameKindAndSeverity()
    {
        var device = DeviceCatalogue.New(DeviceTypes.Of(DeviceType.WaterLevel), "WL-OWN", "测试", null, 121.47, 31.23, "310101", null, T0);
        var typeRule = new SensingRule { Id = 1, DeviceType = DeviceType.WaterLevel, Kind = RuleKind.Threshold, Severity = Severity.Alarm, NameZh = "type" };
        var ownRule = new SensingRule { Id = 2, DeviceCode = "WL-OWN", Kind = RuleKind.Threshold, Severity = Severity.Alarm, NameZh = "own", Threshold = 5.2 };
        var warning = new SensingRule { Id = 3, DeviceType = DeviceType.WaterLevel, Kind = RuleKind.Threshold, Severity = Severity.Warning, NameZh = "warn" };
        var compiled = DeviceRegistry.Compile(device, [typeRule, ownRule, warning]);
        Assert.Equal([2, 3], compiled.Select(c => c.Rule.Id));
        Assert.Equal(5.2, compiled[0].Threshold);
        Assert.Equal(3.8, compiled[1].Threshold);
    }
}

using OneCity.Sensing.Devices;
using OneCity.Sensing.Replay;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Tests.Replay;

/// <summary>The replay's meteorological service and its forecast scoring.</summary>
public sealed class ReplayRulesTests
{
    private static readonly (double Lat, double Lon)[] City = [(31.23, 121.47), (30.74, 121.34), (31.62, 121.40)];
    private static readonly DateTimeOffset Day = new(2021, 7, 25, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheWarningRisesAsInFaApproachesAndIsLiftedAfterItLeaves()
    {
        var track = TyphoonTrack.InFa();
        Assert.Null(TyphoonWarnings.SeverityAt(track, new DateTimeOffset(2021, 7, 20, 0, 0, 0, TimeSpan.Zero), City));
        var hourly = Enumerable.Range(0, 24 * 6).Select(h => TyphoonWarnings.SeverityAt(track, new DateTimeOffset(2021, 7, 23, 0, 0, 0, TimeSpan.Zero).AddHours(h), City)).ToList();
        var firstOf = TyphoonWarnings.Severities.Select(s => hourly.IndexOf(s)).ToList();

        // Blue, then yellow, then orange, in that order; red needs force-12 winds, which the synthetic city wind does not reach.
        Assert.True(firstOf[0] >= 0 && firstOf[0] < firstOf[1] && firstOf[1] < firstOf[2], string.Join(",", firstOf));
        Assert.Equal(-1, firstOf[3]);
        Assert.Null(hourly[^1]);
    }

    [Fact]
    public void TheSignalCriteriaFollowTheNationalThresholds()
    {
        // A super typhoon (55 m/s) sitting on the city is a red signal; far away, nothing.
        var onTop = new TyphoonTrack([new TrackPoint(Day, 31.0, 121.2, 925, 55, "TY"), new TrackPoint(Day.AddDays(2), 31.0, 121.3, 925, 55, "TY")]);
        Assert.Equal("Extreme", TyphoonWarnings.SeverityAt(onTop, Day, City));
        var far = new TyphoonTrack([new TrackPoint(Day, 15.0, 140.0, 950, 40, "TY"), new TrackPoint(Day.AddDays(2), 16.0, 139.0, 950, 40, "TY")]);
        Assert.Null(TyphoonWarnings.SeverityAt(far, Day, City));
        Assert.True(TyphoonWarnings.Rank("Severe") > TyphoonWarnings.Rank("Moderate"));
        Assert.Equal(-1, TyphoonWarnings.Rank(null));
    }

    [Fact]
    public void ForecastsAreScoredByTheCrossingsThatFollowWithinTheHorizon()
    {
        AlarmFact F(string device, RuleKind kind, int minutes, Severity severity = Severity.Warning) =>
            new(device, DeviceType.WaterLevel, kind, severity, Day.AddMinutes(minutes));
        var facts = new List<AlarmFact>
        {
            F("A", RuleKind.Forecast, 0), F("A", RuleKind.Threshold, 90, Severity.Alarm),      // foreseen 90 minutes ahead
            F("A", RuleKind.Forecast, 600),                                                    // a false forecast
            F("B", RuleKind.Threshold, 30, Severity.Warning),                                  // a warning, not a crossing
            F("B", RuleKind.Threshold, 200, Severity.Alarm),                                   // a crossing nobody foresaw
            F("C", RuleKind.Forecast, 100), F("C", RuleKind.Forecast, 130), F("C", RuleKind.Threshold, 160, Severity.Alarm),
            new("D", DeviceType.Rainfall, RuleKind.Forecast, Severity.Warning, Day),           // another type
        };

        var score = ReplayReport.Score(DeviceType.WaterLevel, 120, TimeSpan.FromMinutes(10), facts);
        Assert.Equal("water-level", score.DeviceType);
        Assert.Equal(4, score.Forecasts);
        Assert.Equal(3, score.Hits);
        Assert.Equal(0.75, score.Precision);
        Assert.Equal(3, score.Crossings);
        Assert.Equal(2, score.CrossingsForeseen);
        Assert.Equal(0.667, score.Recall);
        Assert.Equal(60, score.LeadMinutesMin);
        Assert.Equal(75, score.LeadMinutesMedian);
        Assert.Equal(90, score.LeadMinutesMax);

        var none = ReplayReport.Score(DeviceType.Rainfall, 60, TimeSpan.FromMinutes(10), []);
        Assert.Null(none.Precision);
        Assert.Null(none.LeadMinutesMedian);
    }
}

using OneCity.Sensing.Replay;

namespace OneCity.Sensing.Tests.Replay;

/// <summary>The replay's synthetic weather is physically plausible for In-Fa over Shanghai.</summary>
public sealed class SyntheticWeatherTests
{
    private const double Lat = 31.23;
    private const double Lon = 121.47; // People's Square

    [Fact]
    public void TheTrackIsInFasBestTrackAndPassesCloseToShanghai()
    {
        var track = TyphoonTrack.InFa();
        Assert.Equal(new DateTimeOffset(2021, 7, 15, 18, 0, 0, TimeSpan.Zero), track.Points[0].At);
        var closest = Enumerable.Range(0, 24 * 6).Select(h => track.At(new DateTimeOffset(2021, 7, 23, 0, 0, 0, TimeSpan.Zero).AddHours(h))!)
            .MinBy(p => TyphoonTrack.DistanceKm(p.Latitude, p.Longitude, Lat, Lon))!;
        var km = TyphoonTrack.DistanceKm(closest.Latitude, closest.Longitude, Lat, Lon);
        Assert.InRange(km, 20, 120);
        Assert.InRange(closest.At, new DateTimeOffset(2021, 7, 25, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 7, 26, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void WindRainAndWaterStayInsidePhysicalBoundsAndPeakAsTheStormPasses()
    {
        var track = TyphoonTrack.InFa();
        var start = new DateTimeOffset(2021, 7, 23, 0, 0, 0, TimeSpan.Zero);
        var hours = Enumerable.Range(0, 108).Select(h => start.AddHours(h)).ToList();
        var wind = hours.Select(t => SyntheticWeather.WindMs(track.At(t), Lat, Lon)).ToList();
        var rain = hours.Select(t => SyntheticWeather.RainfallMmPerHour(track.At(t), Lat, Lon, 1.0)).ToList();

        Assert.All(wind, w => Assert.InRange(w, 3, 45));
        Assert.All(rain, r => Assert.InRange(r, 0, 70));
        Assert.InRange(wind.Max(), 17.2, 35); // gale to storm force in the city, as recorded during In-Fa
        Assert.InRange(rain.Max(), 25, 60);
        Assert.True(wind[0] < 8, "calm two days before landfall");
        var peak = hours[wind.IndexOf(wind.Max())];
        Assert.InRange(peak, new DateTimeOffset(2021, 7, 25, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 7, 26, 12, 0, 0, TimeSpan.Zero));

        // A normal high tide stays below the warning level (3.8 m); tide + surge + run-off at the storm's peak exceeds the alarm level (4.5 m).
        Assert.InRange(Enumerable.Range(0, 25).Max(h => SyntheticWeather.Tide(start.AddHours(h))), 3.3, 3.6);
        Assert.True(SyntheticWeather.WaterLevelM(new DateTimeOffset(2021, 7, 25, 16, 26, 0, TimeSpan.Zero), 28, 350) > 4.5);
    }

    [Fact]
    public void RainBandFactorsAreStablePerGauge()
    {
        Assert.Equal(SyntheticWeather.BandFactor("SYN-RF-310115"), SyntheticWeather.BandFactor("SYN-RF-310115"));
        Assert.All(new[] { "A", "SYN-RF-310101", "SYN-RF-310151" }, c => Assert.InRange(SyntheticWeather.BandFactor(c), 0.8, 1.25));
    }
}

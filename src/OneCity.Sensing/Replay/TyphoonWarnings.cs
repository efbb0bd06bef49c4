namespace OneCity.Sensing.Replay;

/// <summary>
/// The replay's meteorological service: which typhoon warning signal (台风预警信号) it would have in force, by the
/// national criteria — blue when within 24 hours the mean wind may reach force 6 (10.8 m/s) or gusts force 8
/// (17.2 m/s); yellow force 8 or gusts force 10 (24.5 m/s) within 24 hours; orange force 10 or gusts force 12
/// (32.7 m/s) within 12 hours; red force 12 or gusts force 14 (41.5 m/s) within 6 hours — applied to the synthetic
/// wind over the city's gauges along the best track ahead. It forecasts perfectly (it reads the best track), which a
/// real service cannot: the replay tests the platform's response, not the forecast.
/// Gusts are taken as 1.5 × the mean wind, a usual gust factor over rough urban terrain.
/// </summary>
internal static class TyphoonWarnings
{
    public const double GustFactor = 1.5;

    /// <summary>CAP severities from blue to red.</summary>
    public static readonly string[] Severities = ["Minor", "Moderate", "Severe", "Extreme"];

    public static string ColourZh(string severity) => severity switch
    {
        "Minor" => "蓝色", "Moderate" => "黄色", "Severe" => "橙色", _ => "红色",
    };

    public static string ColourEn(string severity) => severity switch
    {
        "Minor" => "blue", "Moderate" => "yellow", "Severe" => "orange", _ => "red",
    };

    public static int Rank(string? severity) => severity is null ? -1 : Array.IndexOf(Severities, severity);

    /// <summary>The signal in force at scenario time <paramref name="at"/>, or null when none is warranted.</summary>
    public static string? SeverityAt(TyphoonTrack track, DateTimeOffset at, IReadOnlyList<(double Lat, double Lon)> gauges)
    {
        if (PeakWind(track, at, TimeSpan.FromHours(6), gauges) is var p6 && (p6 >= 32.7 || p6 * GustFactor >= 41.5))
        {
            return "Extreme";
        }

        if (PeakWind(track, at, TimeSpan.FromHours(12), gauges) is var p12 && (p12 >= 24.5 || p12 * GustFactor >= 32.7))
        {
            return "Severe";
        }

        var p24 = PeakWind(track, at, TimeSpan.FromHours(24), gauges);
        return p24 >= 17.2 || p24 * GustFactor >= 24.5 ? "Moderate"
            : p24 >= 10.8 || p24 * GustFactor >= 17.2 ? "Minor"
            : null;
    }

    /// <summary>The highest synthetic mean wind at any gauge from <paramref name="at"/> to <paramref name="ahead"/> later, sampled every half hour.</summary>
    public static double PeakWind(TyphoonTrack track, DateTimeOffset at, TimeSpan ahead, IReadOnlyList<(double Lat, double Lon)> gauges)
    {
        var peak = 0.0;
        for (var t = at; t <= at + ahead; t += TimeSpan.FromMinutes(30))
        {
            var centre = track.At(t);
            foreach (var (lat, lon) in gauges)
            {
                peak = Math.Max(peak, SyntheticWeather.WindMs(centre, lat, lon));
            }
        }

        return peak;
    }
}

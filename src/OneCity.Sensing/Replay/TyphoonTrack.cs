using System.Globalization;
using System.Reflection;

namespace OneCity.Sensing.Replay;

/// <summary>One best-track fix: where the centre was, how deep and how strong (maximum sustained wind in m/s).</summary>
internal sealed record TrackPoint(DateTimeOffset At, double Latitude, double Longitude, double PressureHpa, double MaxWindMs, string Grade);

/// <summary>A typhoon's best track, interpolated linearly between fixes.</summary>
internal sealed class TyphoonTrack(IReadOnlyList<TrackPoint> points)
{
    public const double KnotsToMs = 0.514444;

    public IReadOnlyList<TrackPoint> Points { get; } = points;

    /// <summary>In-Fa (烟花, 2021), RSMC Tokyo best track (DemoData/typhoon_infa_2021.csv).</summary>
    public static TyphoonTrack InFa()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OneCity.Sensing.DemoData.typhoon_infa_2021.csv")
            ?? throw new InvalidOperationException("typhoon_infa_2021.csv is not embedded.");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var points = new List<TrackPoint>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            var at = DateTimeOffset.Parse(f[0].Replace("Z", "+00:00", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var wind = double.Parse(f[5], CultureInfo.InvariantCulture) * KnotsToMs;
            points.Add(new TrackPoint(at, double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture), wind, f[1]));
        }

        return new TyphoonTrack(points);
    }

    /// <summary>The centre at a moment (null outside the track's time span).</summary>
    public TrackPoint? At(DateTimeOffset t)
    {
        if (t < Points[0].At || t > Points[^1].At)
        {
            return null;
        }

        for (var i = 1; i < Points.Count; i++)
        {
            if (t <= Points[i].At)
            {
                var a = Points[i - 1];
                var b = Points[i];
                var k = (t - a.At).TotalSeconds / (b.At - a.At).TotalSeconds;
                return new TrackPoint(t, a.Latitude + (k * (b.Latitude - a.Latitude)), a.Longitude + (k * (b.Longitude - a.Longitude)),
                    a.PressureHpa + (k * (b.PressureHpa - a.PressureHpa)), a.MaxWindMs + (k * (b.MaxWindMs - a.MaxWindMs)), k < 0.5 ? a.Grade : b.Grade);
            }
        }

        return Points[^1];
    }

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>
/// Synthetic but physically plausible weather at a gauge from its distance to the typhoon's centre (the readings are
/// labelled synthetic wherever they are shown):
/// <list type="bullet">
/// <item>Wind: a modified Rankine vortex — rising linearly to the best track's maximum sustained wind at the radius of
/// maximum wind (50 km), decaying as (Rmax/d)^0.6 outside and exponentially beyond 300 km — reduced by 25 % for the roughness of the city, over a 3 m/s
/// background.</item>
/// <item>Rainfall: 55 mm/h near the centre decaying exponentially with a 180 km scale, times a fixed per-gauge factor
/// (0.8–1.25) for the rain bands' unevenness; nothing beyond 700 km.</item>
/// <item>Water level (Huangpu, Wusong datum): a semidiurnal tide (mean 2.3 m, amplitude 1.2 m, period 12.42 h) plus a
/// storm surge of 0.0012 × wind² and a rain run-off rise of 0.002 m per mm of rain over the last 12 hours.</item>
/// </list>
/// </summary>
internal static class SyntheticWeather
{
    public const double RadiusOfMaxWindKm = 50;
    public const double OuterRadiusKm = 300;
    public const double TidePeriodHours = 12.42;

    public static double WindMs(TrackPoint? centre, double lat, double lon)
    {
        if (centre is null || centre.MaxWindMs <= 0)
        {
            return 3;
        }

        var d = Math.Max(1, TyphoonTrack.DistanceKm(centre.Latitude, centre.Longitude, lat, lon));
        var v = d <= RadiusOfMaxWindKm ? centre.MaxWindMs * d / RadiusOfMaxWindKm : centre.MaxWindMs * Math.Pow(RadiusOfMaxWindKm / d, 0.6);
        if (d > OuterRadiusKm)
        {
            // The circulation fades faster beyond the outer core.
            v *= Math.Exp(-(d - OuterRadiusKm) / OuterRadiusKm);
        }

        return Math.Round(3 + (0.75 * v), 1);
    }

    public static double RainfallMmPerHour(TrackPoint? centre, double lat, double lon, double bandFactor)
    {
        if (centre is null)
        {
            return 0;
        }

        var d = TyphoonTrack.DistanceKm(centre.Latitude, centre.Longitude, lat, lon);
        return d > 700 ? 0 : Math.Round(55 * Math.Exp(-d / 180) * bandFactor, 1);
    }

    public static double Tide(DateTimeOffset t) =>
        2.3 + (1.2 * Math.Cos(2 * Math.PI * (t - new DateTimeOffset(2021, 7, 25, 4, 0, 0, TimeSpan.Zero)).TotalHours / TidePeriodHours));

    public static double WaterLevelM(DateTimeOffset t, double windMs, double rainLast12hMm) =>
        Math.Round(Tide(t) + (0.0012 * windMs * windMs) + (0.002 * rainLast12hMm), 2);

    /// <summary>A stable per-gauge factor in [0.8, 1.25] from its code.</summary>
    public static double BandFactor(string code)
    {
        var h = 17;
        foreach (var c in code)
        {
            h = unchecked((h * 31) + c);
        }

        return 0.8 + (0.45 * (Math.Abs(h % 1000) / 999.0));
    }
}

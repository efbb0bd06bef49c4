namespace OneCity.CityOps.Incidents;

/// <summary>A possible duplicate: an open incident of the same category near in space and time, with similar text.</summary>
internal sealed record MergeCandidate(long IncidentId, string Number, double Score, double DistanceMetres, double HoursApart, double TextSimilarity);

/// <summary>
/// How alike a new report is to an open incident. The score is 0.35 × nearness (1 at the same spot, 0 at
/// <see cref="RadiusMetres"/>) + 0.15 × recency (1 at the same moment, 0 after <see cref="Window"/>) + 0.5 × text
/// similarity (Dice coefficient of character bigrams). At or above <see cref="MergeScore"/> the report merges
/// automatically; from <see cref="SuggestScore"/> the dispatcher sees it as a suggestion.
/// </summary>
internal static class Duplicates
{
    public const double RadiusMetres = 300;
    public const double MergeScore = 0.72;
    public const double SuggestScore = 0.45;
    public static readonly TimeSpan Window = TimeSpan.FromHours(72);

    /// <summary>How long machine alarms of one category in one subdistrict keep joining the same open incident (storm suppression).</summary>
    public static readonly TimeSpan StormWindow = TimeSpan.FromHours(6);

    /// <summary>Degrees of latitude and longitude spanning the radius around Shanghai (for the SQL bounding box).</summary>
    public const double LatSpan = RadiusMetres / 111_320.0;
    public const double LonSpan = RadiusMetres / (111_320.0 * 0.857); // cos(31°)

    public static double Score(double distanceMetres, TimeSpan apart, double textSimilarity)
    {
        var near = Math.Max(0, 1 - (distanceMetres / RadiusMetres));
        var recent = Math.Max(0, 1 - (Math.Abs(apart.TotalHours) / Window.TotalHours));
        return Math.Round((0.35 * near) + (0.15 * recent) + (0.5 * textSimilarity), 3);
    }

    public static double DistanceMetres(double lon1, double lat1, double lon2, double lat2)
    {
        const double R = 6_371_000;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Dice coefficient of the two texts' character bigrams (punctuation and spaces ignored).</summary>
    public static double TextSimilarity(string a, string b)
    {
        var x = Bigrams(a);
        var y = Bigrams(b);
        if (x.Count == 0 || y.Count == 0)
        {
            return 0;
        }

        var common = 0;
        foreach (var (gram, n) in x)
        {
            if (y.TryGetValue(gram, out var m))
            {
                common += Math.Min(n, m);
            }
        }

        return 2.0 * common / (x.Values.Sum() + y.Values.Sum());
    }

    private static Dictionary<int, int> Bigrams(string text)
    {
        var grams = new Dictionary<int, int>();
        var prev = '\0';
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            if (prev != '\0')
            {
                var key = (prev << 16) | c;
                grams[key] = grams.GetValueOrDefault(key) + 1;
            }

            prev = c;
        }

        return grams;
    }
}

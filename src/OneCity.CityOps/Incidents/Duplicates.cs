using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OneCity.CityOps.Data;
using OneCity.CityOps.Location;

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

    /// <summary>Statuses an incident may have and still take more reports (a handled one may still be reopened by them).</summary>
    private static readonly IncidentStatus[] Open =
        [IncidentStatus.Triage, IncidentStatus.Registered, IncidentStatus.Dispatched, IncidentStatus.Handling, IncidentStatus.Bounced, IncidentStatus.Disputed, IncidentStatus.Handled];

    private static readonly IncidentStatus[] StormOpen =
        [IncidentStatus.Triage, IncidentStatus.Registered, IncidentStatus.Dispatched, IncidentStatus.Handling, IncidentStatus.Bounced, IncidentStatus.Disputed];

    private static readonly ReportChannel[] Machine = [ReportChannel.Sensor, ReportChannel.Camera];

    public static bool IsMachine(ReportChannel channel) => channel is ReportChannel.Sensor or ReportChannel.Camera;

    /// <summary>The area machine alarms are grouped by for storm suppression: the subdistrict, or the area when no subdistrict is known.</summary>
    public static string? StormArea(string? subdistrictCode, string? areaCode) => subdistrictCode ?? areaCode;

    /// <summary>
    /// Storm suppression: the open incident, first reported by a sensor or camera within <see cref="StormWindow"/>,
    /// of the same category in the same subdistrict (or area when no subdistrict is known), that a new machine alarm joins.
    /// </summary>
    public static async Task<long?> StormIncidentAsync(CityOpsDbContext db, string category, Located located, DateTimeOffset at, CancellationToken ct)
    {
        var since = at - StormWindow;
        if (StormArea(located.SubdistrictCode, located.AreaCode) is not { } area)
        {
            return null;
        }

        return await StormQuery(db, category, since, at, located.SubdistrictCode is not null, area).FirstOrDefaultAsync(ct);
    }

    /// <summary>The most similar open incidents of the category (bounding box and time window in SQL, scoring in memory), best first.</summary>
    public static async Task<IReadOnlyList<MergeCandidate>> CandidatesAsync(
        CityOpsDbContext db, string category, Located located, string text, DateTimeOffset at, long? excludeId, int take, CancellationToken ct)
    {
        var since = at - Window;
        var exclude = excludeId ?? 0; // ids start at 1
        List<CandidateRow> rows;
        // Every report at intake asks this: precompiled, once per model (one per provider, and per host in tests).
        if (located.Longitude is { } lon && located.Latitude is { } lat && located.Source == "coordinates")
        {
            var query = NearQuery.GetValue(db.Model, static _ => EF.CompileAsyncQuery(Near));
            rows = await query(db, category, since, at, exclude, lat - LatSpan, lat + LatSpan, lon - LonSpan, lon + LonSpan).ToListAsync(ct);
        }
        else if (located.AreaCode is { } area)
        {
            // Only an area is known: the same area stands in for "near" (scored as half the radius away).
            var query = AreaQuery.GetValue(db.Model, static _ => EF.CompileAsyncQuery(InArea));
            rows = await query(db, category, since, at, exclude, area).ToListAsync(ct);
        }
        else
        {
            return [];
        }

        return rows.Select(r => Candidate(located, text, at, r.Id, r.Number, r.Longitude, r.Latitude, r.ReportedAt, r.Description))
            .OfType<MergeCandidate>().OrderByDescending(c => c.Score).Take(take).ToList();
    }

    /// <summary>Open incidents of the category in a bounding box (south, north, west, east) and time window, newest first.</summary>
    internal static readonly Expression<Func<CityOpsDbContext, string, DateTimeOffset, DateTimeOffset, long, double, double, double, double, IQueryable<CandidateRow>>> Near =
        (c, cat, from, to, ex, south, north, west, east) => c.Set<Incident>().AsNoTracking()
            .Where(i => i.CategoryCode == cat && Open.Contains(i.Status) && i.ReportedAt >= from && i.ReportedAt <= to && i.Id != ex
                && i.Latitude >= south && i.Latitude <= north && i.Longitude >= west && i.Longitude <= east)
            .OrderByDescending(i => i.ReportedAt).Take(50)
            .Select(i => new CandidateRow(i.Id, i.Number, i.Longitude, i.Latitude, i.ReportedAt, i.Description));

    /// <summary>Open incidents of the category in an area and time window, newest first (for reports located by area only).</summary>
    internal static readonly Expression<Func<CityOpsDbContext, string, DateTimeOffset, DateTimeOffset, long, string, IQueryable<CandidateRow>>> InArea =
        (c, cat, from, to, ex, code) => c.Set<Incident>().AsNoTracking()
            .Where(i => i.CategoryCode == cat && Open.Contains(i.Status) && i.ReportedAt >= from && i.ReportedAt <= to && i.Id != ex && i.AreaCode == code)
            .OrderByDescending(i => i.ReportedAt).Take(50)
            .Select(i => new CandidateRow(i.Id, i.Number, i.Longitude, i.Latitude, i.ReportedAt, i.Description));

    /// <summary>The open machine-first incidents of the category in a subdistrict (or an area) and time window, newest first.</summary>
    internal static IQueryable<long?> StormQuery(CityOpsDbContext db, string category, DateTimeOffset since, DateTimeOffset at, bool bySubdistrict, string area)
    {
        var q = db.Set<Incident>().AsNoTracking()
            .Where(i => i.CategoryCode == category && StormOpen.Contains(i.Status) && Machine.Contains(i.FirstChannel) && i.ReportedAt >= since && i.ReportedAt <= at);
        q = bySubdistrict ? q.Where(i => i.SubdistrictCode == area) : q.Where(i => i.AreaCode == area);
        return q.OrderByDescending(i => i.ReportedAt).Select(i => (long?)i.Id);
    }

    internal sealed record CandidateRow(long Id, string Number, double? Longitude, double? Latitude, DateTimeOffset ReportedAt, string Description);

    private static readonly ConditionalWeakTable<IModel, Func<CityOpsDbContext, string, DateTimeOffset, DateTimeOffset, long, double, double, double, double, IAsyncEnumerable<CandidateRow>>> NearQuery = [];

    private static readonly ConditionalWeakTable<IModel, Func<CityOpsDbContext, string, DateTimeOffset, DateTimeOffset, long, string, IAsyncEnumerable<CandidateRow>>> AreaQuery = [];

    /// <summary>
    /// Whether an incident not yet in the database (one the same intake batch created) passes the filter that
    /// <see cref="CandidatesAsync"/> applies in SQL.
    /// </summary>
    public static bool IsNear(Located located, Incident i) =>
        located.Longitude is not null && located.Latitude is not null && located.Source == "coordinates"
            ? i.Longitude is not null && i.Latitude is not null
            : located.AreaCode is { } area && i.AreaCode == area;

    /// <summary>The incident scored as a duplicate of a new report; null when it is too far or too unlike to suggest.</summary>
    public static MergeCandidate? Candidate(Located located, string text, DateTimeOffset at, long id, string number, double? lon, double? lat, DateTimeOffset reportedAt, string description)
    {
        var distance = located.Source == "coordinates" && lon is { } x && lat is { } y
            ? DistanceMetres(located.Longitude!.Value, located.Latitude!.Value, x, y)
            : RadiusMetres / 2;
        var similarity = TextSimilarity(text, description);
        var c = new MergeCandidate(id, number, Score(distance, at - reportedAt, similarity), Math.Round(distance, 1), Math.Round(Math.Abs((at - reportedAt).TotalHours), 2), Math.Round(similarity, 3));
        return c.DistanceMetres <= RadiusMetres && c.Score >= SuggestScore ? c : null;
    }

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

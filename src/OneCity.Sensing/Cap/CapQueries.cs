using Microsoft.EntityFrameworkCore;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Cap;

internal sealed record CapGeocodeView(string ValueName, string Value);

internal sealed record CapAreaView(string AreaDesc, IReadOnlyList<CapGeocodeView> Geocodes, bool HasPolygon, bool HasCircle, int Polygons, int Circles);

internal sealed record CapInfoView(
    string Language, IReadOnlyList<string> Categories, string Event, IReadOnlyList<string> ResponseTypes, string Urgency, string Severity, string Certainty,
    string? Headline, string? SenderName, DateTimeOffset? Effective, DateTimeOffset? Onset, DateTimeOffset? Expires, string? Web, IReadOnlyList<CapAreaView> Areas);

/// <summary>
/// A stored CAP message in JSON. <see cref="Sent"/> is the text of the message (with its offset); the other instants are
/// UTC. <see cref="XmlUrl"/> serves the message's exact bytes to staff; <see cref="PublicUrl"/> is set for OneCity's own
/// warnings (anonymous, in the Atom feed).
/// </summary>
internal sealed record CapAlertView(
    long Id, string Origin, string Version, string Identifier, string Sender, string Sent, string Status, string MsgType, string Scope,
    string? Source, string? References, string? Incidents, bool Signed, int Length, string Sha256, DateTimeOffset ReceivedAt,
    string? Thread, long? SupersededBy, string XmlUrl, string? PublicUrl, IReadOnlyList<CapInfoView> Infos);

/// <summary>
/// Filters for stored alerts, all optional. <see cref="Event"/> matches an info's event case-insensitively and
/// <see cref="Severity"/> its severity (the same info must match both); <see cref="Geocode"/> matches any area's geocode
/// value (e.g. a district code); <see cref="Since"/> is on <c>sent</c>. Newest first.
/// </summary>
internal sealed record CapSearch(
    string? Event = null, string? Severity = null, string? Status = null, string? MsgType = null, DateTimeOffset? Since = null,
    string? Geocode = null, CapOrigin? Origin = null, int Take = 100);

/// <summary>Loading stored alerts with their infos, areas and geocodes (never the bytes, which have a table of their own).</summary>
internal static class CapQueries
{
    public static IQueryable<CapAlert> WithDetails(SensingDbContext db) =>
        db.Set<CapAlert>().AsNoTracking().Include(a => a.Infos).ThenInclude(i => i.Areas).ThenInclude(a => a.Geocodes).AsSplitQuery();

    public static Task<CapAlert?> LoadAsync(SensingDbContext db, long id, CancellationToken ct) =>
        WithDetails(db).Where(a => a.Id == id).OrderBy(a => a.Id).FirstOrDefaultAsync(ct);

    public static Task<byte[]?> XmlAsync(SensingDbContext db, long id, CancellationToken ct) =>
        db.Set<CapAlertXml>().AsNoTracking().Where(x => x.AlertId == id).Select(x => x.Bytes).FirstOrDefaultAsync(ct);

    public static async Task<List<CapAlert>> SearchAsync(SensingDbContext db, CapSearch s, CancellationToken ct)
    {
        var q = WithDetails(db);
        if (s.Event is not null || s.Severity is not null)
        {
            var ev = s.Event?.Trim().ToLowerInvariant();
            var severity = s.Severity;
            q = q.Where(a => a.Infos.Any(i => (ev == null || i.EventKey == ev) && (severity == null || i.Severity == severity)));
        }

        if (s.Status is not null)
        {
            q = q.Where(a => a.Status == s.Status);
        }

        if (s.MsgType is not null)
        {
            q = q.Where(a => a.MsgType == s.MsgType);
        }

        if (s.Since is { } since)
        {
            var utc = since.ToUniversalTime();
            q = q.Where(a => a.Sent >= utc);
        }

        if (s.Geocode is not null)
        {
            q = q.Where(a => a.Infos.Any(i => i.Areas.Any(ar => ar.Geocodes.Any(g => g.Value == s.Geocode))));
        }

        if (s.Origin is { } origin)
        {
            q = q.Where(a => a.Origin == origin);
        }

        return await q.OrderByDescending(a => a.Sent).ThenByDescending(a => a.Id).Take(Math.Clamp(s.Take, 1, 500)).ToListAsync(ct);
    }

    /// <summary>Whether a published message is still in force: not a Cancel, not replaced, and not past its latest expiry.</summary>
    public static bool Active(CapAlert a, DateTimeOffset now) =>
        a.MsgType != "Cancel" && a.SupersededById is null
        && (a.Infos.Count == 0 || a.Infos.Any(i => i.Expires is null || i.Expires > now));

    public static string PublicPath(CapAlert a) => $"/cap/alerts/{Uri.EscapeDataString(a.Identifier)}.xml";

    public static CapAlertView View(CapAlert a) => new(
        a.Id, a.Origin == CapOrigin.Published ? "published" : "ingested", a.Version, a.Identifier, a.Sender, a.SentText, a.Status, a.MsgType, a.Scope,
        a.Source, a.References, a.Incidents, a.Signed, a.Length, a.Sha256, a.ReceivedAt, a.Thread, a.SupersededById,
        $"/api/cap/alerts/{a.Id}/xml", a.Origin == CapOrigin.Published ? PublicPath(a) : null,
        a.Infos.OrderBy(i => i.Position).Select(i => new CapInfoView(
            i.Language, Split(i.Categories), i.Event, Split(i.ResponseTypes), i.Urgency, i.Severity, i.Certainty, i.Headline, i.SenderName,
            i.Effective, i.Onset, i.Expires, i.Web,
            i.Areas.OrderBy(x => x.Position).Select(x => new CapAreaView(
                x.AreaDesc, x.Geocodes.OrderBy(g => g.Id).Select(g => new CapGeocodeView(g.ValueName, g.Value)).ToList(),
                x.PolygonCount > 0, x.CircleCount > 0, x.PolygonCount, x.CircleCount)).ToList())).ToList());

    private static List<string> Split(string? value) => value is null ? [] : [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
}

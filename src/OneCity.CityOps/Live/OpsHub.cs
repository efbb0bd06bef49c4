using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Live;

/// <summary>An incident as the live map draws it; no personal data.</summary>
internal sealed record MapIncident(string Number, string Status, string CategoryCode, string CategoryZh, string Priority, double Longitude, double Latitude, string? AreaCode, string? UnitCode, bool Overdue, int ReportCount);

/// <summary>
/// Live updates for the operations centre over SignalR (<c>/hubs/ops</c>). Each connection joins the group of its
/// user's jurisdiction; a change is sent to the groups of the city, the incident's district and its subdistrict, so
/// every user receives only incidents inside their own jurisdiction.
/// </summary>
[Authorize(Roles = Roles.Dispatcher + "," + Roles.Commander + "," + Roles.GridInspector + "," + Roles.SystemAdministrator)]
internal sealed class OpsHub : Hub
{
    public const string Path = "/hubs/ops";

    public static string Group(string area) => "area:" + area;

    public override async Task OnConnectedAsync()
    {
        var user = CurrentUser.From(Context.User!);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(user.JurisdictionCode));
        await base.OnConnectedAsync();
    }
}

/// <summary>Publishes incident changes to the live map after they are committed. Never fails the change that caused it.</summary>
internal sealed class IncidentFeed(IHubContext<OpsHub> hub, ILogger<IncidentFeed> logger)
{
    public void Publish(Incident i, string categoryZh)
    {
        if (i.Longitude is not { } lon || i.Latitude is not { } lat)
        {
            return;
        }

        var groups = new List<string> { OpsHub.Group(AreaCodes.City) };
        if (i.DistrictCode is { } d)
        {
            groups.Add(OpsHub.Group(d));
        }

        if (i.SubdistrictCode is { } s)
        {
            groups.Add(OpsHub.Group(s));
        }

        var item = new MapIncident(i.Number, IncidentQueries.Status(i.Status), i.CategoryCode, categoryZh, i.Priority.ToString().ToLowerInvariant(), lon, lat, i.AreaCode, i.UnitCode,
            i.SlaStage >= 2, i.ReportCount);
        _ = SendAsync(groups, item);
    }

    private async Task SendAsync(List<string> groups, MapIncident item)
    {
        try
        {
            await hub.Clients.Groups(groups).SendAsync("incident", item);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Live update for incident {Number} not sent.", item.Number);
        }
    }
}

/// <summary>The open incidents of an area with coordinates, for the map's first drawing.</summary>
internal sealed class MapQueries(CityOpsDbContext db, Categories.CategoryTree categories)
{
    public const int Max = 2000;

    public async Task<IReadOnlyList<MapIncident>> OpenAsync(string area, CancellationToken ct)
    {
        var closed = new[] { IncidentStatus.Closed, IncidentStatus.Refused, IncidentStatus.Merged };
        var q = db.Set<Incident>().AsNoTracking().Where(i => !closed.Contains(i.Status) && i.Longitude != null && i.Latitude != null);
        if (area != AreaCodes.City)
        {
            q = q.Where(i => i.AreaCode != null && i.AreaCode.StartsWith(area));
        }

        var rows = await q.OrderByDescending(i => i.Id).Take(Max)
            .Select(i => new { i.Number, i.Status, i.CategoryCode, i.Priority, i.Longitude, i.Latitude, i.AreaCode, i.UnitCode, i.SlaStage, i.ReportCount })
            .ToListAsync(ct);
        return rows.Select(i => new MapIncident(i.Number, IncidentQueries.Status(i.Status), i.CategoryCode, categories.Find(i.CategoryCode)?.NameZh ?? i.CategoryCode,
            i.Priority.ToString().ToLowerInvariant(), i.Longitude!.Value, i.Latitude!.Value, i.AreaCode, i.UnitCode, i.SlaStage >= 2, i.ReportCount)).ToList();
    }
}

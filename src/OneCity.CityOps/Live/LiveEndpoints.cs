using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Live;

internal static class LiveEndpoints
{
    public static void MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHub<OpsHub>(OpsHub.Path);
        app.MapGet("/api/cityops/map", Open)
            .RequireAuthorization(p => p.RequireRole(Roles.Dispatcher, Roles.Commander, Roles.GridInspector, Roles.SystemAdministrator))
            .WithTags("CityOps: incidents")
            .WithSummary("Open incidents with coordinates in an area (default: your jurisdiction), the newest 2,000, for the live map; no personal data. Changes then arrive over SignalR at /hubs/ops (message 'incident').");
    }

    private static async Task<Results<Ok<IReadOnlyList<MapIncident>>, ValidationProblem, ProblemHttpResult>> Open(string? area, MapQueries map, HttpContext http)
    {
        var (scope, invalid, forbidden) = AreaScope.Resolve(CurrentUser.From(http.User), area);
        if (invalid is not null)
        {
            return invalid;
        }

        if (forbidden is not null)
        {
            return forbidden;
        }

        return TypedResults.Ok(await map.OpenAsync(scope, http.RequestAborted));
    }
}

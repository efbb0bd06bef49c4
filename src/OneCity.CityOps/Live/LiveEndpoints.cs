using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Hosting;
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
        var user = CurrentUser.From(http.User);
        area ??= user.JurisdictionCode;
        if (area.Length is not (6 or 9) || !area.All(char.IsAsciiDigit))
        {
            return Problems.Invalid("area", "the city (310000), a district (6 digits) or a subdistrict (9 digits) code");
        }

        if (!user.Covers(area))
        {
            return Problems.Forbidden($"Area {area} is outside your jurisdiction ({user.JurisdictionCode}).");
        }

        return TypedResults.Ok(await map.OpenAsync(area, http.RequestAborted));
    }
}

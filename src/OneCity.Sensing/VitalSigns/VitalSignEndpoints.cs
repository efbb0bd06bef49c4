using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Sensing.VitalSigns;

internal static class VitalSignEndpoints
{
    public static void MapVitalSignEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/vitals").WithTags("Sensing").RequireAuthorization(Policies.Staff);
        g.MapGet("", Current).WithSummary("The city's vital signs now, for the city (with each district) or one district (area=6 digits; default your jurisdiction's district or the city): value, level (normal, attention, warning, alarm) and thresholds.");
        g.MapGet("/history", History).WithSummary("An indicator's recorded values in an area over the last hours (default 24, at most 720), for trend charts.");
    }

    private static (string? Area, IResult? Problem) Resolve(CurrentUser user, string? area)
    {
        area ??= user.JurisdictionCode.Length >= 6 ? user.JurisdictionCode[..6] : AreaCodes.City;
        if (area != AreaCodes.City && !VitalSignDefinitions.Population.ContainsKey(area))
        {
            return (null, Problems.Invalid("area", "the city (310000) or a district code"));
        }

        var allowed = user.IsInRole(Roles.SystemAdministrator) || user.IsInRole(Roles.Auditor) || user.Covers(area)
            || (area == AreaCodes.City && user.JurisdictionCode == AreaCodes.City);
        return allowed ? (area, null) : (null, Problems.Forbidden($"Area {area} is outside your jurisdiction ({user.JurisdictionCode})."));
    }

    private static async Task<IResult> Current(string? area, VitalSignsService vitals, HttpContext http)
    {
        var (resolved, problem) = Resolve(CurrentUser.From(http.User), area);
        return problem ?? TypedResults.Ok(await vitals.ViewAsync(resolved!, http.RequestAborted));
    }

    private static async Task<IResult> History(string? indicator, string? area, int? hours, VitalSignsService vitals, TimeProvider clock, HttpContext http)
    {
        if (VitalSignDefinitions.Find(indicator) is null)
        {
            return Problems.Invalid("indicator", "one of " + string.Join(", ", VitalSignDefinitions.All.Select(d => d.Code)));
        }

        if (hours is < 1 or > 720)
        {
            return Problems.Invalid("hours", "1 to 720");
        }

        var (resolved, problem) = Resolve(CurrentUser.From(http.User), area);
        if (problem is not null)
        {
            return problem;
        }

        var points = await vitals.HistoryAsync(indicator!, resolved!, clock.GetUtcNow().AddHours(-(hours ?? 24)), http.RequestAborted);
        return TypedResults.Ok(new { indicator, area = resolved, hours = (hours ?? 24).ToString(CultureInfo.InvariantCulture), points });
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Calendar;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Performance;

internal static class KpiEndpoints
{
    public const int MaxDays = 366;

    public static void MapKpiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cityops/kpi", Get).WithTags("CityOps: performance")
            .RequireAuthorization(p => p.RequireRole(Roles.Dispatcher, Roles.Commander, Roles.GridInspector, Roles.Auditor, Roles.SystemAdministrator))
            .WithSummary("KPIs of an area (default: your jurisdiction; only areas inside it) for from..to (Shanghai dates, default the last 30 days, at most 366): open, overdue and triage counts; on-time dispatch, handling and closure, rework, satisfaction, inspector-found share; per child area and per unit.");
    }

    private static async Task<Results<Ok<KpiView>, ValidationProblem, ProblemHttpResult>> Get(string? area, string? from, string? to, KpiQueries kpi, WorkingCalendar calendar, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        area ??= user.JurisdictionCode;
        if (area.Length is not (6 or 9) || !area.All(char.IsAsciiDigit) || !area.StartsWith("31", StringComparison.Ordinal))
        {
            return Problems.Invalid("area", "the city (310000), a district (6 digits) or a subdistrict (9 digits) code");
        }

        if (!user.Covers(area) && !user.IsInRole(Roles.Auditor) && !user.IsInRole(Roles.SystemAdministrator))
        {
            return Problems.Forbidden($"Area {area} is outside your jurisdiction ({user.JurisdictionCode}).");
        }

        var today = calendar.Today;
        DateOnly? Parse(string? text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var end = to is null ? today : Parse(to);
        if (end is null)
        {
            return Problems.Invalid("to", "a date yyyy-MM-dd");
        }

        var start = from is null ? end.Value.AddDays(-29) : Parse(from);
        if (start is null)
        {
            return Problems.Invalid("from", "a date yyyy-MM-dd");
        }

        if (start > end || end.Value.DayNumber - start.Value.DayNumber >= MaxDays)
        {
            return Problems.Invalid("from", $"on or before 'to', at most {MaxDays} days before it");
        }

        return TypedResults.Ok(await kpi.GetAsync(area, start.Value, end.Value, http.RequestAborted));
    }
}

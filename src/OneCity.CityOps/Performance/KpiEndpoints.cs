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
            .WithSummary("KPIs of an area (default: your jurisdiction; only areas inside it) for from..to (Shanghai dates, default the last 30 days, at most 366): open, overdue, triage and suspended counts; on-time dispatch, handling and closure, rework, satisfaction, inspector-found share, extensions and suspensions approved; per child area and per unit.");
    }

    private static async Task<Results<Ok<KpiView>, ValidationProblem, ProblemHttpResult>> Get(string? area, string? from, string? to, KpiQueries kpi, WorkingCalendar calendar, HttpContext http)
    {
        var (scope, invalid, forbidden) = Live.AreaScope.Resolve(CurrentUser.From(http.User), area);
        if (invalid is not null)
        {
            return invalid;
        }

        if (forbidden is not null)
        {
            return forbidden;
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

        return TypedResults.Ok(await kpi.GetAsync(scope, start.Value, end.Value, http.RequestAborted));
    }
}

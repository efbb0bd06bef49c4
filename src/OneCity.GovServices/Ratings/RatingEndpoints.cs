using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.GovServices.Applications;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Ratings;

/// <summary>Ratings by applicants, rectifications by departments, and the public statistics.</summary>
internal static class RatingEndpoints
{
    public static void MapRatingEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/applications/{number}/ratings").WithTags("GovServices: ratings");
        g.MapPost("", Rate).RequireAuthorization(Policies.Citizen)
            .WithSummary("Rate the application (no stepId) or one finished step: stars 1–5, comment (at most 500 characters), reason (attitude, slow, materials, result, other; required for 1–2 stars). Once per thing. 1–2 stars open a rectification.");
        g.MapGet("", List).RequireAuthorization(Policies.Authenticated)
            .WithSummary("The application's ratings with their rectifications, and what its applicant may still rate.");

        var staff = app.MapGroup("/api/govservices/rectifications").WithTags("GovServices: ratings").RequireAuthorization(p => p.RequireRole(Rectifications.Handlers));
        staff.MapGet("", Queue).WithSummary("My department's rectifications (status=open|closed|all, overdue=true) with working-day countdowns.");
        staff.MapPost("/{id:long}/response", (long id, RectificationInput? input, Rectifications service, HttpContext http) => Record(id, RectificationStage.Response, input, service, http))
            .WithSummary("Record the department's response (within 1 working day): {text, revision?}.");
        staff.MapPost("/{id:long}/fix", (long id, RectificationInput? input, Rectifications service, HttpContext http) => Record(id, RectificationStage.Fix, input, service, http))
            .WithSummary("Record the fix (within 5 working days), after the response: {text, revision?}.");
        staff.MapPost("/{id:long}/feedback", (long id, RectificationInput? input, Rectifications service, HttpContext http) => Record(id, RectificationStage.Feedback, input, service, http))
            .WithSummary("Give the applicant feedback (within 15 working days), after the fix: closes the rectification and notifies the applicant.");

        app.MapGet("/api/govservices/stats/departments", Stats).AllowAnonymous().WithTags("GovServices: ratings")
            .WithSummary("Public statistics per department: ratings, average stars, good and bad shares, rectifications open/closed/overdue, steps decided on time. No personal data.");
    }

    private static async Task<Results<Created<RatingView>, ProblemHttpResult, ValidationProblem>> Rate(string number, RateInput? input, RatingService service, HttpContext http)
    {
        if (input is null)
        {
            return Problems.Invalid("body", "required");
        }

        var (view, refusal) = await service.RateAsync(CurrentUser.From(http.User), number, input, http.RequestAborted);
        return refusal is not null
            ? ApplicationEndpoints.Fail<Created<RatingView>>(refusal)
            : TypedResults.Created($"/api/applications/{Uri.EscapeDataString(number)}/ratings/{view!.Id}", view);
    }

    private static async Task<Results<Ok<RatingsOverview>, ProblemHttpResult>> List(string number, RatingService service, HttpContext http)
    {
        var overview = await service.OverviewAsync(CurrentUser.From(http.User), number, http.RequestAborted);
        return overview is null ? Problems.NotFound($"No application {number} visible to you.") : TypedResults.Ok(overview);
    }

    private static async Task<Results<Ok<IReadOnlyList<RectificationView>>, ValidationProblem>> Queue(string? status, bool? overdue, Rectifications service, HttpContext http)
    {
        if (status is not (null or "open" or "closed" or "all"))
        {
            return Problems.Invalid("status", "one of open, closed, all");
        }

        var user = CurrentUser.From(http.User);
        return TypedResults.Ok(await service.ListAsync(user.DepartmentCode ?? "-", status, overdue == true, http.RequestAborted));
    }

    private static async Task<Results<Ok<RectificationView>, ProblemHttpResult, ValidationProblem>> Record(long id, RectificationStage stage, RectificationInput? input,
        Rectifications service, HttpContext http)
    {
        var (view, refusal) = await service.RecordAsync(CurrentUser.From(http.User), id, stage, input ?? new RectificationInput(null, null), http.RequestAborted);
        return refusal is not null ? ApplicationEndpoints.Fail<Ok<RectificationView>>(refusal) : TypedResults.Ok(view!);
    }

    private static async Task<Ok<ServiceStatsView>> Stats(ServiceStats stats, HttpContext http) =>
        TypedResults.Ok(await stats.DepartmentsAsync(http.RequestAborted));
}

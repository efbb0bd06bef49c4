using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Plans;

namespace OneCity.Sensing.Replay;

/// <summary>Whether this instance can run replays, and the one running now.</summary>
internal sealed record ReplayStatusView(bool Available, string? Reason, ReplayProgress? Running, DateTimeOffset PlatformTime);

/// <summary><c>/api/replays</c>: start a typhoon replay (commander or administrator), follow it, read its report.</summary>
internal static class ReplayEndpoints
{
    private static readonly string[] Readers = [Roles.Commander, Roles.Dispatcher, Roles.SystemAdministrator];
    private static readonly string[] Starters = [Roles.Commander, Roles.SystemAdministrator];

    public static IEndpointRouteBuilder MapReplayEndpoints(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/replays").WithTags("Exercises");
        g.MapGet("/status", Status).RequireAuthorization(p => p.RequireRole(Readers))
            .WithSummary("Whether this instance runs exercises (an exercise clock), the platform's time, and the replay running now with its progress.");
        g.MapGet("", async (ReplayRunner runner, HttpContext http) => TypedResults.Ok(await runner.ListAsync(http.RequestAborted)))
            .RequireAuthorization(p => p.RequireRole(Readers))
            .WithSummary("Replays run on this instance, newest first (without their reports).");
        g.MapPost("", Start).RequireAuthorization(p => p.RequireRole(Starters))
            .WithSummary("Starts the typhoon In-Fa replay {stepMinutes 5–60 (10), speed: scenario seconds per second, 0 = as fast as possible (600), from?, to?}. It moves the instance's clock forward: exercise instances only.");
        g.MapGet("/{id:long}", Get).RequireAuthorization(p => p.RequireRole(Readers))
            .WithSummary("One replay: status, progress while it runs, and its report when finished (format=markdown for the report as Markdown).");
        return app;
    }

    private static Ok<ReplayStatusView> Status(ReplayRunner runner, TimeProvider clock) =>
        TypedResults.Ok(new ReplayStatusView(runner.Available,
            runner.Available ? null : "This instance runs on real time; start an exercise instance (Exercise:Enabled=true) to run replays.",
            runner.Progress, clock.GetUtcNow()));

    private static async Task<Results<Accepted<ReplayRunView>, Ok<ReplayRunView>, ValidationProblem, ProblemHttpResult>> Start(ReplayInput? body, ReplayRunner runner, HttpContext http)
    {
        var outcome = await runner.StartAsync(CurrentUser.From(http.User), body ?? new ReplayInput(), http.RequestAborted);
        return outcome.Value is { } run
            ? TypedResults.Accepted($"/api/replays/{run.Id}", run)
            : PlanEndpoints.ToResult(outcome).Result switch
            {
                ValidationProblem v => v,
                ProblemHttpResult p => p,
                _ => Problems.Conflict(outcome.Message ?? "The replay did not start."),
            };
    }

    private static async Task<Results<Ok<ReplayRunView>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(long id, string? format, ReplayRunner runner, HttpContext http)
    {
        if (format is not (null or "json" or "markdown"))
        {
            return Problems.Invalid("format", "json or markdown");
        }

        if (await runner.FindAsync(id, http.RequestAborted) is not { } run)
        {
            return Problems.NotFound($"No replay {id}.");
        }

        if (format != "markdown")
        {
            return TypedResults.Ok(run);
        }

        return run.Report is { } report
            ? TypedResults.Text(report.ToMarkdown(), "text/markdown; charset=utf-8")
            : Problems.Conflict($"Replay {id} is {run.Status}; it has no report.");
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Sensing.Plans;

/// <summary>The emergency-plan API under <c>/api/emergency</c>.</summary>
internal static class PlanEndpoints
{
    private static readonly string[] OperationsRoles = [Roles.Commander, Roles.Dispatcher];

    public static IEndpointRouteBuilder MapPlanApi(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/emergency").WithTags("Emergency plans");
        g.MapGet("/plans", (EmergencyPlans plans) => TypedResults.Ok(plans.Plans())).RequireAuthorization(Policies.Staff)
            .WithSummary("The emergency plans (预案): typhoon, rainstorm-flooding, high-temperature, other; with their CAP event keywords and tasks per level.");
        g.MapGet("/plans/{code}", Results<Ok<PlanDefinition>, ProblemHttpResult> (string code, EmergencyPlans plans) =>
                plans.Catalogue.Find(code) is { } p ? TypedResults.Ok(p) : Problems.NotFound($"No plan {code}."))
            .RequireAuthorization(Policies.Staff).WithSummary("One plan: triggers (CAP, vital signs) and the task graph (department, deadline in hours per level, dependencies).");

        g.MapGet("/proposals", Proposals).RequireAuthorization(p => p.RequireRole(OperationsRoles))
            .WithSummary("Proposals to activate a plan or raise its level, newest first; status pending, confirmed or dismissed.");
        g.MapPost("/proposals", ProposeManual).RequireAuthorization(p => p.RequireRole(OperationsRoles))
            .WithSummary("A manual proposal {planCode, level I–IV, areas (310000 or district codes), reason}; the commander confirms it.");
        g.MapPost("/proposals/{id:long}/confirm", Confirm).RequireAuthorization(p => p.RequireRole(Roles.Commander))
            .WithSummary("The commander confirms a pending proposal {level?, note?}: the plan is activated (its tasks issued) or its level raised.");
        g.MapPost("/proposals/{id:long}/dismiss", Dismiss).RequireAuthorization(p => p.RequireRole(Roles.Commander))
            .WithSummary("The commander dismisses a pending proposal {note?}.");

        g.MapGet("/activations", Activations).RequireAuthorization(Policies.Staff)
            .WithSummary("Activations, newest first (active=true for running ones), with task counts by status and overdue tasks.");
        g.MapGet("/activations/{id:long}", Activation).RequireAuthorization(Policies.Staff)
            .WithSummary("One activation: tasks with deadlines, dependencies and notes; level history; resource requests.");
        g.MapPost("/activations/{id:long}/level", ChangeLevel).RequireAuthorization(p => p.RequireRole(Roles.Commander))
            .WithSummary("The commander raises or lowers the level {level, reason}; raising issues the new level's tasks and shortens deadlines.");
        g.MapPost("/activations/{id:long}/deactivate", Deactivate).RequireAuthorization(p => p.RequireRole(Roles.Commander))
            .WithSummary("The commander ends the response {note}.");
        g.MapGet("/activations/{id:long}/report", Report).RequireAuthorization(Policies.Staff)
            .WithSummary("The situation report now: level history, tasks by status (on-time, late, overdue), resource requests, timeline. format=markdown for Markdown.");
        g.MapPost("/activations/{id:long}/resource-requests", RequestResource).RequireAuthorization(Policies.Staff)
            .WithSummary("Your department asks another for resources {toDepartment, what, quantity, unit?, neededBy?}.");

        g.MapGet("/tasks/mine", MyTasks).RequireAuthorization(Policies.Staff)
            .WithSummary("Your department's tasks in running activations (all=true includes ended ones).");
        g.MapPost("/tasks/{id:long}/check-in", CheckIn).RequireAuthorization(Policies.Staff)
            .WithSummary("The task's department (or the commander) checks in a ready task {note?}.");
        g.MapPost("/tasks/{id:long}/status", Status).RequireAuthorization(Policies.Staff)
            .WithSummary("The task's department (or the commander) reports {status: in-progress | blocked | done, note} (a note is required when blocked).");

        g.MapGet("/resource-requests/mine", MyRequests).RequireAuthorization(Policies.Staff)
            .WithSummary("Resource requests sent by or addressed to your department.");
        g.MapPost("/resource-requests/{id:long}/answer", Answer).RequireAuthorization(Policies.Staff)
            .WithSummary("The asked department answers {status: accepted | declined | delivered, note} (a note is required when declining).");
        return app;
    }

    internal static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToResult<T>(Outcome<T> o)
        where T : class =>
        o.Value is { } v ? TypedResults.Ok(v)
        : o.Errors is { } e ? e.ToProblem()
        : o.Failure switch
        {
            Failure.NotFound => Problems.NotFound(o.Message!),
            Failure.Forbidden => Problems.Forbidden(o.Message!),
            _ => Problems.Conflict(o.Message!),
        };

    private static async Task<Results<Ok<IReadOnlyList<ProposalView>>, ValidationProblem>> Proposals(string? status, EmergencyPlans plans, HttpContext http)
    {
        if (status is not null && status is not (ProposalStatuses.Pending or ProposalStatuses.Confirmed or ProposalStatuses.Dismissed))
        {
            return Problems.Invalid("status", "pending, confirmed or dismissed");
        }

        return TypedResults.Ok(await plans.ProposalsAsync(status, http.RequestAborted));
    }

    private static async Task<Results<Ok<ProposalView>, ValidationProblem, ProblemHttpResult>> ProposeManual(ManualProposalInput? body, EmergencyPlans plans, HttpContext http) =>
        body is null ? Problems.Invalid("body", "required") : ToResult(await plans.ProposeManualAsync(CurrentUser.From(http.User), body, http.RequestAborted));

    private static async Task<Results<Ok<ActivationDetail>, ValidationProblem, ProblemHttpResult>> Confirm(long id, DecisionInput? body, EmergencyPlans plans, HttpContext http) =>
        ToResult(await plans.ConfirmAsync(CurrentUser.From(http.User), id, body ?? new DecisionInput(null, null), http.RequestAborted));

    private static async Task<Results<Ok<ProposalView>, ValidationProblem, ProblemHttpResult>> Dismiss(long id, DecisionInput? body, EmergencyPlans plans, HttpContext http) =>
        ToResult(await plans.DismissAsync(CurrentUser.From(http.User), id, body ?? new DecisionInput(null, null), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<ActivationView>>> Activations(bool? active, EmergencyPlans plans, HttpContext http) =>
        TypedResults.Ok(await plans.ActivationsAsync(active == true, http.RequestAborted));

    private static async Task<Results<Ok<ActivationDetail>, ProblemHttpResult>> Activation(long id, EmergencyPlans plans, HttpContext http) =>
        await plans.DetailAsync(id, http.RequestAborted) is { } d ? TypedResults.Ok(d) : Problems.NotFound($"No activation {id}.");

    private static async Task<Results<Ok<ActivationDetail>, ValidationProblem, ProblemHttpResult>> ChangeLevel(long id, LevelInput? body, EmergencyPlans plans, HttpContext http) =>
        body is null ? Problems.Invalid("body", "required") : ToResult(await plans.ChangeLevelAsync(CurrentUser.From(http.User), id, body, http.RequestAborted));

    private static async Task<Results<Ok<ActivationDetail>, ValidationProblem, ProblemHttpResult>> Deactivate(long id, NoteInput? body, EmergencyPlans plans, HttpContext http) =>
        ToResult(await plans.DeactivateAsync(CurrentUser.From(http.User), id, body ?? new NoteInput(null), http.RequestAborted));

    private static async Task<Results<Ok<SituationReport>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Report(long id, string? format, EmergencyPlans plans, HttpContext http)
    {
        if (format is not (null or "json" or "markdown"))
        {
            return Problems.Invalid("format", "json or markdown");
        }

        if (await plans.SituationReportAsync(id, http.RequestAborted) is not { } report)
        {
            return Problems.NotFound($"No activation {id}.");
        }

        return format == "markdown" ? TypedResults.Text(SituationReports.Markdown(report), "text/markdown; charset=utf-8") : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<ResourceRequestView>, ValidationProblem, ProblemHttpResult>> RequestResource(long id, ResourceRequestInput? body, EmergencyPlans plans, HttpContext http) =>
        body is null ? Problems.Invalid("body", "required") : ToResult(await plans.RequestResourceAsync(CurrentUser.From(http.User), id, body, http.RequestAborted));

    private static async Task<Results<Ok<IReadOnlyList<TaskView>>, ProblemHttpResult>> MyTasks(bool? all, EmergencyPlans plans, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        return string.IsNullOrEmpty(user.DepartmentCode)
            ? Problems.Forbidden("Your account belongs to no department.")
            : TypedResults.Ok(await plans.TasksOfDepartmentAsync(user.DepartmentCode, all == true, http.RequestAborted));
    }

    private static async Task<Results<Ok<TaskView>, ValidationProblem, ProblemHttpResult>> CheckIn(long id, NoteInput? body, EmergencyPlans plans, HttpContext http) =>
        ToResult(await plans.CheckInAsync(CurrentUser.From(http.User), id, body ?? new NoteInput(null), http.RequestAborted));

    private static async Task<Results<Ok<TaskView>, ValidationProblem, ProblemHttpResult>> Status(long id, StatusInput? body, EmergencyPlans plans, HttpContext http) =>
        body is null ? Problems.Invalid("body", "required") : ToResult(await plans.ReportStatusAsync(CurrentUser.From(http.User), id, body, http.RequestAborted));

    private static async Task<Results<Ok<IReadOnlyList<ResourceRequestView>>, ProblemHttpResult>> MyRequests(EmergencyPlans plans, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        return string.IsNullOrEmpty(user.DepartmentCode)
            ? Problems.Forbidden("Your account belongs to no department.")
            : TypedResults.Ok(await plans.RequestsOfDepartmentAsync(user.DepartmentCode, http.RequestAborted));
    }

    private static async Task<Results<Ok<ResourceRequestView>, ValidationProblem, ProblemHttpResult>> Answer(long id, ResourceAnswerInput? body, EmergencyPlans plans, HttpContext http) =>
        body is null ? Problems.Invalid("body", "required") : ToResult(await plans.AnswerResourceRequestAsync(CurrentUser.From(http.User), id, body, http.RequestAborted));
}

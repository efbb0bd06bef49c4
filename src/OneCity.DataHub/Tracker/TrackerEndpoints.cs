using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Tracker;

internal sealed record ObjectionRequest(long? AuditSeq, string? Reason);

internal sealed record ResolveRequest(string? Outcome, string? Response);

internal sealed record ConsentRequest(string? DepartmentCode, string? Purpose);

/// <summary>The citizen's data tracker, objections and consents, and the stewards' objection queue.</summary>
internal static class TrackerEndpoints
{
    /// <summary>Who handles objections: data stewards (and system administrators).</summary>
    public static readonly string[] StewardRoles = [Roles.DataSteward, Roles.SystemAdministrator];

    public static void MapTrackerEndpoints(this IEndpointRouteBuilder app)
    {
        var citizen = app.MapGroup("/api/datahub/tracker").WithTags("DataHub: data tracker").RequireAuthorization(Policies.Citizen);
        citizen.MapGet("/accesses", Accesses).WithSummary("Every recorded access to the signed-in citizen's data by others: department, time, purpose, legal basis.");
        citizen.MapGet("/objections", OwnObjections).WithSummary("The signed-in citizen's objections and their answers.");
        citizen.MapPost("/objections", Raise).WithSummary("Object to one recorded access; goes to the data stewards with a 15-working-day deadline.");
        citizen.MapGet("/consents", Consents).WithSummary("The signed-in citizen's consents, current and withdrawn.");
        citizen.MapPost("/consents", GiveConsent).WithSummary("Consent to one department using your data for one purpose without a statutory basis.");
        citizen.MapPost("/consents/{id:long}/withdraw", WithdrawConsent).WithSummary("Withdraw a consent; it stops further access at once.");

        var stewards = app.MapGroup("/api/datahub/objections").WithTags("DataHub: data tracker").RequireAuthorization(p => p.RequireRole(StewardRoles));
        stewards.MapGet("", Queue).WithSummary("The data stewards' objection queue (status=open|upheld|rejected, overdue=true).");
        stewards.MapPost("/{id:long}/resolve", Resolve).WithSummary("Answer an objection: outcome upheld or rejected, with a response sent to the citizen.");
    }

    private static async Task<Results<Ok<AccessPage>, ValidationProblem, ProblemHttpResult>> Accesses(int? page, int? pageSize, TrackerService tracker, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        if (user.PersonId is null)
        {
            return Problems.NotFound("This account is not linked to a person in the population registry.");
        }

        var errors = new FieldErrors();
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p < 1)
        {
            errors.Add("page", "must be 1 or more");
        }

        if (size is < 1 or > 200)
        {
            errors.Add("pageSize", "must be between 1 and 200");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await tracker.AccessesAsync(user, p, size, http.RequestAborted));
    }

    private static async Task<Ok<IReadOnlyList<ObjectionView>>> OwnObjections(TrackerService tracker, HttpContext http) =>
        TypedResults.Ok(await tracker.OwnObjectionsAsync(CurrentUser.From(http.User), http.RequestAborted));

    private static async Task<Results<Created<ObjectionView>, ValidationProblem, ProblemHttpResult>> Raise(ObjectionRequest? request, TrackerService tracker, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        if (user.PersonId is null)
        {
            return Problems.NotFound("This account is not linked to a person in the population registry.");
        }

        var errors = ValidateObjection(request);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (outcome, view, message) = await tracker.RaiseAsync(user, request!.AuditSeq!.Value, request.Reason!.Trim(), http.RequestAborted);
        return outcome switch
        {
            TrackerOutcome.Ok => TypedResults.Created($"/api/datahub/tracker/objections/{view!.Id}", view),
            TrackerOutcome.Conflict => Problems.Conflict(message!),
            _ => Problems.NotFound(message!),
        };
    }

    internal static FieldErrors ValidateObjection(ObjectionRequest? request)
    {
        var errors = new FieldErrors();
        if (request?.AuditSeq is not > 0)
        {
            errors.Add("auditSeq", "required: the sequence number of the access you object to");
        }

        var reason = request?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length < 4)
        {
            errors.Add("reason", "required: at least 4 characters");
        }
        else if (reason.Length > 1000)
        {
            errors.Add("reason", "at most 1000 characters");
        }

        return errors;
    }

    private static async Task<Ok<IReadOnlyList<ConsentView>>> Consents(TrackerService tracker, HttpContext http) =>
        TypedResults.Ok(await tracker.ConsentsAsync(CurrentUser.From(http.User), http.RequestAborted));

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> GiveConsent(ConsentRequest? request, TrackerService tracker, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        if (user.PersonId is null)
        {
            return Problems.NotFound("This account is not linked to a person in the population registry.");
        }

        var errors = ValidateConsent(request);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (outcome, message) = await tracker.GiveConsentAsync(user, request!.DepartmentCode!.Trim(), request.Purpose!.Trim(), http.RequestAborted);
        if (outcome == TrackerOutcome.Ok)
        {
            return TypedResults.NoContent();
        }

        return outcome == TrackerOutcome.Conflict ? Problems.Conflict(message!) : Problems.Invalid("departmentCode", message!);
    }

    internal static FieldErrors ValidateConsent(ConsentRequest? request)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request?.DepartmentCode) || request.DepartmentCode.Length > 40)
        {
            errors.Add("departmentCode", "required: the department's code, at most 40 characters");
        }

        var purpose = request?.Purpose?.Trim();
        if (string.IsNullOrEmpty(purpose) || purpose.Length > 100 || !purpose.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add("purpose", "required: a purpose code of letters, digits, '-', '_' or '.', at most 100 characters");
        }

        return errors;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> WithdrawConsent(long id, TrackerService tracker, HttpContext http)
    {
        var (outcome, message) = await tracker.WithdrawConsentAsync(CurrentUser.From(http.User), id, http.RequestAborted);
        return outcome switch
        {
            TrackerOutcome.Ok => TypedResults.NoContent(),
            TrackerOutcome.Conflict => Problems.Conflict(message!),
            _ => Problems.NotFound(message!),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<ObjectionView>>, ValidationProblem>> Queue(string? status, bool? overdue, TrackerService tracker, HttpContext http)
    {
        ObjectionStatus? s = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ObjectionStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problems.Invalid("status", "must be open, upheld or rejected");
            }

            s = parsed;
        }

        return TypedResults.Ok(await tracker.QueueAsync(s, overdue ?? false, http.RequestAborted));
    }

    private static async Task<Results<Ok<ObjectionView>, ValidationProblem, ProblemHttpResult>> Resolve(long id, ResolveRequest? request, TrackerService tracker, HttpContext http)
    {
        var errors = ValidateResolve(request);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (outcome, view, message) = await tracker.ResolveAsync(CurrentUser.From(http.User), id,
            string.Equals(request!.Outcome, "upheld", StringComparison.OrdinalIgnoreCase), request.Response!.Trim(), http.RequestAborted);
        return outcome switch
        {
            TrackerOutcome.Ok => TypedResults.Ok(view!),
            TrackerOutcome.Conflict => Problems.Conflict(message!),
            _ => Problems.NotFound(message!),
        };
    }

    internal static FieldErrors ValidateResolve(ResolveRequest? request)
    {
        var errors = new FieldErrors();
        if (request?.Outcome is not ("upheld" or "rejected"))
        {
            errors.Add("outcome", "must be upheld or rejected");
        }

        var response = request?.Response?.Trim();
        if (string.IsNullOrEmpty(response) || response.Length < 4)
        {
            errors.Add("response", "required: the answer the citizen will read, at least 4 characters");
        }
        else if (response.Length > 2000)
        {
            errors.Add("response", "at most 2000 characters");
        }

        return errors;
    }
}

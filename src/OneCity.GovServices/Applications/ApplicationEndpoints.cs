using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Applications;

/// <summary>Applying (citizens, companies, counter clerks), tracking, supplements, and the departments' queue and actions.</summary>
internal static class ApplicationEndpoints
{
    public static readonly string[] Applicants = [Roles.Citizen, Roles.CompanyRepresentative, Roles.CounterClerk];

    public static void MapApplicationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/bundles/{code}/preview", Preview).RequireAuthorization(p => p.RequireRole(Applicants)).WithTags("GovServices: applying")
            .WithSummary("Eligibility with reasons, the form pre-filled from the registries (with sources), materials (exempt / commitment / upload), steps and the promised date.");

        var g = app.MapGroup("/api/applications").WithTags("GovServices: applying");
        g.MapPost("/files", Upload).RequireAuthorization(p => p.RequireRole(Applicants)).DisableAntiforgery()
            .WithSummary("Upload one material (multipart field 'file'): PDF, JPEG or PNG by content, at most 10 MB. Returns its id for 'uploads'.");
        g.MapPost("", Submit).RequireAuthorization(p => p.RequireRole(Applicants))
            .WithSummary("Submit a bundle application (send an Idempotency-Key header). Counter clerks send onBehalfOf {idNumber, identityCheck}.");
        g.MapGet("", Mine).RequireAuthorization(Policies.Citizen).WithSummary("The signed-in applicant's applications.");
        g.MapGet("/{number}", Get).RequireAuthorization(Policies.Authenticated)
            .WithSummary("One application: steps with working-day countdowns, materials, supplement requests and its timeline.");
        g.MapPost("/{number}/supplement", AnswerSupplement).RequireAuthorization(Policies.Citizen)
            .WithSummary("Answer every open supplement request (补正) at once: uploads per material code and a note.");

        var staff = app.MapGroup("/api/govservices").WithTags("GovServices: departments").RequireAuthorization(p => p.RequireRole(StepActions.Handlers));
        staff.MapGet("/queue", Queue).WithSummary("My department's work queue: open steps by deadline (status, overdue=true, q=search).");
        staff.MapPost("/steps/{id:long}/actions", Act)
            .WithSummary("Act on a step: accept, refuse (reason), requestSupplement (items), approve, reject (reason), issue (the e-licence).");
    }

    private static async Task<Results<Ok<PreviewView>, ProblemHttpResult, ValidationProblem>> Preview(string code, PreviewInput? input, ApplicationService service, HttpContext http)
    {
        var (view, refusal) = await service.PreviewAsync(CurrentUser.From(http.User), code, input ?? new PreviewInput(null, null, null), http.RequestAborted);
        return refusal is not null ? Fail<Ok<PreviewView>>(refusal) : TypedResults.Ok(view!);
    }

    private static async Task<Results<Created<FileView>, ProblemHttpResult, ValidationProblem>> Upload(IFormFile? file, Uploads uploads, HttpContext http)
    {
        var (view, field, rule, status) = await uploads.SaveAsync(CurrentUser.From(http.User).UserId, file, http.RequestAborted);
        if (view is null)
        {
            return status == 400 ? Problems.Invalid(field!, rule!) : TypedResults.Problem(title: status == 413 ? "File too large" : "Unsupported file type",
                detail: $"{field}: {rule}", statusCode: status, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field!] = [rule!] } });
        }

        return TypedResults.Created($"/api/applications/files/{view.Id}", view);
    }

    private static async Task<Results<Created<ReceiptView>, ProblemHttpResult, ValidationProblem>> Submit(SubmitInput? input, [FromHeader(Name = "Idempotency-Key")] string? key,
        ApplicationService service, HttpContext http)
    {
        if (input is null)
        {
            return Problems.Invalid("body", "required");
        }

        var (receipt, refusal) = await service.SubmitAsync(CurrentUser.From(http.User), input, string.IsNullOrWhiteSpace(key) ? null : key.Trim(), http.RequestAborted);
        return refusal is not null ? Fail<Created<ReceiptView>>(refusal) : TypedResults.Created($"/api/applications/{receipt!.Number}", receipt);
    }

    private static async Task<Ok<IReadOnlyList<ApplicationSummary>>> Mine(ApplicationQueries queries, HttpContext http) =>
        TypedResults.Ok(await queries.MineAsync(CurrentUser.From(http.User), http.RequestAborted));

    private static async Task<Results<Ok<ApplicationDetail>, ProblemHttpResult>> Get(string number, ApplicationQueries queries, AuditLedger ledger, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        var app = await queries.FindVisibleAsync(user, number, false, http.RequestAborted);
        if (app is null)
        {
            return Problems.NotFound($"No application {number} visible to you.");
        }

        var own = app.ApplicantUserId == user.UserId || app.ApplicantPersonId == user.PersonId;
        if (!own)
        {
            // A department handler or the clerk reads the applicant's answers: recorded with its purpose.
            await ledger.AppendAsync(user, new AuditRecord("govservices.application.read", "govservices-application", app.Number, ApplicationService.Purpose,
                Details: "handling the application", Subjects: [app.ApplicantPersonId]), http.RequestAborted);
        }

        return TypedResults.Ok(await queries.DetailAsync(app, revealAnswers: true, http.RequestAborted));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> AnswerSupplement(string number, SupplementAnswerInput? input,
        ApplicationQueries queries, StepActions actions, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        var app = await queries.FindVisibleAsync(user, number, true, http.RequestAborted);
        if (app is null || (app.ApplicantUserId != user.UserId && app.ApplicantPersonId != user.PersonId))
        {
            return Problems.NotFound($"No application {number} of yours.");
        }

        var refusal = await actions.AnswerSupplementsAsync(user, app, input ?? new SupplementAnswerInput(null, null), http.RequestAborted);
        return refusal is null ? TypedResults.NoContent() : Fail<NoContent>(refusal);
    }

    private static async Task<Results<Ok<QueuePage>, ValidationProblem>> Queue(string? status, bool? overdue, string? q, int? page, int? pageSize,
        ApplicationQueries queries, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        if (status is not null && !Enum.TryParse<StepStatus>(status, true, out _))
        {
            return Problems.Invalid("status", "one of " + string.Join(", ", Enum.GetNames<StepStatus>()));
        }

        if (page is < 1 || pageSize is < 1 or > 200)
        {
            return Problems.Invalid(page is < 1 ? "page" : "pageSize", page is < 1 ? "at least 1" : "between 1 and 200");
        }

        return TypedResults.Ok(await queries.QueueAsync(user.DepartmentCode ?? "-", status, overdue == true, q, page ?? 1, pageSize ?? 50, http.RequestAborted));
    }

    private static async Task<Results<Ok<StepView>, ProblemHttpResult, ValidationProblem>> Act(long id, StepActionInput? input, StepActions actions,
        ApplicationQueries queries, Platform.Calendar.WorkingCalendar calendar, HttpContext http)
    {
        var (step, refusal) = await actions.ActAsync(CurrentUser.From(http.User), id, input ?? new StepActionInput(null, null, null, null), http.RequestAborted);
        return refusal is not null ? Fail<Ok<StepView>>(refusal) : TypedResults.Ok(queries.Step(step!, calendar.Today));
    }

    internal static Results<TOk, ProblemHttpResult, ValidationProblem> Fail<TOk>(Refusal r)
        where TOk : IResult => r.Status == 400 && r.Errors is not null
        ? Problems.Invalid(r.Errors.ToDictionary(x => x.Key, x => x.Value))
        : TypedResults.Problem(title: r.Title, detail: r.Detail, statusCode: r.Status,
            extensions: r.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = r.Errors });
}

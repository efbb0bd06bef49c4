using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Deadlines;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Incidents;

/// <summary>A report from the hotline, the citizen app, a patrol or a sensor: photos travel as base64 in JSON.</summary>
internal sealed record ReportRequest(
    string? Text, string? CategoryCode, double? Longitude, double? Latitude, string? Crs, string? Address,
    string? CallerName, string? CallerPhone, string? CallId, IReadOnlyList<string>? Photos);

/// <summary>An alarm from a sensor or a camera-AI detection (the sensing system calls this).</summary>
internal sealed record AlarmRequest(string? Kind, string? AlarmId, string? DeviceId, string? CategoryCode, string? Text, double? Longitude, double? Latitude, string? Crs, string? Evidence);

internal sealed record IntakeResponse(long ReportId, string Token, string Number, string Status, bool Merged, double? MergeScore, CategoryRef Category, double Confidence, UnitRef? Unit, string? Routing);

internal sealed record RevealRequest(long? ReportId, string? Purpose);

internal sealed record RevealResponse(string? Name, string? Phone);

internal static class IncidentEndpoints
{
    public static void MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/cityops").WithTags("CityOps: incidents");
        g.MapGet("/categories", (CategoryTree tree) => TypedResults.Ok(tree.All.Select(c => new
        {
            c.Code, c.ParentCode, c.Level, Kind = c.Kind.ToString().ToLowerInvariant(), c.NameZh, c.NameEn, c.IsLeaf,
            Priority = c.Priority.ToString().ToLowerInvariant(), Dispatch = c.Dispatch.ToString(), Handle = c.Handle.ToString(), Close = c.Close.ToString(),
        }))).AllowAnonymous().WithSummary("The category tree: components (部件), events (事件) and hotline topics, with default priority and time limits (h natural hours, wh working hours, wd working days).");

        g.MapPost("/hotline", (ReportRequest? body, IntakeService intake, HttpContext http) => Submit(body, ReportChannel.Hotline, intake, http))
            .RequireAuthorization(p => p.RequireRole(Roles.Dispatcher, Roles.Commander))
            .WithSummary("A 12345 call-taker's work order: caller, phone (personal: stored encrypted, shown masked), free text, address or location. Classified, located, routed, duplicate-checked and dispatched at once; low confidence or unknown location goes to triage. callId makes it idempotent.");
        g.MapPost("/reports", (ReportRequest? body, IntakeService intake, HttpContext http) => Submit(body, ReportChannel.App, intake, http))
            .RequireAuthorization(Policies.Citizen).WithSummary("A citizen's report from the portal or app, with optional photos (base64 JPEG/PNG/WebP) and GPS.");
        g.MapPost("/patrol", (ReportRequest? body, IntakeService intake, HttpContext http) => Submit(body, ReportChannel.Inspector, intake, http))
            .RequireAuthorization(p => p.RequireRole(Roles.GridInspector))
            .WithSummary("A grid inspector's patrol finding (主动发现) with photo and GPS (crs wgs84, or gcj02 declared).");
        g.MapPost("/alarms", Alarm).RequireAuthorization(p => p.RequireRole(Roles.Dispatcher, Roles.Commander, Roles.SystemAdministrator))
            .WithSummary("A sensor alarm (kind sensor) or camera-AI detection (kind camera) from the sensing systems; alarmId makes it idempotent per device.");

        g.MapGet("/incidents", List).RequireAuthorization(Policies.Staff)
            .WithSummary("Incidents in your jurisdiction (dispatchers, inspectors, auditors) or your unit's (unit staff), newest first: status, category (code prefix), area (code prefix), skip, take ≤ 200.");
        g.MapGet("/incidents/{number}", Detail).RequireAuthorization(Policies.Authenticated)
            .WithSummary("An incident with its timeline, reports (reporters masked), work orders, photos, routing explanation, merge suggestions and the actions you may take.");
        g.MapGet("/incidents/{number}/photos/{id:long}", Photo).RequireAuthorization(Policies.Authenticated).WithSummary("A photo of the incident.");
        g.MapPost("/incidents/{number}/reveal", Reveal).RequireAuthorization(p => p.RequireRole(Roles.Dispatcher, Roles.Commander))
            .WithSummary("A reporter's name and phone unmasked for a return call: {reportId, purpose}. Written to the audit ledger.");
        g.MapGet("/my-reports", async (IncidentQueries q, HttpContext http) => TypedResults.Ok(await q.MineAsync(CurrentUser.From(http.User), http.RequestAborted)))
            .RequireAuthorization(Policies.Citizen).WithSummary("The signed-in citizen's own reports and where each is in the loop.");

        var a = g.MapGroup("/incidents/{number}").RequireAuthorization(Policies.Authenticated);
        a.MapPost("/register", (string number, int? version, RegisterInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.RegisterAsync(CurrentUser.From(h.User), number, version, body ?? new RegisterInput(null, null, null, null, null, null, null), h.RequestAborted), s, q, h))
            .WithSummary("Dispatcher: register an incident from triage (立案), optionally correcting the category (kept for retraining), the location (longitude/latitude or areaCode) or choosing the unit (unitCode + reason); then it is routed and dispatched.");
        a.MapPost("/refuse", (string number, int? version, RefuseInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.RefuseAsync(CurrentUser.From(h.User), number, version, body ?? new RefuseInput(null, null, null), h.RequestAborted), s, q, h))
            .WithSummary("Dispatcher: do not register (不予立案): reason invalid | duplicate (duplicateOf) | not-government, and the text the reporter reads.");
        a.MapPost("/dispatch", (string number, int? version, DispatchInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.DispatchAsync(CurrentUser.From(h.User), number, version, body ?? new DispatchInput(null, null, null), h.RequestAborted), s, q, h))
            .WithSummary("Dispatcher: dispatch (派遣) by the responsibility list, or to unitCode with coUnits and a reason; re-routes bounced orders; decides disputes at the level above.");
        a.MapPost("/accept", (string number, int? version, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.AcceptAsync(CurrentUser.From(h.User), number, version, h.RequestAborted), s, q, h)).WithSummary("Unit: accept the work order (签收).");
        a.MapPost("/bounce", (string number, int? version, ReasonInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.BounceAsync(CurrentUser.From(h.User), number, version, body ?? new ReasonInput(null), h.RequestAborted), s, q, h)).WithSummary("Lead unit: bounce the order (退单) with a reason; the dispatcher re-routes.");
        a.MapPost("/dispute", (string number, int? version, ReasonInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.DisputeAsync(CurrentUser.From(h.User), number, version, body ?? new ReasonInput(null), h.RequestAborted), s, q, h)).WithSummary("Dispatcher: send a bounced incident to the level above for a decision.");
        a.MapPost("/feedback", Feedback).WithSummary("Lead unit: feedback (反馈) with what was done and at least one result photo: {text, photos: [base64]}.");
        a.MapPost("/extension", (string number, int? version, ExtensionInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.RequestExtensionAsync(CurrentUser.From(h.User), number, version, body ?? new ExtensionInput(null, null, null), h.RequestAborted), s, q, h))
            .WithSummary("Lead unit handling the order: request an extension (延期) of workingDays (1–30) or workingHours (1–40) with a reason; one pending request per incident.");
        a.MapPost("/suspension", (string number, int? version, SuspensionInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.RequestSuspensionAsync(CurrentUser.From(h.User), number, version, body ?? new SuspensionInput(null, null), h.RequestAborted), s, q, h))
            .WithSummary("Lead unit handling the order: request a suspension (挂起) with a reason (waiting for a third party, weather, …) and optionally expectedResumeOn (yyyy-MM-dd).");
        a.MapPost("/time-requests/{requestId:long}/approve", (string number, long requestId, int? version, DecisionInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.DecideAsync(CurrentUser.From(h.User), number, requestId, true, version, body ?? new DecisionInput(null), h.RequestAborted), s, q, h))
            .WithSummary("Dispatcher or commander of the area: approve the pending request {comment?}. An extension moves the handling and closure deadlines by the working time; a suspension pauses the SLA clock.");
        a.MapPost("/time-requests/{requestId:long}/reject", (string number, long requestId, int? version, DecisionInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.DecideAsync(CurrentUser.From(h.User), number, requestId, false, version, body ?? new DecisionInput(null), h.RequestAborted), s, q, h))
            .WithSummary("Dispatcher or commander of the area: reject the pending request with a comment; the deadlines stay as they are.");
        a.MapPost("/resume", (string number, int? version, DecisionInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.ResumeAsync(CurrentUser.From(h.User), number, version, body ?? new DecisionInput(null), h.RequestAborted), s, q, h))
            .WithSummary("Lead unit or dispatcher of the area: resume a suspended order {comment?}; the deadlines move by the paused time (office time for working-time limits).");
        a.MapPost("/verify", (string number, int? version, VerifyInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.VerifyAsync(CurrentUser.From(h.User), number, version, body ?? new VerifyInput(null, null), h.RequestAborted), s, q, h))
            .WithSummary("Grid inspector of the area or the reporter: verify (核查) {passed, comment}; failure reopens the order for rework.");
        a.MapPost("/close", (string number, int? version, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.CloseAsync(CurrentUser.From(h.User), number, version, h.RequestAborted), s, q, h)).WithSummary("Dispatcher: close (结案) a verified incident; every reporter is told.");
        a.MapPost("/evaluate", (string number, int? version, EvaluateInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.EvaluateAsync(CurrentUser.From(h.User), number, version, body ?? new EvaluateInput(null, null), h.RequestAborted), s, q, h))
            .WithSummary("Reporter (or a dispatcher from the return call): satisfaction 1–5 and a comment (评价).");
        a.MapPost("/merge", (string number, int? version, MergeInput? body, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.MergeAsync(CurrentUser.From(h.User), number, version, body ?? new MergeInput(null), h.RequestAborted), s, q, h)).WithSummary("Dispatcher: merge this incident into another ({into}).");
        a.MapPost("/reports/{reportId:long}/unmerge", (string number, long reportId, int? version, IncidentActions s, IncidentQueries q, HttpContext h) =>
            Act(s.UnmergeAsync(CurrentUser.From(h.User), number, reportId, version, h.RequestAborted), s, q, h)).WithSummary("Dispatcher: undo a merge; the report becomes an incident of its own again.");

        app.MapPost("/api/cityops/sla/scan", async (SlaMonitor monitor, HttpContext h) => TypedResults.Ok(new { changed = await monitor.ScanAsync(h.RequestAborted) }))
            .RequireAuthorization(Policies.Administrator).WithTags("CityOps: incidents")
            .WithSummary("Run the SLA scan now (it also runs every 30 s): 80 % warnings and supervision (督办) escalating subdistrict → district → city.");
    }

    private static async Task<Results<Created<IntakeResponse>, Ok<IntakeResponse>, ValidationProblem>> Submit(ReportRequest? body, ReportChannel channel, IntakeService intake, HttpContext http)
    {
        if (body is null)
        {
            return Problems.Invalid("body", "required: JSON {text, longitude?, latitude?, crs?, address?, …}");
        }

        var (photos, photoError) = DecodePhotos(body.Photos);
        if (photoError is not null)
        {
            return Problems.Invalid("photos", photoError);
        }

        var user = CurrentUser.From(http.User);
        var draft = new ReportDraft(channel, body.Text, body.CategoryCode, body.Longitude, body.Latitude, body.Crs, body.Address,
            channel == ReportChannel.Hotline ? body.CallerName : null, channel == ReportChannel.Hotline ? body.CallerPhone : null, null,
            body.CallId, channel == ReportChannel.Hotline ? "12345" : null, photos);
        if (channel == ReportChannel.Hotline && string.IsNullOrWhiteSpace(body.CallerPhone))
        {
            return Problems.Invalid("callerPhone", "required: the caller's phone number for the return call");
        }

        return await Respond(user, draft, intake, http);
    }

    private static async Task<Results<Created<IntakeResponse>, Ok<IntakeResponse>, ValidationProblem>> Alarm(AlarmRequest? body, IntakeService intake, HttpContext http)
    {
        if (body is null)
        {
            return Problems.Invalid("body", "required");
        }

        var errors = new FieldErrors();
        if (body.Kind is not ("sensor" or "camera"))
        {
            errors.Add("kind", "sensor or camera");
        }

        if (string.IsNullOrWhiteSpace(body.DeviceId) || body.DeviceId.Length > 60)
        {
            errors.Add("deviceId", "required, at most 60 characters");
        }

        if (string.IsNullOrWhiteSpace(body.AlarmId) || body.AlarmId.Length > 60)
        {
            errors.Add("alarmId", "required, at most 60 characters");
        }

        if (body.Longitude is null || body.Latitude is null)
        {
            errors.Add("longitude", "required: the device's position");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var text = string.IsNullOrWhiteSpace(body.Text) ? $"设备 {body.DeviceId} 报警" : body.Text;
        if (!string.IsNullOrWhiteSpace(body.Evidence))
        {
            text += $"\n证据：{body.Evidence}";
        }

        var draft = new ReportDraft(body.Kind == "camera" ? ReportChannel.Camera : ReportChannel.Sensor, text, body.CategoryCode ?? "1505",
            body.Longitude, body.Latitude, body.Crs, ExternalId: $"{body.DeviceId}:{body.AlarmId}", Source: body.Kind == "camera" ? "camera-ai" : "iot");
        return await Respond(CurrentUser.From(http.User), draft, intake, http);
    }

    private static async Task<Results<Created<IntakeResponse>, Ok<IntakeResponse>, ValidationProblem>> Respond(CurrentUser user, ReportDraft draft, IntakeService intake, HttpContext http)
    {
        var (result, errors) = await intake.SubmitAsync(user, draft, http.RequestAborted);
        if (result is null)
        {
            return errors.ToProblem();
        }

        var queries = http.RequestServices.GetRequiredService<IncidentQueries>();
        var i = result.Incident;
        var response = new IntakeResponse(result.ReportId, result.Token, i.Number, IncidentQueries.Status(i.Status), result.Merged, result.MergeScore,
            queries.Category(i.CategoryCode), i.ClassificationConfidence, i.UnitCode is null ? null : queries.Unit(i.UnitCode), i.RoutingExplanation);
        return result.Existing ? TypedResults.Ok(response) : TypedResults.Created($"/api/cityops/incidents/{i.Number}", response);
    }

    internal static (List<PhotoUpload> Photos, string? Error) DecodePhotos(IReadOnlyList<string>? encoded)
    {
        var photos = new List<PhotoUpload>();
        foreach (var e in encoded ?? [])
        {
            var data = e.StartsWith("data:", StringComparison.Ordinal) && e.IndexOf(',', StringComparison.Ordinal) is var comma and > 0 ? e[(comma + 1)..] : e;
            var bytes = new byte[data.Length];
            if (!Convert.TryFromBase64String(data, bytes, out var n))
            {
                return (photos, "each photo is base64 (or a data: URL) of a JPEG, PNG or WebP image");
            }

            var content = bytes[..n];
            photos.Add(new PhotoUpload(Photos.ContentType(content) ?? "application/octet-stream", content));
        }

        return (photos, null);
    }

    private static async Task<Results<Ok<IncidentPage>, ValidationProblem>> List(string? status, string? category, string? area, int? skip, int? take, IncidentQueries q, HttpContext http)
    {
        IncidentStatus? s = null;
        if (status is not null && (s = IncidentQueries.ParseStatus(status)) is null)
        {
            return Problems.Invalid("status", "one of triage, registered, dispatched, handling, handled, verified, closed, refused, merged, bounced, disputed");
        }

        if (take is < 1 or > 200)
        {
            return Problems.Invalid("take", "between 1 and 200");
        }

        if (skip is < 0)
        {
            return Problems.Invalid("skip", "0 or more");
        }

        return TypedResults.Ok(await q.ListAsync(CurrentUser.From(http.User), s, category, area, skip ?? 0, take ?? 50, http.RequestAborted));
    }

    private static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> Detail(string number, IncidentActions actions, IncidentQueries q, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        var (incident, reporter) = await actions.LoadAsync(user, number, http.RequestAborted);
        return incident is null ? Problems.NotFound($"No incident {number} visible to you.") : TypedResults.Ok(await q.DetailAsync(user, incident, reporter, http.RequestAborted));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Photo(string number, long id, IncidentActions actions, Data.CityOpsDbContext db, HttpContext http)
    {
        var (incident, _) = await actions.LoadAsync(CurrentUser.From(http.User), number, http.RequestAborted);
        if (incident is null)
        {
            return Problems.NotFound($"No incident {number} visible to you.");
        }

        var reportIds = db.Set<Report>().Where(r => r.IncidentId == incident.Id).Select(r => r.Id);
        var photo = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.Set<IncidentPhoto>().Where(p => p.Id == id && (p.IncidentId == incident.Id || (p.ReportId != null && reportIds.Contains(p.ReportId.Value)))), http.RequestAborted);
        return photo is null ? Problems.NotFound($"No photo {id} on incident {number}.") : TypedResults.File(photo.Content, photo.ContentType);
    }

    private static async Task<Results<Ok<RevealResponse>, ProblemHttpResult, ValidationProblem>> Reveal(string number, RevealRequest? body, IncidentActions actions, IncidentQueries q, HttpContext http)
    {
        if (body?.ReportId is not { } reportId)
        {
            return Problems.Invalid("reportId", "required");
        }

        if (string.IsNullOrWhiteSpace(body.Purpose) || body.Purpose.Length > 200)
        {
            return Problems.Invalid("purpose", "required: why you need the caller's details (at most 200 characters)");
        }

        var user = CurrentUser.From(http.User);
        var (incident, _) = await actions.LoadAsync(user, number, http.RequestAborted);
        if (incident is null || !IncidentActions.IsDispatcherFor(user, incident))
        {
            return Problems.NotFound($"No incident {number} visible to you.");
        }

        var revealed = await q.RevealAsync(user, incident, reportId, body.Purpose.Trim(), http.RequestAborted);
        return revealed is { } r ? TypedResults.Ok(new RevealResponse(r.Name, r.Phone)) : Problems.NotFound($"No report {reportId} on incident {number}.");
    }

    private static async Task<Results<Ok<IncidentView>, Created<IncidentView>, ProblemHttpResult, ValidationProblem>> Feedback(string number, int? version, FeedbackRequest? body, IncidentActions s, IncidentQueries q, HttpContext h)
    {
        var (photos, error) = DecodePhotos(body?.Photos);
        if (error is not null)
        {
            return Problems.Invalid("photos", error);
        }

        return await Act(s.FeedbackAsync(CurrentUser.From(h.User), number, version, body?.Text, photos, h.RequestAborted), s, q, h);
    }

    private static async Task<Results<Ok<IncidentView>, Created<IncidentView>, ProblemHttpResult, ValidationProblem>> Act(Task<(Incident? Incident, Refusal? Refusal)> action, IncidentActions actions, IncidentQueries q, HttpContext http)
    {
        var (incident, refusal) = await action;
        if (refusal is not null)
        {
            return refusal.Errors is { } errors ? errors.ToProblem() : refusal.Status switch
            {
                404 => Problems.NotFound(refusal.Detail),
                403 => Problems.Forbidden(refusal.Detail),
                _ => Problems.Conflict(refusal.Detail),
            };
        }

        var user = CurrentUser.From(http.User);
        var (fresh, reporter) = await actions.LoadAsync(user, incident!.Number, http.RequestAborted);
        return fresh is null ? Problems.NotFound($"Incident {incident.Number} is no longer visible to you.") : TypedResults.Ok(await q.DetailAsync(user, fresh, reporter, http.RequestAborted));
    }
}

internal sealed record FeedbackRequest(string? Text, IReadOnlyList<string>? Photos);

using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries;
using OneCity.Platform.Registries.ELicences;
using OneCity.Platform.Hosting;

namespace OneCity.GovServices.Applications;

internal enum StepAction
{
    Accept = 1,
    Refuse = 2,
    RequestSupplement = 3,
    Approve = 4,
    Reject = 5,
    Issue = 6,
}

internal sealed record StepActionInput(string? Action, string? Reason, List<SupplementItem>? Items, int? Revision);

internal sealed record SupplementAnswerInput(Dictionary<string, long>? Uploads, string? Note);

/// <summary>
/// The department's side of a step, as a state machine: accept → approve → issue (or refuse, reject, or ask for a
/// supplement). Finishing a step releases the steps waiting for it; a refused or rejected step cancels every step
/// that depends on it while independent steps continue. The working-day clock pauses while the applicant owes a
/// supplement and the deadline moves by the working days it waited. Each action is written to the timeline and the
/// audit ledger, and the applicant is notified.
/// </summary>
internal sealed class StepActions(
    GovServicesDbContext db, ApplicationService applications, RegistryService registries, WorkingCalendar calendar, AuditLedger ledger, TimeProvider clock)
{
    public static readonly string[] Handlers = [Roles.DepartmentReviewer, Roles.DepartmentAdministrator];

    public async Task<(ApplicationStep? Step, Refusal? Refusal)> ActAsync(CurrentUser user, long stepId, StepActionInput input, CancellationToken ct)
    {
        if (!EnumNames.TryParse<StepAction>(input.Action, out var action))
        {
            return (null, Invalid("action", "one of accept, refuse, requestSupplement, approve, reject, issue"));
        }

        var step = await db.Set<ApplicationStep>().Include(s => s.Application).ThenInclude(a => a!.Steps).FirstOrDefaultAsync(s => s.Id == stepId, ct);
        if (step is null || step.DepartmentCode != user.DepartmentCode)
        {
            // Another department's step is indistinguishable from a missing one.
            return (null, new Refusal(404, "Not found", $"No step {stepId} in your department's queue."));
        }

        if (input.Revision is { } rev && rev != step.Revision)
        {
            return (null, new Refusal(409, "Changed meanwhile", $"The step has changed since revision {rev}; reload it."));
        }

        var reason = input.Reason?.Trim();
        var app = step.Application!;
        var now = clock.GetUtcNow();
        var today = calendar.Today;
        string? detail = null;
        switch (action)
        {
            case StepAction.Accept when step.Status == StepStatus.Pending:
                step.Status = StepStatus.Accepted;
                break;
            case StepAction.Refuse or StepAction.Reject when string.IsNullOrEmpty(reason) || reason.Length > 2000:
                return (null, Invalid("reason", "required, at most 2000 characters"));
            case StepAction.Refuse when step.Status == StepStatus.Pending:
            case StepAction.Reject when step.Status == StepStatus.Accepted:
                step.Status = action == StepAction.Refuse ? StepStatus.Refused : StepStatus.Rejected;
                step.Reason = reason;
                step.FinishedAt = now;
                detail = Cascade(app, step, now);
                break;
            case StepAction.RequestSupplement when step.Status is StepStatus.Pending or StepStatus.Accepted:
                if (input.Items is not { Count: > 0 } items || items.Any(i => string.IsNullOrWhiteSpace(i.NoteZh) || i.NoteZh.Length > 500))
                {
                    return (null, Invalid("items", "list everything missing at once: one or more items, each with noteZh (at most 500 characters)"));
                }

                var codes = await db.Set<ApplicationMaterial>().Where(m => m.ApplicationId == app.Id).Select(m => m.MaterialCode).ToListAsync(ct);
                if (items.FirstOrDefault(i => i.MaterialCode is { } c && !codes.Contains(c)) is { } bad)
                {
                    return (null, Invalid("items", $"{bad.MaterialCode} is not a material of this application"));
                }

                step.Status = StepStatus.Supplement;
                step.PausedOn = today;
                db.Add(new SupplementRequest
                {
                    ApplicationId = app.Id, StepId = step.Id, ItemsJson = JsonSerializer.Serialize(items), RequestedBy = user.UserName, RequestedAt = now,
                });
                detail = $"items={items.Count}";
                break;
            case StepAction.Approve when step.Status == StepStatus.Accepted:
                step.Status = step.OutputType is null ? StepStatus.Done : StepStatus.Approved;
                if (step.Status == StepStatus.Done)
                {
                    step.FinishedAt = now;
                    detail = Release(app, step, today, now);
                }

                break;
            case StepAction.Issue when step.Status == StepStatus.Approved:
                // A company's licence goes to the company when the application names one; otherwise to the applicant.
                var company = ELicenceTypes.Find(step.OutputType!)?.Holder == HolderKind.LegalEntity && app.EntityCreditCode is not null;
                var licence = await registries.IssueLicenceAsync(step.OutputType!, LicenceNumber(app, step),
                    company ? HolderKind.LegalEntity : HolderKind.Person, company ? app.EntityCreditCode! : app.ApplicantPersonId,
                    step.DepartmentCode, JsonSerializer.Serialize(new { application = app.Number, service = step.ServiceCode }), ct);
                step.OutputLicenceId = licence.Id;
                step.Status = StepStatus.Done;
                step.FinishedAt = now;
                detail = $"licence={licence.Id}; " + Release(app, step, today, now);
                break;
            default:
                return (null, new Refusal(409, "Not allowed now", $"Cannot {action} a step that is {step.Status}."));
        }

        step.HandledBy = user.UserName;
        step.UpdatedAt = now;
        step.Revision++;
        UpdateStatus(app, now);
        db.Add(new ApplicationEvent { ApplicationId = app.Id, StepId = step.Id, At = now, Actor = user.UserName, Kind = "step." + action.ToString().ToLowerInvariant(), Details = Join(reason, detail) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, new Refusal(409, "Changed meanwhile", "Someone else acted on this step at the same time; reload it."));
        }

        await ledger.AppendAsync(user, new AuditRecord("govservices.step." + action.ToString().ToLowerInvariant(), "govservices-step",
            step.Id.ToString(CultureInfo.InvariantCulture), ApplicationService.Purpose, null,
            $"application={app.Number}; service={step.ServiceCode}; status={step.Status}" + (detail is null ? "" : "; " + detail), [app.ApplicantPersonId]), CancellationToken.None);
        await applications.NotifyApplicantAsync(app, Subject(action, step), Body(action, step, app), CancellationToken.None);
        return (step, null);
    }

    /// <summary>The applicant answers every open supplement request of the application at once.</summary>
    public async Task<Refusal?> AnswerSupplementsAsync(CurrentUser user, Application app, SupplementAnswerInput input, CancellationToken ct)
    {
        var open = await db.Set<SupplementRequest>().Where(r => r.ApplicationId == app.Id && r.AnsweredAt == null).ToListAsync(ct);
        if (open.Count == 0)
        {
            return new Refusal(409, "Nothing to answer", "There is no open supplement request.");
        }

        var wanted = open.SelectMany(r => JsonSerializer.Deserialize<List<SupplementItem>>(r.ItemsJson)!).Where(i => i.MaterialCode is not null)
            .Select(i => i.MaterialCode!).ToHashSet(StringComparer.Ordinal);
        var uploads = input.Uploads ?? [];
        var errors = new Platform.Hosting.FieldErrors();
        foreach (var code in wanted.Where(c => !uploads.ContainsKey(c)))
        {
            errors.Add("uploads." + code, "required by the supplement request");
        }

        foreach (var code in uploads.Keys.Where(c => !wanted.Contains(c)))
        {
            errors.Add("uploads." + code, "not asked for");
        }

        var ids = uploads.Values.ToList();
        var files = await db.Set<UploadedFile>().Where(f => ids.Contains(f.Id)).ToListAsync(ct);
        foreach (var (code, id) in uploads)
        {
            if (files.FirstOrDefault(f => f.Id == id) is not { } f || f.OwnerUserId != user.UserId || f.ApplicationId is not null)
            {
                errors.Add("uploads." + code, "unknown file: upload it first");
            }
        }

        if (input.Note is { Length: > 2000 })
        {
            errors.Add("note", "at most 2000 characters");
        }

        if (wanted.Count == 0 && string.IsNullOrWhiteSpace(input.Note))
        {
            errors.Add("note", "answer the request");
        }

        if (errors.Any)
        {
            return new Refusal(400, "Invalid answer", "See errors.", errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var today = calendar.Today;
        foreach (var f in files)
        {
            f.ApplicationId = app.Id;
        }

        var materials = await db.Set<ApplicationMaterial>().Where(m => m.ApplicationId == app.Id).ToListAsync(ct);
        foreach (var (code, id) in uploads)
        {
            if (materials.FirstOrDefault(m => m.MaterialCode == code) is { } m)
            {
                m.FileId = id;
                m.Disposition = MaterialDisposition.Uploaded;
            }
        }

        var stepIds = open.Select(r => r.StepId).ToHashSet();
        foreach (var r in open)
        {
            r.AnsweredAt = now;
            r.AnswerNote = input.Note?.Trim();
            r.AnswerFilesJson = JsonSerializer.Serialize(uploads);
        }

        foreach (var s in app.Steps.Where(s => stepIds.Contains(s.Id) && s.Status == StepStatus.Supplement))
        {
            // The deadline moves by the working days spent waiting (the clock was paused).
            var waited = s.PausedOn is { } paused && today > paused ? calendar.CountWorkdays(paused, today) : 0;
            s.DueOn = s.DueOn is { } due && waited > 0 ? calendar.AddWorkdays(due, waited) : s.DueOn;
            s.PausedOn = null;
            s.Status = StepStatus.Accepted;
            s.UpdatedAt = now;
            s.Revision++;
        }

        UpdateStatus(app, now);
        db.Add(new ApplicationEvent { ApplicationId = app.Id, At = now, Actor = user.UserName, Kind = "supplement.answered", Details = $"files={uploads.Count}" });
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(user, new AuditRecord("govservices.supplement.answer", "govservices-application", app.Number, ApplicationService.Purpose,
            Details: $"requests={open.Count}; files={uploads.Count}", Subjects: [app.ApplicantPersonId]), CancellationToken.None);
        return null;
    }

    /// <summary>Marks every step that (transitively) depends on the failed one as cancelled.</summary>
    internal static string Cascade(Application app, ApplicationStep failed, DateTimeOffset now)
    {
        var cancelled = new List<string>();
        var frontier = new Queue<string>([failed.StepKey]);
        while (frontier.TryDequeue(out var key))
        {
            foreach (var s in app.Steps.Where(s => s.Status == StepStatus.Blocked && s.DependsOn.Split(',').Contains(key)))
            {
                s.Status = StepStatus.Cancelled;
                s.Reason = $"依赖的「{failed.ServiceNameZh}」未通过 / cancelled: {failed.ServiceNameEn} did not succeed";
                s.FinishedAt = now;
                s.UpdatedAt = now;
                s.Revision++;
                cancelled.Add(s.StepKey);
                frontier.Enqueue(s.StepKey);
            }
        }

        return cancelled.Count == 0 ? "" : "cancelled=" + string.Join(',', cancelled);
    }

    /// <summary>Puts every blocked step whose dependencies are all done into its department's queue.</summary>
    internal string Release(Application app, ApplicationStep done, DateOnly today, DateTimeOffset now)
    {
        var released = new List<string>();
        foreach (var s in app.Steps.Where(s => s.Status == StepStatus.Blocked && s.DependsOn.Split(',').Contains(done.StepKey)))
        {
            var deps = s.DependsOn.Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (deps.All(d => app.Steps.First(x => x.StepKey == d).Status == StepStatus.Done))
            {
                s.Status = StepStatus.Pending;
                s.StartedOn = today;
                s.DueOn = calendar.AddWorkdays(today, s.PromisedDays);
                s.UpdatedAt = now;
                s.Revision++;
                released.Add(s.StepKey);
            }
        }

        return released.Count == 0 ? "" : "released=" + string.Join(',', released);
    }

    internal static void UpdateStatus(Application app, DateTimeOffset now)
    {
        var terminal = app.Steps.All(s => s.Status is StepStatus.Done or StepStatus.Refused or StepStatus.Rejected or StepStatus.Cancelled);
        var before = app.Status;
        app.Status = terminal
            ? app.Steps.All(s => s.Status == StepStatus.Done) ? ApplicationStatus.Completed
                : app.Steps.Any(s => s.Status == StepStatus.Done) ? ApplicationStatus.PartiallyCompleted : ApplicationStatus.Rejected
            : app.Steps.Any(s => s.Status == StepStatus.Supplement) ? ApplicationStatus.WaitingForApplicant : ApplicationStatus.InProgress;
        app.UpdatedAt = now;
        if (terminal && before is ApplicationStatus.InProgress or ApplicationStatus.WaitingForApplicant)
        {
            app.ClosedAt = now;
        }
    }

    private static string LicenceNumber(Application app, ApplicationStep step) =>
        string.Create(CultureInfo.InvariantCulture, $"{app.Number}-{step.Id:D4}");

    private static string? Join(string? a, string? b) => string.IsNullOrEmpty(a) ? (string.IsNullOrEmpty(b) ? null : b) : string.IsNullOrEmpty(b) ? a : a + "; " + b;

    private static string Subject(StepAction action, ApplicationStep s) => action switch
    {
        StepAction.Accept => $"已受理：{s.ServiceNameZh} Accepted",
        StepAction.Refuse => $"不予受理：{s.ServiceNameZh} Not accepted",
        StepAction.RequestSupplement => $"请补正材料：{s.ServiceNameZh} Supplement needed",
        StepAction.Approve => $"已办结：{s.ServiceNameZh} Approved",
        StepAction.Reject => $"未予批准：{s.ServiceNameZh} Rejected",
        _ => $"电子证照已签发：{s.ServiceNameZh} E-licence issued",
    };

    private static string Body(StepAction action, ApplicationStep s, Application a) => action switch
    {
        StepAction.Refuse or StepAction.Reject => $"{a.BundleNameZh}（{a.Number}）：{s.ServiceNameZh} — {s.Reason}。仍在办理的事项不受影响，详情见申请页面。",
        StepAction.RequestSupplement => $"{a.BundleNameZh}（{a.Number}）：{s.ServiceNameZh} 需要补正，请在申请页面一次性提交所列材料。",
        _ => $"{a.BundleNameZh}（{a.Number}）：{s.ServiceNameZh}。",
    };

    private static Refusal Invalid(string field, string rule) =>
        new(400, "Invalid request", "See errors.", new Dictionary<string, string[]> { [field] = [rule] });
}

using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Data;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;

namespace OneCity.GovServices.Applications;

internal sealed record StepView(long Id, string StepKey, string ServiceCode, string ServiceNameZh, string ServiceNameEn, string DepartmentCode,
    IReadOnlyList<string> DependsOn, string Status, DateOnly? StartedOn, DateOnly? DueOn, int? WorkdaysLeft, bool Paused, bool Overdue,
    string? Reason, string? OutputType, string? OutputLicenceId, int Revision);

internal sealed record MaterialRecordView(string Code, string NameZh, string NameEn, string Disposition, string? LicenceId, string? Dataset, long? FileId,
    IReadOnlyList<string> Services);

internal sealed record SupplementView(long Id, long StepId, IReadOnlyList<SupplementItem> Items, string RequestedBy, DateTimeOffset RequestedAt,
    DateTimeOffset? AnsweredAt, string? AnswerNote);

internal sealed record EventView(DateTimeOffset At, string Actor, string Kind, long? StepId, string? Details);

internal sealed record ApplicationSummary(string Number, string BundleCode, string BundleNameZh, string BundleNameEn, string Status,
    DateTimeOffset SubmittedAt, DateOnly PromisedBy, int StepsDone, int StepsTotal, string Channel);

internal sealed record ApplicationDetail(string Number, string BundleCode, int BundleVersion, string BundleNameZh, string BundleNameEn, string Status,
    string ApplicantPersonId, string? EntityCreditCode, string Channel, string? AgentUserName, string? IdentityCheck, DateTimeOffset SubmittedAt, DateOnly PromisedBy,
    DateTimeOffset? ClosedAt, IReadOnlyDictionary<string, string?> Answers, JsonElement Provenance, IReadOnlyList<StepView> Steps,
    IReadOnlyList<MaterialRecordView> Materials, IReadOnlyList<SupplementView> Supplements, IReadOnlyList<EventView> Timeline);

internal sealed record QueueItem(long StepId, string ApplicationNumber, string BundleNameZh, string BundleNameEn, string ServiceCode, string ServiceNameZh,
    string ServiceNameEn, string Status, DateOnly? StartedOn, DateOnly? DueOn, int? WorkdaysLeft, bool Paused, bool Overdue, string ApplicantMasked,
    string Channel, int Revision);

internal sealed record QueuePage(int Total, int Page, int PageSize, IReadOnlyList<QueueItem> Items);

/// <summary>Reading applications: the applicant's own, a department's queue with working-day countdowns, one application's detail.</summary>
internal sealed class ApplicationQueries(GovServicesDbContext db, WorkingCalendar calendar, PersonalDataProtector protector)
{
    public static readonly StepStatus[] Open = [StepStatus.Pending, StepStatus.Accepted, StepStatus.Supplement, StepStatus.Approved];

    public async Task<IReadOnlyList<ApplicationSummary>> MineAsync(CurrentUser user, CancellationToken ct)
    {
        var rows = await db.Set<Application>().AsNoTracking().Where(a => a.ApplicantUserId == user.UserId || (user.PersonId != null && a.ApplicantPersonId == user.PersonId))
            .OrderByDescending(a => a.SubmittedAt).Take(200)
            .Select(a => new { a.Number, a.BundleCode, a.BundleNameZh, a.BundleNameEn, a.Status, a.SubmittedAt, a.PromisedBy, a.Channel,
                Done = a.Steps.Count(s => s.Status == StepStatus.Done), Total = a.Steps.Count })
            .ToListAsync(ct);
        return rows.Select(a => new ApplicationSummary(a.Number, a.BundleCode, a.BundleNameZh, a.BundleNameEn, a.Status.ToString(), a.SubmittedAt, a.PromisedBy, a.Done, a.Total, a.Channel)).ToList();
    }

    /// <summary>The application when the user may see it: its applicant, the clerk who filed it, or a handler of one of its steps.</summary>
    public async Task<Application?> FindVisibleAsync(CurrentUser user, string number, bool tracking, CancellationToken ct)
    {
        var q = db.Set<Application>().Include(a => a.Steps).Include(a => a.Materials).AsSplitQuery();
        var app = await (tracking ? q : q.AsNoTracking()).FirstOrDefaultAsync(a => a.Number == number, ct);
        if (app is null)
        {
            return null;
        }

        var own = app.ApplicantUserId == user.UserId || (user.PersonId is not null && app.ApplicantPersonId == user.PersonId);
        var agent = app.AgentUserName == user.UserName;
        // Staff see an application only as a handler (reviewer or department administrator) of a department that has a
        // step in it; other staff of that department (a counter clerk, an inspector) have no reason to read it.
        var handler = user.DepartmentCode is not null && user.Roles.Any(r => StepActions.Handlers.Contains(r, StringComparer.Ordinal))
            && app.Steps.Any(s => s.DepartmentCode == user.DepartmentCode);
        return own || agent || handler ? app : null;
    }

    public async Task<ApplicationDetail> DetailAsync(Application a, bool revealAnswers, CancellationToken ct)
    {
        var supplements = await db.Set<SupplementRequest>().AsNoTracking().Where(r => r.ApplicationId == a.Id).OrderBy(r => r.Id).ToListAsync(ct);
        var events = await db.Set<ApplicationEvent>().AsNoTracking().Where(e => e.ApplicationId == a.Id).OrderBy(e => e.Id).ToListAsync(ct);
        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(protector.Unprotect(a.AnswersCipher))!;
        if (!revealAnswers)
        {
            answers = answers.ToDictionary(x => x.Key, x => x.Value is null ? null : Masking.Keep(x.Value, 1, 1));
        }

        var today = calendar.Today;
        return new ApplicationDetail(a.Number, a.BundleCode, a.BundleVersion, a.BundleNameZh, a.BundleNameEn, a.Status.ToString(), a.ApplicantPersonId, a.EntityCreditCode,
            a.Channel, a.AgentUserName, a.IdentityCheck, a.SubmittedAt, a.PromisedBy, a.ClosedAt, answers, JsonDocument.Parse(a.ProvenanceJson).RootElement.Clone(),
            a.Steps.OrderBy(s => s.Id).Select(s => Step(s, today)).ToList(),
            a.Materials.OrderBy(m => m.Id).Select(m => new MaterialRecordView(m.MaterialCode, m.NameZh, m.NameEn, m.Disposition.ToString(), m.LicenceId, m.Dataset, m.FileId,
                m.Services.Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList(),
            supplements.Select(r => new SupplementView(r.Id, r.StepId, JsonSerializer.Deserialize<List<SupplementItem>>(r.ItemsJson)!, r.RequestedBy, r.RequestedAt, r.AnsweredAt, r.AnswerNote)).ToList(),
            events.Select(e => new EventView(e.At, e.Actor, e.Kind, e.StepId, e.Details)).ToList());
    }

    public StepView Step(ApplicationStep s, DateOnly today)
    {
        var (left, overdue) = Countdown(s, today);
        return new StepView(s.Id, s.StepKey, s.ServiceCode, s.ServiceNameZh, s.ServiceNameEn, s.DepartmentCode, s.DependsOn.Split(',', StringSplitOptions.RemoveEmptyEntries),
            s.Status.ToString(), s.StartedOn, s.DueOn, left, s.PausedOn is not null, overdue, s.Reason, s.OutputType, s.OutputLicenceId, s.Revision);
    }

    /// <summary>Working days left (negative when overdue); frozen at the pause day while waiting for the applicant.</summary>
    public (int? Left, bool Overdue) Countdown(ApplicationStep s, DateOnly today)
    {
        if (s.DueOn is not { } due || !Open.Contains(s.Status))
        {
            return (null, false);
        }

        var asOf = s.PausedOn ?? today;
        try
        {
            var left = asOf <= due ? calendar.CountWorkdays(asOf, due) : -calendar.CountWorkdays(due, asOf);
            return (left, left < 0);
        }
        catch (CalendarYearMissingException)
        {
            // No countdown without the year's calendar; the due date still shows.
            return (null, asOf > due);
        }
    }

    /// <summary>A department's queue: open steps (or a status), overdue only, searched by application number or service.</summary>
    public async Task<QueuePage> QueueAsync(string department, string? status, bool overdueOnly, string? q, int page, int pageSize, CancellationToken ct)
    {
        var today = calendar.Today;
        var query = db.Set<ApplicationStep>().AsNoTracking().Where(s => s.DepartmentCode == department);
        if (status is not null && Enum.TryParse<StepStatus>(status, true, out var st))
        {
            query = query.Where(s => s.Status == st);
        }
        else
        {
            query = query.Where(s => Open.Contains(s.Status));
        }

        if (overdueOnly)
        {
            query = query.Where(s => s.DueOn < today && s.PausedOn == null);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(s => s.Application!.Number.Contains(text) || s.ServiceNameZh.Contains(text) || s.ServiceCode.Contains(text) || s.Application.BundleNameZh.Contains(text));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(s => s.DueOn).ThenBy(s => s.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new { Step = s, s.Application!.Number, s.Application.BundleNameZh, s.Application.BundleNameEn, s.Application.ApplicantPersonId, s.Application.Channel })
            .ToListAsync(ct);
        return new QueuePage(total, page, pageSize, rows.Select(r =>
        {
            var (left, overdue) = Countdown(r.Step, today);
            return new QueueItem(r.Step.Id, r.Number, r.BundleNameZh, r.BundleNameEn, r.Step.ServiceCode, r.Step.ServiceNameZh, r.Step.ServiceNameEn, r.Step.Status.ToString(),
                r.Step.StartedOn, r.Step.DueOn, left, r.Step.PausedOn is not null, overdue, Masking.Keep(r.ApplicantPersonId, 3, 2), r.Channel, r.Step.Revision);
        }).ToList());
    }

    /// <summary>The number of the application a user already submitted with this idempotency key, if any.</summary>
    public Task<string?> NumberForKeyAsync(string submitterUserId, string key, CancellationToken ct) =>
        db.Set<Application>().AsNoTracking().Where(a => a.SubmittedByUserId == submitterUserId && a.IdempotencyKey == key).Select(a => a.Number).FirstOrDefaultAsync(ct);

    public static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

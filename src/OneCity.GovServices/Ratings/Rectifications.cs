using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation.Users;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Ratings;

/// <summary>The three stages of a rectification, recorded in this order.</summary>
internal enum RectificationStage
{
    Response = 1,
    Fix = 2,
    Feedback = 3,
}

internal sealed record RectificationInput(string? Text, int? Revision);

/// <summary>One stage: its deadline and, once recorded, what was done, by whom, when, and whether it was late.</summary>
internal sealed record StageView(string Stage, DateOnly DueOn, string? Text, string? By, DateTimeOffset? At, bool Late);

internal sealed record RectificationView(long Id, string ApplicationNumber, string BundleNameZh, string BundleNameEn, long? StepId, string? ServiceCode,
    string? ServiceNameZh, string? ServiceNameEn, string DepartmentCode, int Stars, string Reason, string? Comment, string Status, string? NextStage,
    DateOnly OpenedOn, DateOnly? CurrentDueOn, int? WorkdaysLeft, bool Overdue, IReadOnlyList<StageView> Stages, int Revision);

/// <summary>
/// A department's rectifications (整改工单): list with working-day countdowns, and response → fix → feedback recorded in
/// order. Feedback closes the rectification and tells the applicant. Every stage goes to the audit ledger.
/// </summary>
internal sealed class Rectifications(
    GovServicesDbContext db, OrganisationDirectory directory, WorkingCalendar calendar, AuditLedger ledger, Notifier notifier, TimeProvider clock)
{
    public const int MaxText = 2000;

    public static readonly string[] Handlers = [Roles.DepartmentReviewer, Roles.DepartmentAdministrator];

    /// <summary>The department's rectifications: <c>open</c> (default), <c>closed</c> or <c>all</c>; optionally only the overdue ones.</summary>
    public async Task<IReadOnlyList<RectificationView>> ListAsync(string department, string? status, bool overdueOnly, CancellationToken ct)
    {
        var today = calendar.Today;
        var q = db.Set<Rectification>().AsNoTracking().Where(r => r.DepartmentCode == department);
        q = status switch
        {
            "closed" => q.Where(r => r.Status == RectificationStatus.Closed),
            "all" => q,
            _ => q.Where(r => r.Status != RectificationStatus.Closed),
        };
        if (overdueOnly)
        {
            q = q.Where(Overdue(today));
        }

        var rows = await q.OrderByDescending(r => r.Id).Take(500).ToListAsync(ct);
        var views = await ViewsAsync(rows, today, ct);
        return views.OrderBy(v => v.Status == nameof(RectificationStatus.Closed)).ThenBy(v => v.CurrentDueOn ?? DateOnly.MaxValue).ThenByDescending(v => v.Id).ToList();
    }

    /// <summary>Open and past the deadline of the stage now due, as a query (the counts of the statistics use it too).</summary>
    public static System.Linq.Expressions.Expression<Func<Rectification, bool>> Overdue(DateOnly today) => r =>
        (r.Status == RectificationStatus.Open && r.ResponseDueOn < today)
        || (r.Status == RectificationStatus.Responded && r.FixDueOn < today)
        || (r.Status == RectificationStatus.Fixed && r.FeedbackDueOn < today);

    public async Task<(RectificationView? View, Refusal? Refusal)> RecordAsync(CurrentUser user, long id, RectificationStage stage, RectificationInput input, CancellationToken ct)
    {
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxText)
        {
            return (null, new Refusal(400, "Invalid request", "See errors.", new Dictionary<string, string[]> { ["text"] = [$"required, at most {MaxText} characters"] }));
        }

        var r = await db.Set<Rectification>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || r.DepartmentCode != user.DepartmentCode)
        {
            // Another department's rectification is indistinguishable from a missing one.
            return (null, new Refusal(404, "Not found", $"No rectification {id} in your department."));
        }

        if (input.Revision is { } rev && rev != r.Revision)
        {
            return (null, new Refusal(409, "Changed meanwhile", $"The rectification has changed since revision {rev}; reload it."));
        }

        var expected = stage switch
        {
            RectificationStage.Response => RectificationStatus.Open,
            RectificationStage.Fix => RectificationStatus.Responded,
            _ => RectificationStatus.Fixed,
        };
        if (r.Status != expected)
        {
            var detail = r.Status == RectificationStatus.Closed ? "The rectification is closed."
                : (int)r.Status > (int)expected ? $"The {Name(stage)} has already been recorded."
                : $"Record the {Name((RectificationStage)(int)r.Status)} first: response, fix and feedback are recorded in this order.";
            return (null, new Refusal(409, "Not allowed now", detail));
        }

        var now = clock.GetUtcNow();
        var today = calendar.Today;
        var due = r.CurrentDueOn!.Value;
        switch (stage)
        {
            case RectificationStage.Response:
                (r.Response, r.RespondedBy, r.RespondedAt, r.RespondedOn, r.Status) = (text, user.UserName, now, today, RectificationStatus.Responded);
                break;
            case RectificationStage.Fix:
                (r.Fix, r.FixedBy, r.FixedAt, r.FixedOn, r.Status) = (text, user.UserName, now, today, RectificationStatus.Fixed);
                break;
            default:
                (r.Feedback, r.FeedbackBy, r.FeedbackAt, r.FeedbackOn, r.Status) = (text, user.UserName, now, today, RectificationStatus.Closed);
                break;
        }

        r.Revision++;
        var app = await db.Set<Application>().AsNoTracking().FirstAsync(a => a.Id == r.ApplicationId, ct);
        var rating = await db.Set<Rating>().AsNoTracking().FirstAsync(x => x.Id == r.RatingId, ct);
        db.Add(new ApplicationEvent
        {
            ApplicationId = r.ApplicationId, StepId = r.StepId, At = now, Actor = user.UserName, Kind = "rectification." + Name(stage),
            Details = string.Create(CultureInfo.InvariantCulture, $"rectification={r.Id}; department={r.DepartmentCode}"),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, new Refusal(409, "Changed meanwhile", "Someone else recorded this stage at the same time; reload it."));
        }

        var late = today > due;
        await ledger.AppendAsync(user, new AuditRecord("govservices.rectification." + Name(stage), "govservices-rectification", r.Id.ToString(CultureInfo.InvariantCulture),
            RatingService.Purpose, null,
            $"rating={r.RatingId}; application={r.ApplicationNumber}; department={r.DepartmentCode}; due={RatingService.Day(due)}; late={(late ? "yes" : "no")}; text={text.Length} chars",
            [app.ApplicantPersonId]), CancellationToken.None);

        if (stage == RectificationStage.Feedback)
        {
            var what = r.StepId is null ? $"「{app.BundleNameZh}」" : $"「{await ServiceNameAsync(r.StepId.Value, CancellationToken.None)}」";
            var department = (await directory.DepartmentAsync(r.DepartmentCode, CancellationToken.None))!.Zh;
            await notifier.EnqueueAsync(new Notification(Channel.InApp,
                $"差评整改反馈：{app.BundleNameZh} Feedback on your rating",
                $"您对{what}（{app.Number}）的评价，{department}已整改并反馈：{text}",
                rating.RatedByUserId, Link: $"/Portal/Ratings/Rate?number={Uri.EscapeDataString(app.Number)}",
                DeduplicationKey: string.Create(CultureInfo.InvariantCulture, $"rectification-feedback-{r.Id}")), CancellationToken.None);
        }

        return ((await ViewsAsync([r], today, ct))[0], null);
    }

    public static string Name(RectificationStage s) => s.ToString().ToLowerInvariant();

    /// <summary>Working days left until the stage now due (negative when overdue).</summary>
    public (int? Left, bool Overdue) Countdown(Rectification r, DateOnly today)
    {
        if (r.CurrentDueOn is not { } due)
        {
            return (null, false);
        }

        try
        {
            var left = today <= due ? calendar.CountWorkdays(today, due) : -calendar.CountWorkdays(due, today);
            return (left, today > due);
        }
        catch (CalendarYearMissingException)
        {
            // A new year without holiday data must not hide the list: overdue is still known, the count is not.
            return (null, today > due);
        }
    }

    private Task<string> ServiceNameAsync(long stepId, CancellationToken ct) =>
        db.Set<ApplicationStep>().AsNoTracking().Where(s => s.Id == stepId).Select(s => s.ServiceNameZh).FirstAsync(ct);

    private async Task<IReadOnlyList<RectificationView>> ViewsAsync(IReadOnlyList<Rectification> rows, DateOnly today, CancellationToken ct)
    {
        var ratingIds = rows.Select(r => r.RatingId).Distinct().ToList();
        var appIds = rows.Select(r => r.ApplicationId).Distinct().ToList();
        var stepIds = rows.Where(r => r.StepId is not null).Select(r => r.StepId!.Value).Distinct().ToList();
        var comments = await db.Set<Rating>().AsNoTracking().Where(x => ratingIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Comment, ct);
        var apps = await db.Set<Application>().AsNoTracking().Where(a => appIds.Contains(a.Id))
            .Select(a => new { a.Id, a.BundleNameZh, a.BundleNameEn }).ToDictionaryAsync(a => a.Id, ct);
        var steps = await db.Set<ApplicationStep>().AsNoTracking().Where(s => stepIds.Contains(s.Id))
            .Select(s => new { s.Id, s.ServiceCode, s.ServiceNameZh, s.ServiceNameEn }).ToDictionaryAsync(s => s.Id, ct);
        return rows.Select(r =>
        {
            var (left, overdue) = Countdown(r, today);
            var app = apps[r.ApplicationId];
            var step = r.StepId is { } sid ? steps.GetValueOrDefault(sid) : null;
            StageView Stage(RectificationStage s, DateOnly due, string? text, string? by, DateTimeOffset? at, DateOnly? on) =>
                new(Name(s), due, text, by, at, on is { } d ? d > due : false);
            return new RectificationView(r.Id, r.ApplicationNumber, app.BundleNameZh, app.BundleNameEn, r.StepId, step?.ServiceCode, step?.ServiceNameZh, step?.ServiceNameEn,
                r.DepartmentCode, r.Stars, RatingService.Name(r.Reason), comments.GetValueOrDefault(r.RatingId), r.Status.ToString(),
                r.Status == RectificationStatus.Closed ? null : Name((RectificationStage)(int)r.Status), r.OpenedOn, r.CurrentDueOn, left, overdue,
                [
                    Stage(RectificationStage.Response, r.ResponseDueOn, r.Response, r.RespondedBy, r.RespondedAt, r.RespondedOn),
                    Stage(RectificationStage.Fix, r.FixDueOn, r.Fix, r.FixedBy, r.FixedAt, r.FixedOn),
                    Stage(RectificationStage.Feedback, r.FeedbackDueOn, r.Feedback, r.FeedbackBy, r.FeedbackAt, r.FeedbackOn),
                ],
                r.Revision);
        }).ToList();
    }
}

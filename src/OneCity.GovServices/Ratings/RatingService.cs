using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Ratings;

internal sealed record RateInput(long? StepId, int? Stars, string? Comment, string? Reason);

/// <summary>What the applicant sees of a rectification their rating opened: where it stands and the department's feedback.</summary>
internal sealed record RectificationSummary(long Id, string DepartmentCode, string Status, DateOnly ResponseDueOn, DateOnly FixDueOn, DateOnly FeedbackDueOn,
    string? Feedback, DateTimeOffset? FeedbackAt);

internal sealed record RatingView(long Id, string Target, long? StepId, string? ServiceCode, string? ServiceNameZh, string? ServiceNameEn, string? DepartmentCode,
    int Stars, string? Reason, string? Comment, DateTimeOffset RatedAt, IReadOnlyList<RectificationSummary> Rectifications);

internal sealed record RateableStep(long StepId, string ServiceCode, string ServiceNameZh, string ServiceNameEn, string DepartmentCode, string Status,
    bool Finished, bool Rated);

/// <summary>An application's ratings, and what may still be rated.</summary>
internal sealed record RatingsOverview(string Number, string BundleNameZh, string BundleNameEn, string Status, bool Own, bool ApplicationRateable,
    bool ApplicationRated, IReadOnlyList<RateableStep> Steps, IReadOnlyList<RatingView> Ratings);

/// <summary>
/// Ratings (好差评): the applicant rates the whole application and each finished department step once, 1–5 stars,
/// with a comment and, for 1–2 stars, a reason. A bad rating opens a rectification (整改) for the responsible
/// departments in the same transaction, with deadlines of 1, 5 and 15 working days from the rating day.
/// </summary>
internal sealed class RatingService(GovServicesDbContext db, ApplicationQueries queries, WorkingCalendar calendar, AuditLedger ledger, TimeProvider clock)
{
    public const int MaxComment = 500;
    public const int ResponseDays = 1;
    public const int FixDays = 5;
    public const int FeedbackDays = 15;
    public const string Purpose = "govservices-rating";
    public static readonly string ReasonRule = "one of " + string.Join(", ", Enum.GetNames<RatingReason>().Select(n => n.ToLowerInvariant()));

    /// <summary>Steps in these states were decided by their department and may be rated.</summary>
    public static readonly StepStatus[] Finished = [StepStatus.Done, StepStatus.Refused, StepStatus.Rejected];

    public static bool IsOwn(CurrentUser user, Application app) =>
        app.ApplicantUserId == user.UserId || (user.PersonId is not null && app.ApplicantPersonId == user.PersonId);

    public static string Name(RatingReason r) => r.ToString().ToLowerInvariant();

    public async Task<RatingsOverview?> OverviewAsync(CurrentUser user, string number, CancellationToken ct)
    {
        var app = await queries.FindVisibleAsync(user, number, false, ct);
        return app is null ? null : await OverviewAsync(user, app, ct);
    }

    public async Task<(RatingView? Rating, Refusal? Refusal)> RateAsync(CurrentUser user, string number, RateInput input, CancellationToken ct)
    {
        var app = await queries.FindVisibleAsync(user, number, false, ct);
        if (app is null || !IsOwn(user, app))
        {
            // Someone else's application is indistinguishable from a missing one.
            return (null, new Refusal(404, "Not found", $"No application {number} of yours."));
        }

        var errors = new FieldErrors();
        if (input.Stars is not (>= 1 and <= 5))
        {
            errors.Add("stars", "required: an integer from 1 to 5");
        }

        var comment = input.Comment?.Trim();
        if (comment is { Length: > MaxComment })
        {
            errors.Add("comment", $"at most {MaxComment} characters");
        }

        RatingReason? reason = null;
        if (!string.IsNullOrWhiteSpace(input.Reason))
        {
            if (EnumNames.TryParse<RatingReason>(input.Reason.Trim(), out var r))
            {
                reason = r;
            }
            else
            {
                errors.Add("reason", ReasonRule);
            }
        }
        else if (input.Stars is 1 or 2)
        {
            errors.Add("reason", "required for a rating of 1–2 stars: " + ReasonRule);
        }

        var step = input.StepId is { } stepId ? app.Steps.FirstOrDefault(s => s.Id == stepId) : null;
        if (input.StepId is not null && step is null)
        {
            errors.Add("stepId", "not a step of this application");
        }

        if (errors.Any)
        {
            return (null, new Refusal(400, "Invalid rating", "See errors.", errors.ToDictionary()));
        }

        if (step is not null && !Finished.Contains(step.Status))
        {
            return (null, new Refusal(409, "Not finished", $"The step {step.ServiceCode} is {step.Status}: only a finished step (done, refused or rejected) can be rated."));
        }

        if (step is null && !app.Steps.Any(s => Finished.Contains(s.Status)))
        {
            return (null, new Refusal(409, "Not finished", "No step of this application has finished yet: rate it once a department has decided."));
        }

        var target = step is null ? Rating.ApplicationTarget : Rating.StepTarget(step.Id);
        if (await db.Set<Rating>().AnyAsync(r => r.ApplicationId == app.Id && r.Target == target, ct))
        {
            return (null, AlreadyRated(step));
        }

        var now = clock.GetUtcNow();
        var today = calendar.Today;
        var rating = new Rating
        {
            ApplicationId = app.Id, ApplicationNumber = app.Number, Target = target, StepId = step?.Id, DepartmentCode = step?.DepartmentCode, ServiceCode = step?.ServiceCode,
            Stars = input.Stars!.Value, Reason = reason, Comment = string.IsNullOrEmpty(comment) ? null : comment, RatedByUserId = user.UserId, RatedAt = now, RatedOn = today,
        };

        var rectifications = new List<Rectification>();
        if (rating.Stars <= 2)
        {
            DateOnly response, fix, feedback;
            try
            {
                (response, fix, feedback) = (calendar.AddWorkdays(today, ResponseDays), calendar.AddWorkdays(today, FixDays), calendar.AddWorkdays(today, FeedbackDays));
            }
            catch (CalendarYearMissingException e)
            {
                return (null, new Refusal(422, "Calendar missing", e.Message + " The rectification deadlines cannot be set; please try again later."));
            }

            foreach (var department in ResponsibleDepartments(app, step, today))
            {
                rectifications.Add(new Rectification
                {
                    ApplicationId = app.Id, ApplicationNumber = app.Number, StepId = step?.Id, DepartmentCode = department, Stars = rating.Stars, Reason = reason!.Value,
                    OpenedAt = now, OpenedOn = today, ResponseDueOn = response, FixDueOn = fix, FeedbackDueOn = feedback, Status = RectificationStatus.Open,
                });
            }
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Add(rating);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // A concurrent second rating of the same thing lost the race on the unique index.
                db.ChangeTracker.Clear();
                if (await db.Set<Rating>().AnyAsync(r => r.ApplicationId == app.Id && r.Target == target, CancellationToken.None))
                {
                    return (null, AlreadyRated(step));
                }

                throw;
            }

            foreach (var r in rectifications)
            {
                r.RatingId = rating.Id;
            }

            db.AddRange(rectifications);
            db.Add(new ApplicationEvent
            {
                ApplicationId = app.Id, StepId = step?.Id, At = now, Actor = user.UserName, Kind = "rating",
                Details = string.Create(CultureInfo.InvariantCulture, $"stars={rating.Stars}") + (reason is null ? "" : "; reason=" + Name(reason.Value))
                    + (rectifications.Count == 0 ? "" : "; rectification=" + string.Join(',', rectifications.Select(r => r.DepartmentCode))),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        var subjects = new[] { app.ApplicantPersonId };
        await ledger.AppendAsync(user, new AuditRecord("govservices.rating.create", "govservices-rating", rating.Id.ToString(CultureInfo.InvariantCulture), Purpose, null,
            $"application={app.Number}; target={target}; department={rating.DepartmentCode ?? "-"}; stars={rating.Stars}; reason={(reason is null ? "-" : Name(reason.Value))}; comment={rating.Comment?.Length ?? 0} chars",
            subjects), CancellationToken.None);
        foreach (var r in rectifications)
        {
            await ledger.AppendAsync(user, new AuditRecord("govservices.rectification.open", "govservices-rectification", r.Id.ToString(CultureInfo.InvariantCulture), Purpose, null,
                $"rating={rating.Id}; application={app.Number}; department={r.DepartmentCode}; stars={r.Stars}; reason={Name(r.Reason)}; response-due={Day(r.ResponseDueOn)}; fix-due={Day(r.FixDueOn)}; feedback-due={Day(r.FeedbackDueOn)}",
                subjects), CancellationToken.None);
        }

        return (View(rating, step, rectifications), null);
    }

    /// <summary>
    /// Who must rectify: the department of the rated step; for the whole application, the departments of its failed
    /// or late steps, or when there are none, every department the application reached.
    /// </summary>
    internal IReadOnlyList<string> ResponsibleDepartments(Application app, ApplicationStep? step, DateOnly today)
    {
        if (step is not null)
        {
            return [step.DepartmentCode];
        }

        var failedOrLate = app.Steps.Where(s => s.Status is StepStatus.Refused or StepStatus.Rejected || IsLate(s, today)).Select(s => s.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
        return failedOrLate.Count > 0
            ? failedOrLate
            : app.Steps.Where(s => s.StartedOn is not null).Select(s => s.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Finished after its due date, or still open and past it.</summary>
    internal bool IsLate(ApplicationStep s, DateOnly today) =>
        s.DueOn is { } due && (Finished.Contains(s.Status) && s.FinishedAt is { } at ? calendar.LocalDate(at) > due : queries.Countdown(s, today).Overdue);

    private async Task<RatingsOverview> OverviewAsync(CurrentUser user, Application app, CancellationToken ct)
    {
        var ratings = await db.Set<Rating>().AsNoTracking().Where(r => r.ApplicationId == app.Id).OrderBy(r => r.Id).ToListAsync(ct);
        var ids = ratings.Select(r => r.Id).ToList();
        var rectifications = await db.Set<Rectification>().AsNoTracking().Where(r => ids.Contains(r.RatingId)).OrderBy(r => r.Id).ToListAsync(ct);
        var rated = ratings.Select(r => r.Target).ToHashSet(StringComparer.Ordinal);
        var anyFinished = app.Steps.Any(s => Finished.Contains(s.Status));
        var steps = app.Steps.OrderBy(s => s.Id).Select(s => new RateableStep(s.Id, s.ServiceCode, s.ServiceNameZh, s.ServiceNameEn, s.DepartmentCode, s.Status.ToString(),
            Finished.Contains(s.Status), rated.Contains(Rating.StepTarget(s.Id)))).ToList();
        return new RatingsOverview(app.Number, app.BundleNameZh, app.BundleNameEn, app.Status.ToString(), IsOwn(user, app),
            anyFinished && !rated.Contains(Rating.ApplicationTarget), rated.Contains(Rating.ApplicationTarget), steps,
            ratings.Select(r => View(r, app.Steps.FirstOrDefault(s => s.Id == r.StepId), rectifications.Where(x => x.RatingId == r.Id).ToList())).ToList());
    }

    private static RatingView View(Rating r, ApplicationStep? step, IReadOnlyList<Rectification> rectifications) => new(
        r.Id, r.StepId is null ? "application" : "step", r.StepId, step?.ServiceCode ?? r.ServiceCode, step?.ServiceNameZh, step?.ServiceNameEn, r.DepartmentCode,
        r.Stars, r.Reason is { } reason ? Name(reason) : null, r.Comment, r.RatedAt,
        rectifications.Select(x => new RectificationSummary(x.Id, x.DepartmentCode, x.Status.ToString(), x.ResponseDueOn, x.FixDueOn, x.FeedbackDueOn, x.Feedback, x.FeedbackAt)).ToList());

    private static Refusal AlreadyRated(ApplicationStep? step) => new(409, "Already rated",
        step is null ? "You have already rated this application." : $"You have already rated the step {step.ServiceCode}.");

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

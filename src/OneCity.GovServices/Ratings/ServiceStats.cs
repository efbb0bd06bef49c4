using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Data;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation.Users;

namespace OneCity.GovServices.Ratings;

/// <summary>Ratings summed up: how many, the average of their stars, and the shares of good (4–5) and bad (1–2) ones (0–1).</summary>
internal sealed record RatingFigures(int Count, double? AverageStars, double? GoodShare, double? BadShare)
{
    public static RatingFigures Of(int count, int stars, int good, int bad) => count == 0
        ? new(0, null, null, null)
        : new(count, Math.Round((double)stars / count, 2), Math.Round((double)good / count, 4), Math.Round((double)bad / count, 4));
}

/// <summary>One department's public figures: its step ratings, its rectifications, and its steps decided by the due date.</summary>
internal sealed record DepartmentStats(string DepartmentCode, string NameZh, string NameEn, RatingFigures Ratings, int RectificationsOpen,
    int RectificationsClosed, int RectificationsOverdue, int StepsFinished, int StepsOnTime, double? OnTimeRate);

/// <summary>
/// The public statistics (好差评公开): per department, and the ratings of whole applications (which belong to no one
/// department). Only counts and rates: no applicant, no comment, no application number.
/// </summary>
internal sealed record ServiceStatsView(DateOnly AsOf, RatingFigures ApplicationRatings, IReadOnlyList<DepartmentStats> Departments);

/// <summary>Computes the public service statistics and names departments in both languages.</summary>
internal sealed class ServiceStats(GovServicesDbContext db, OrganisationDirectory directory, WorkingCalendar calendar)
{
    public async Task<ServiceStatsView> DepartmentsAsync(CancellationToken ct)
    {
        var today = calendar.Today;
        var ratings = await db.Set<Rating>().AsNoTracking().GroupBy(r => r.DepartmentCode)
            .Select(g => new { Department = g.Key, Count = g.Count(), Stars = g.Sum(r => r.Stars), Good = g.Count(r => r.Stars >= 4), Bad = g.Count(r => r.Stars <= 2) })
            .ToListAsync(ct);
        var overdue = Rectifications.Overdue(today);
        var rectifications = await db.Set<Rectification>().AsNoTracking().GroupBy(r => r.DepartmentCode)
            .Select(g => new { Department = g.Key, Open = g.Count(r => r.Status != RectificationStatus.Closed), Closed = g.Count(r => r.Status == RectificationStatus.Closed) })
            .ToListAsync(ct);
        var overdueCounts = await db.Set<Rectification>().AsNoTracking().Where(overdue).GroupBy(r => r.DepartmentCode)
            .Select(g => new { Department = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Department, x => x.Count, ct);

        // "On time" compares the local day a step finished with its due day, which SQL cannot do across providers and
        // time zones; only three columns of the finished steps are read.
        var finished = await db.Set<ApplicationStep>().AsNoTracking()
            .Where(s => RatingService.Finished.Contains(s.Status) && s.DueOn != null && s.FinishedAt != null)
            .Select(s => new { s.DepartmentCode, s.DueOn, s.FinishedAt }).ToListAsync(ct);
        var steps = finished.GroupBy(s => s.DepartmentCode).ToDictionary(g => g.Key,
            g => (Finished: g.Count(), OnTime: g.Count(s => calendar.LocalDate(s.FinishedAt!.Value) <= s.DueOn!.Value)), StringComparer.Ordinal);

        var codes = ratings.Where(r => r.Department is not null).Select(r => r.Department!).Concat(rectifications.Select(r => r.Department)).Concat(steps.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var names = await directory.DepartmentNamesAsync(codes, ct);
        var list = codes.Select(code =>
        {
            var r = ratings.FirstOrDefault(x => x.Department == code);
            var rect = rectifications.FirstOrDefault(x => x.Department == code);
            var s = steps.GetValueOrDefault(code);
            return new DepartmentStats(code, names[code].Zh, names[code].En, r is null ? RatingFigures.Of(0, 0, 0, 0) : RatingFigures.Of(r.Count, r.Stars, r.Good, r.Bad),
                rect?.Open ?? 0, rect?.Closed ?? 0, overdueCounts.GetValueOrDefault(code), s.Finished, s.OnTime,
                s.Finished == 0 ? null : Math.Round((double)s.OnTime / s.Finished, 4));
        }).ToList();
        var whole = ratings.FirstOrDefault(r => r.Department is null);
        return new ServiceStatsView(today, whole is null ? RatingFigures.Of(0, 0, 0, 0) : RatingFigures.Of(whole.Count, whole.Stars, whole.Good, whole.Bad), list);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Data;
using OneCity.Platform.Calendar;

namespace OneCity.GovServices.Contracts;

/// <summary>One district's applications now: with a department step open, and with a step past its working-day deadline.</summary>
public sealed record DistrictApplications(string DistrictCode, int Open, int Overdue);

/// <summary>
/// Statistics other modules read in-process (the city's vital signs): applications in progress and overdue, by the
/// district whose departments handle them (applications handled only by city departments count under 310000). No
/// personal data.
/// </summary>
public sealed class GovServicesStatistics
{
    private readonly IServiceScopeFactory scopes;
    private readonly WorkingCalendar calendar;

    internal GovServicesStatistics(IServiceScopeFactory scopes, WorkingCalendar calendar)
    {
        this.scopes = scopes;
        this.calendar = calendar;
    }

    /// <summary>
    /// Per district, as of now. A step is overdue when a working day has passed since its deadline (so a Friday deadline
    /// is overdue on Monday, not at the weekend); a step waiting for the applicant counts when it was paused after its deadline.
    /// </summary>
    public async Task<IReadOnlyList<DistrictApplications>> ByDistrictAsync(CancellationToken ct = default)
    {
        // The latest working day up to today: a deadline before it has been missed.
        var lastWorkday = calendar.Today;
        for (var i = 0; i < 30 && !SafeIsWorkday(lastWorkday); i++)
        {
            lastWorkday = lastWorkday.AddDays(-1);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GovServicesDbContext>();
        var open = ApplicationQueries.Open;
        var rows = await db.Set<ApplicationStep>().AsNoTracking()
            .Where(s => open.Contains(s.Status))
            .GroupBy(s => s.Application!.DistrictCode)
            .Select(g => new
            {
                District = g.Key,
                Open = g.Select(s => s.ApplicationId).Distinct().Count(),
                Overdue = g.Where(s => s.DueOn != null && (s.PausedOn == null ? s.DueOn < lastWorkday : s.PausedOn > s.DueOn))
                    .Select(s => s.ApplicationId).Distinct().Count(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new DistrictApplications(r.District, r.Open, r.Overdue)).ToList();
    }

    private bool SafeIsWorkday(DateOnly d)
    {
        try
        {
            return calendar.IsWorkday(d);
        }
        catch (CalendarYearMissingException)
        {
            return d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        }
    }
}

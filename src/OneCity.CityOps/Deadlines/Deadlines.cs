using OneCity.CityOps.Categories;
using OneCity.Platform.Calendar;

namespace OneCity.CityOps.Deadlines;

/// <summary>
/// Turns a category's time limits into instants with the working-day calendar: natural hours run day and night,
/// working hours only inside office hours on working days, and n working days end at the close of office hours on the
/// n-th working day after the start. A deadline in a year whose holiday notice is not loaded yet falls back to
/// Monday–Friday for that year (an incident must never be refused for want of a calendar); the result says so.
/// </summary>
internal sealed class Deadlines(WorkingCalendar calendar)
{
    public const double WarningShare = 0.8;

    public (DateTimeOffset Due, bool Provisional) Due(DateTimeOffset start, TimeLimit limit)
    {
        try
        {
            // PostgreSQL stores instants as UTC: never hand out a local offset.
            return (DueExact(start, limit).ToUniversalTime(), false);
        }
        catch (CalendarYearMissingException)
        {
            return (Approximate(start, limit).ToUniversalTime(), true);
        }
    }

    /// <summary>The instant when <paramref name="share"/> of the time from start to due has run (the 80 % warning).</summary>
    public DateTimeOffset Share(DateTimeOffset start, DateTimeOffset due, TimeLimit limit, double share)
    {
        if (limit.Unit == LimitUnit.Hours)
        {
            return start + ((due - start) * share);
        }

        try
        {
            return calendar.AddWorkingHours(start, calendar.WorkingHoursBetween(start, due) * share).ToUniversalTime();
        }
        catch (CalendarYearMissingException)
        {
            return start + ((due - start) * share);
        }
    }

    private DateTimeOffset DueExact(DateTimeOffset start, TimeLimit limit)
    {
        switch (limit.Unit)
        {
            case LimitUnit.Hours:
                return start + TimeSpan.FromHours(limit.Amount);
            case LimitUnit.WorkingHours:
                return calendar.AddWorkingHours(start, TimeSpan.FromHours(limit.Amount));
            default:
                var day = calendar.AddWorkdays(calendar.LocalDate(start), (int)Math.Ceiling(limit.Amount));
                return EndOfOfficeHours(day);
        }
    }

    private DateTimeOffset EndOfOfficeHours(DateOnly day)
    {
        var local = day.ToDateTime(calendar.Options.OfficeHoursEnd);
        return new DateTimeOffset(local, calendar.Options.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private DateTimeOffset Approximate(DateTimeOffset start, TimeLimit limit)
    {
        if (limit.Unit == LimitUnit.Hours)
        {
            return start + TimeSpan.FromHours(limit.Amount);
        }

        var days = limit.Unit == LimitUnit.WorkingDays ? (int)Math.Ceiling(limit.Amount) : (int)Math.Ceiling(limit.Amount / calendar.Options.WorkingDayLength.TotalHours);
        var d = calendar.LocalDate(start);
        while (days > 0)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days--;
            }
        }

        return EndOfOfficeHours(d);
    }
}

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

    /// <summary>
    /// An approved extension (延期): the deadline moves by <paramref name="extra"/> of office time — working hours, or
    /// working days of a full office day each (8 h by default), so a deadline keeps its time of day on the n-th working
    /// day after it, and one outside office hours lands at the close of that day.
    /// </summary>
    public (DateTimeOffset Due, bool Provisional) Extend(DateTimeOffset due, TimeLimit extra)
    {
        var office = extra.Unit switch
        {
            LimitUnit.WorkingDays => calendar.Options.WorkingDayLength * extra.Amount,
            LimitUnit.WorkingHours => TimeSpan.FromHours(extra.Amount),
            _ => throw new ArgumentOutOfRangeException(nameof(extra), "An extension is working time (wh or wd)."),
        };
        try
        {
            return (calendar.AddWorkingHours(due, office).ToUniversalTime(), false);
        }
        catch (CalendarYearMissingException)
        {
            return (AddWeekdayHours(due, office).ToUniversalTime(), true);
        }
    }

    /// <summary>
    /// Resumption after a suspension (挂起): a deadline moves by the time its clock was paused, measured the way its
    /// phase counts time — natural time for a limit in natural hours, office time on working days otherwise (a pause
    /// over a weekend or a night costs a working-time deadline nothing).
    /// </summary>
    public (DateTimeOffset Due, bool Provisional) Shift(DateTimeOffset due, LimitUnit phaseUnit, DateTimeOffset pausedFrom, DateTimeOffset pausedTo)
    {
        if (pausedTo <= pausedFrom)
        {
            return (due, false);
        }

        if (phaseUnit == LimitUnit.Hours)
        {
            return ((due + (pausedTo - pausedFrom)).ToUniversalTime(), false);
        }

        try
        {
            var paused = calendar.WorkingHoursBetween(pausedFrom, pausedTo);
            return (paused <= TimeSpan.Zero ? due : calendar.AddWorkingHours(due, paused).ToUniversalTime(), false);
        }
        catch (CalendarYearMissingException)
        {
            var paused = WeekdayHoursBetween(pausedFrom, pausedTo);
            return (paused <= TimeSpan.Zero ? due : AddWeekdayHours(due, paused).ToUniversalTime(), true);
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

    /// <summary>Office time Monday–Friday (no holidays): the fallback when a year's holiday notice is not loaded.</summary>
    private TimeSpan WeekdayHoursBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        var local = TimeZoneInfo.ConvertTime(from, calendar.Options.TimeZone);
        var end = TimeZoneInfo.ConvertTime(to, calendar.Options.TimeZone);
        for (var d = DateOnly.FromDateTime(local.DateTime); d <= DateOnly.FromDateTime(end.DateTime); d = d.AddDays(1))
        {
            if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var open = Local(d, calendar.Options.OfficeHoursStart);
            var close = Local(d, calendar.Options.OfficeHoursEnd);
            var a = open > from ? open : from;
            var b = close < to ? close : to;
            if (b > a)
            {
                total += b - a;
            }
        }

        return total;
    }

    /// <summary>Adds office time Monday–Friday (no holidays): the fallback when a year's holiday notice is not loaded.</summary>
    private DateTimeOffset AddWeekdayHours(DateTimeOffset start, TimeSpan duration)
    {
        var remaining = duration;
        var d = calendar.LocalDate(start);
        while (true)
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                var open = Local(d, calendar.Options.OfficeHoursStart);
                var close = Local(d, calendar.Options.OfficeHoursEnd);
                var from = open > start ? open : start;
                if (close > from)
                {
                    if (close - from >= remaining)
                    {
                        return from + remaining;
                    }

                    remaining -= close - from;
                }
            }

            d = d.AddDays(1);
        }
    }

    private DateTimeOffset Local(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, calendar.Options.TimeZone.GetUtcOffset(local));
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

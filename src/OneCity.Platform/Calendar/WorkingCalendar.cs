using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OneCity.Platform.Data;

namespace OneCity.Platform.Calendar;

/// <summary>Why a day is or is not a working day.</summary>
public enum DayKind : byte
{
    /// <summary>An ordinary Monday–Friday.</summary>
    Workday,

    /// <summary>An ordinary Saturday or Sunday.</summary>
    Weekend,

    /// <summary>A public holiday (法定节假日), including weekend days inside a holiday period.</summary>
    Holiday,

    /// <summary>A weekend day on which people work to make up for a holiday (调休上班).</summary>
    AdjustedWorkday,
}

/// <summary>One day of the calendar. <see cref="Name"/> is the holiday's name for holidays and adjusted working days.</summary>
public readonly record struct CalendarDay(DateOnly Date, DayKind Kind, string? Name)
{
    public bool IsWorkday => Kind is DayKind.Workday or DayKind.AdjustedWorkday;

    /// <summary>A short Chinese explanation, as shown to citizens: 工作日, 周末, the holiday's name, or 调休上班（name）.</summary>
    public string Reason => Kind switch
    {
        DayKind.Holiday => Name ?? "节假日",
        DayKind.AdjustedWorkday => $"调休上班（{Name}）",
        DayKind.Weekend => "周末",
        _ => "工作日",
    };
}

/// <summary>
/// A date falls in a year for which no holiday data is loaded. The calendar refuses to guess: the caller
/// (an endpoint: 422) must tell the user, and an administrator must upload the year (POST /api/calendar/years).
/// </summary>
public sealed class CalendarYearMissingException(int year)
    : Exception($"The working-day calendar has no data for {year.ToString(CultureInfo.InvariantCulture)}; an administrator must upload that year's holiday data.")
{
    public int Year { get; } = year;
}

/// <summary>Office hours and the time zone working-hour deadlines are measured in (<c>Calendar:*</c> settings).</summary>
public sealed record CalendarOptions(TimeOnly OfficeHoursStart, TimeOnly OfficeHoursEnd, TimeZoneInfo TimeZone)
{
    public static CalendarOptions Default { get; } = new(new TimeOnly(9, 0), new TimeOnly(17, 0), FindZone("Asia/Shanghai"));

    public TimeSpan WorkingDayLength => OfficeHoursEnd - OfficeHoursStart;

    public static CalendarOptions From(IConfiguration configuration)
    {
        var start = Parse(configuration["Calendar:OfficeHoursStart"], Default.OfficeHoursStart, "Calendar:OfficeHoursStart");
        var end = Parse(configuration["Calendar:OfficeHoursEnd"], Default.OfficeHoursEnd, "Calendar:OfficeHoursEnd");
        if (end <= start)
        {
            throw new InvalidOperationException("Calendar:OfficeHoursEnd must be after Calendar:OfficeHoursStart.");
        }

        var zoneId = configuration["Calendar:TimeZone"];
        return new CalendarOptions(start, end, string.IsNullOrWhiteSpace(zoneId) ? Default.TimeZone : FindZone(zoneId));
    }

    private static TimeOnly Parse(string? text, TimeOnly fallback, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t
            : throw new InvalidOperationException($"{key} must be a time such as 09:00, not '{text}'.");
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == "Asia/Shanghai")
        {
            // Containers without tzdata: China has had no daylight saving since 1991, so a fixed offset is exact for our years.
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, id);
        }
    }
}

/// <summary>
/// China's working-day calendar: weekends, public holidays and adjusted working days (调休) from holiday-cn,
/// and working-hour arithmetic within office hours. Every deadline in the platform is computed here.
/// <para>Semantics (the same as Chinese administrative law, which does not count the day a period starts):</para>
/// <list type="bullet">
/// <item><see cref="AddWorkdays"/>(from, n) for n &gt; 0 is the n-th working day strictly after <c>from</c>;
/// n = 0 is <c>from</c> itself if it is a working day, otherwise the next working day (a deadline never falls on a day off);
/// n &lt; 0 is the |n|-th working day strictly before <c>from</c>.</item>
/// <item><see cref="CountWorkdays"/>(from, to) counts working days in the half-open interval (from, to]: <c>from</c> is
/// excluded, <c>to</c> included, so CountWorkdays(d, AddWorkdays(d, n)) == n for n ≥ 1. If to &lt; from the result is negative.</item>
/// </list>
/// Dates in a year without loaded data throw <see cref="CalendarYearMissingException"/>, never a guess.
/// The tables live in memory (a few KB per year), so every operation is O(1) or O(log days).
/// </summary>
public sealed class WorkingCalendar
{
    private readonly TimeProvider clock;
    private volatile CalendarTable table = CalendarTable.Empty;

    public WorkingCalendar(CalendarOptions options, TimeProvider clock)
    {
        Options = options;
        this.clock = clock;
    }

    public CalendarOptions Options { get; }

    /// <summary>Years with loaded holiday data, ascending.</summary>
    public IReadOnlyList<int> LoadedYears => table.LoadedYears;

    public bool HasYear(int year) => table.HasYear(year);

    /// <summary>How far ahead administrators are warned that a year's holiday notice is not loaded (promised dates of the longer
    /// bundles reach a quarter ahead; the State Council publishes next year's notice in October–December).</summary>
    public const int NoticeWarningDays = 92;

    /// <summary>
    /// The first year without data that a deadline starting today could reach within <see cref="NoticeWarningDays"/>, or null.
    /// Deadlines reaching it are refused (422) until an administrator loads the notice, so the workbench warns early.
    /// </summary>
    public int? YearAwaitingNotice()
    {
        var today = Today;
        var horizon = today.AddDays(NoticeWarningDays);
        for (var year = today.Year; year <= horizon.Year; year++)
        {
            if (!HasYear(year))
            {
                return year;
            }
        }

        return null;
    }

    /// <summary>Today's date in the calendar's time zone (Asia/Shanghai by default).</summary>
    public DateOnly Today => LocalDate(clock.GetUtcNow());

    /// <summary>The date of an instant in the calendar's time zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Options.TimeZone).DateTime);

    public CalendarDay GetDay(DateOnly date) => table.Get(date);

    public bool IsWorkday(DateOnly date) => table.IsWorkday(date);

    /// <summary>See the class remarks for the meaning of 0 and negative <paramref name="days"/>.</summary>
    public DateOnly AddWorkdays(DateOnly from, int days) => table.AddWorkdays(from, days);

    /// <summary>Working days in (from, to]; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public int CountWorkdays(DateOnly from, DateOnly to) => table.CountWorkdays(from, to);

    /// <summary>A deadline <paramref name="days"/> working days from today.</summary>
    public DateOnly AddWorkdaysFromToday(int days) => AddWorkdays(Today, days);

    /// <summary>
    /// The instant when <paramref name="duration"/> of office time has elapsed after <paramref name="start"/>, counting only
    /// office hours on working days. A start outside office hours counts from the next opening; a duration that ends exactly
    /// at closing time gives closing time, not the next opening. Zero gives the next working instant at or after the start.
    /// The result is expressed in the calendar's time zone.
    /// </summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var (date, time) = NextWorkingInstant(start);
        var close = Options.OfficeHoursEnd.ToTimeSpan();
        var remaining = duration;
        var available = close - time;
        if (remaining <= available)
        {
            return At(date, time + remaining);
        }

        remaining -= available;
        var dayLength = Options.WorkingDayLength;
        var fullDays = remaining.Ticks / dayLength.Ticks;
        var rest = TimeSpan.FromTicks(remaining.Ticks % dayLength.Ticks);
        if (fullDays > int.MaxValue - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), "The duration is too long.");
        }

        return rest == TimeSpan.Zero
            ? At(AddWorkdays(date, (int)fullDays), close)
            : At(AddWorkdays(date, (int)fullDays + 1), Options.OfficeHoursStart.ToTimeSpan() + rest);
    }

    /// <summary>Office time on working days between two instants; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public TimeSpan WorkingHoursBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingHoursBetween(to, from);
        }

        var (d1, t1) = NextWorkingInstant(from);
        var (d2, t2) = NextWorkingInstant(to);
        if (d1 == d2)
        {
            return t2 - t1;
        }

        var open = Options.OfficeHoursStart.ToTimeSpan();
        var close = Options.OfficeHoursEnd.ToTimeSpan();
        var between = CountWorkdays(d1, d2) - 1;
        return (close - t1) + (Options.WorkingDayLength * between) + (t2 - open);
    }

    /// <summary>Replaces the in-memory tables with what the database holds (at start and after an upload).</summary>
    internal async Task ReloadAsync(PlatformDbContext db, CancellationToken ct)
    {
        var years = await db.Set<CalendarYear>().AsNoTracking().Select(y => y.Year).ToListAsync(ct);
        var days = await db.Set<CalendarSpecialDay>().AsNoTracking().ToListAsync(ct);
        Load(years.Select(y => new CalendarYearData(y, days.Where(d => d.Year == y).Select(d => new SpecialDay(d.Date, d.IsOffDay, d.Name)).ToList())));
    }

    internal void Load(IEnumerable<CalendarYearData> years) => table = CalendarTable.Build(years);

    /// <summary>The first instant at or after <paramref name="instant"/> inside office hours of a working day, as local date and time of day.</summary>
    private (DateOnly Date, TimeSpan Time) NextWorkingInstant(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Options.TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = local.TimeOfDay;
        var open = Options.OfficeHoursStart.ToTimeSpan();
        if (!IsWorkday(date) || time >= Options.OfficeHoursEnd.ToTimeSpan())
        {
            return (AddWorkdays(date, 1), open);
        }

        return (date, time < open ? open : time);
    }

    private DateTimeOffset At(DateOnly date, TimeSpan time)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).Add(time);
        return new DateTimeOffset(local, Options.TimeZone.GetUtcOffset(local));
    }
}

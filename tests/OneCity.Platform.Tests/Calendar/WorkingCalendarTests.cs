using Microsoft.Extensions.Time.Testing;
using OneCity.Platform.Calendar;

namespace OneCity.Platform.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    internal static WorkingCalendar Embedded(TimeProvider? clock = null, CalendarOptions? options = null)
    {
        var calendar = new WorkingCalendar(options ?? CalendarOptions.Default, clock ?? TimeProvider.System);
        calendar.Load(HolidayCn.LoadEmbedded());
        return calendar;
    }

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset T(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, Shanghai);

    [Fact]
    public void TheEmbeddedDataCovers2020To2026()
    {
        Assert.Equal([2020, 2021, 2022, 2023, 2024, 2025, 2026], Embedded().LoadedYears);
    }

    [Fact]
    public void NationalDayAndMidAutumn2025AreEightDaysOff()
    {
        var c = Embedded();
        for (var d = D("2025-10-01"); d <= D("2025-10-08"); d = d.AddDays(1))
        {
            var day = c.GetDay(d);
            Assert.False(day.IsWorkday, d.ToString());
            Assert.Equal(DayKind.Holiday, day.Kind);
            Assert.Contains("国庆节", day.Reason, StringComparison.Ordinal);
        }

        // Sunday 28 September and Saturday 11 October are worked (调休上班).
        Assert.Equal(DayKind.AdjustedWorkday, c.GetDay(D("2025-09-28")).Kind);
        Assert.True(c.IsWorkday(D("2025-09-28")));
        Assert.True(c.IsWorkday(D("2025-10-11")));
        Assert.StartsWith("调休上班", c.GetDay(D("2025-10-11")).Reason, StringComparison.Ordinal);
        Assert.Equal(DayKind.Weekend, c.GetDay(D("2025-10-12")).Kind);
        Assert.Equal(DayKind.Workday, c.GetDay(D("2025-10-09")).Kind);
    }

    [Fact]
    public void OneWorkdayAfterTheLastDayOfSeptember2025IsNinthOctober()
    {
        var c = Embedded();
        Assert.Equal(D("2025-10-09"), c.AddWorkdays(D("2025-09-30"), 1));
        Assert.Equal(D("2025-10-10"), c.AddWorkdays(D("2025-09-30"), 2));
        Assert.Equal(D("2025-10-11"), c.AddWorkdays(D("2025-09-30"), 3));
        Assert.Equal(D("2025-10-13"), c.AddWorkdays(D("2025-09-30"), 4));
        Assert.Equal(D("2025-09-28"), c.AddWorkdays(D("2025-09-27"), 1));
    }

    [Fact]
    public void DayZeroIsTheDayItselfOrTheNextWorkday()
    {
        var c = Embedded();
        Assert.Equal(D("2025-09-30"), c.AddWorkdays(D("2025-09-30"), 0));
        Assert.Equal(D("2025-10-09"), c.AddWorkdays(D("2025-10-01"), 0));
        Assert.Equal(D("2025-10-20"), c.AddWorkdays(D("2025-10-18"), 0));
    }

    [Fact]
    public void NegativeDaysCountBackwards()
    {
        var c = Embedded();
        Assert.Equal(D("2025-09-30"), c.AddWorkdays(D("2025-10-09"), -1));
        Assert.Equal(D("2025-09-30"), c.AddWorkdays(D("2025-10-05"), -1));
        Assert.Equal(D("2025-09-28"), c.AddWorkdays(D("2025-09-29"), -1));
    }

    [Fact]
    public void CountingExcludesTheStartAndIncludesTheEnd()
    {
        var c = Embedded();
        Assert.Equal(1, c.CountWorkdays(D("2025-09-30"), D("2025-10-09")));
        Assert.Equal(0, c.CountWorkdays(D("2025-09-30"), D("2025-10-08")));
        Assert.Equal(0, c.CountWorkdays(D("2025-09-30"), D("2025-09-30")));
        // (26 Sep, 12 Oct]: 28, 29, 30 Sep, 9, 10, 11 Oct.
        Assert.Equal(6, c.CountWorkdays(D("2025-09-26"), D("2025-10-12")));
        Assert.Equal(-6, c.CountWorkdays(D("2025-10-12"), D("2025-09-26")));
        // 261 weekdays − 18 weekday holidays + 5 adjusted Saturdays/Sundays.
        Assert.Equal(248, c.CountWorkdays(D("2024-12-31"), D("2025-12-31")));
    }

    [Theory]
    [InlineData("2025-01-02", 17)]
    [InlineData("2025-09-30", 1)]
    [InlineData("2024-12-31", 20)]
    [InlineData("2025-06-15", 250)]
    [InlineData("2021-03-01", 1000)]
    public void AddingAndCountingAreInverse(string from, int days)
    {
        var c = Embedded();
        var end = c.AddWorkdays(D(from), days);
        Assert.Equal(days, c.CountWorkdays(D(from), end));
        Assert.True(c.IsWorkday(end));
        // Back from the end: the last working day on or before the start.
        var f = D(from);
        Assert.Equal(c.IsWorkday(f) ? f : c.AddWorkdays(f, -1), c.AddWorkdays(end, -days));
    }

    [Fact]
    public void SpringFestival2025()
    {
        var c = Embedded();
        Assert.True(c.IsWorkday(D("2025-01-26")));
        Assert.False(c.IsWorkday(D("2025-01-28")));
        Assert.False(c.IsWorkday(D("2025-02-04")));
        Assert.True(c.IsWorkday(D("2025-02-08")));
        Assert.Equal("春节", c.GetDay(D("2025-01-29")).Reason);
        Assert.Equal(D("2025-02-05"), c.AddWorkdays(D("2025-01-27"), 1));
    }

    [Fact]
    public void AddingAcrossTheYearBoundaryUsesTheNextYearsNotice()
    {
        var c = Embedded();
        // 1–3 January 2026 off, Sunday 4 January worked.
        Assert.Equal(D("2026-01-04"), c.AddWorkdays(D("2025-12-31"), 1));
        Assert.Equal(1, c.CountWorkdays(D("2025-12-31"), D("2026-01-04")));
        // 2022-12-31 is listed by the 2023 notice.
        Assert.Equal("元旦", c.GetDay(D("2022-12-31")).Name);
    }

    [Fact]
    public void AYearWithoutDataIsAnErrorNotAGuess()
    {
        var c = Embedded();
        Assert.Equal(2027, Assert.Throws<CalendarYearMissingException>(() => c.AddWorkdays(D("2026-12-31"), 1)).Year);
        Assert.Equal(2019, Assert.Throws<CalendarYearMissingException>(() => c.IsWorkday(D("2019-06-03"))).Year);
        Assert.Equal(2027, Assert.Throws<CalendarYearMissingException>(() => c.CountWorkdays(D("2026-12-01"), D("2027-01-05"))).Year);
        Assert.Equal(2019, Assert.Throws<CalendarYearMissingException>(() => c.AddWorkdays(D("2020-01-02"), -5)).Year);
        Assert.Throws<CalendarYearMissingException>(() => new WorkingCalendar(CalendarOptions.Default, TimeProvider.System).IsWorkday(D("2025-01-02")));
    }

    [Fact]
    public void AGapBetweenLoadedYearsIsReported()
    {
        var c = new WorkingCalendar(CalendarOptions.Default, TimeProvider.System);
        c.Load([.. HolidayCn.LoadEmbedded(), new CalendarYearData(2030, [])]);
        Assert.Equal(2027, Assert.Throws<CalendarYearMissingException>(() => c.AddWorkdays(D("2026-12-30"), 10)).Year);
        Assert.Equal(2028, Assert.Throws<CalendarYearMissingException>(() => c.CountWorkdays(D("2028-01-01"), D("2030-01-05"))).Year);
        Assert.True(c.IsWorkday(D("2030-01-02")));
        Assert.True(c.HasYear(2030));
        Assert.False(c.HasYear(2029));
    }

    [Fact]
    public void WorkingHoursSkipTheNationalDayHoliday()
    {
        var c = Embedded();
        Assert.Equal(T(2025, 10, 9, 11), c.AddWorkingHours(T(2025, 9, 30, 16), TimeSpan.FromHours(3)));
        Assert.Equal(T(2025, 9, 30, 17), c.AddWorkingHours(T(2025, 9, 30, 16), TimeSpan.FromHours(1)));
        Assert.Equal(T(2025, 10, 9, 17), c.AddWorkingHours(T(2025, 9, 30, 9), TimeSpan.FromHours(16)));
        Assert.Equal(TimeSpan.FromHours(3), c.WorkingHoursBetween(T(2025, 9, 30, 16), T(2025, 10, 9, 11)));
    }

    [Fact]
    public void WorkingHoursSkipAnOrdinaryWeekend()
    {
        var c = Embedded();
        // Friday 17 October 2025, 16:00 + 2 h → Monday 10:00.
        Assert.Equal(T(2025, 10, 20, 10), c.AddWorkingHours(T(2025, 10, 17, 16), TimeSpan.FromHours(2)));
        // Started on Saturday evening: counts from Monday's opening.
        Assert.Equal(T(2025, 10, 20, 9, 30), c.AddWorkingHours(T(2025, 10, 18, 20), TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.FromHours(2), c.WorkingHoursBetween(T(2025, 10, 17, 16), T(2025, 10, 20, 10)));
        Assert.Equal(TimeSpan.FromHours(-2), c.WorkingHoursBetween(T(2025, 10, 20, 10), T(2025, 10, 17, 16)));
    }

    [Fact]
    public void WorkingHoursBeforeOpeningStartAtOpening()
    {
        var c = Embedded();
        Assert.Equal(T(2025, 9, 30, 10), c.AddWorkingHours(T(2025, 9, 30, 7), TimeSpan.FromHours(1)));
        // An instant in UTC is converted to Shanghai time first: 01:00Z = 09:00+08.
        Assert.Equal(T(2025, 9, 30, 11), c.AddWorkingHours(new DateTimeOffset(2025, 9, 30, 1, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.Zero, c.WorkingHoursBetween(T(2025, 10, 1, 10), T(2025, 10, 8, 20)));
    }

    [Fact]
    public void OfficeHoursComeFromOptions()
    {
        var options = CalendarOptions.Default with { OfficeHoursStart = new TimeOnly(8, 30), OfficeHoursEnd = new TimeOnly(17, 30) };
        var c = Embedded(options: options);
        Assert.Equal(T(2025, 10, 9, 9, 30), c.AddWorkingHours(T(2025, 9, 30, 16), TimeSpan.FromHours(2.5)));
    }

    [Fact]
    public void AdministratorsAreWarnedAQuarterAheadOfAYearWithoutItsNotice()
    {
        // Embedded data ends with 2026: warned from 2026-10-01 (92 days before 2027-01-01), not before.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 29, 12, 0, 0, TimeSpan.Zero));
        var c = Embedded(clock);
        Assert.Null(c.YearAwaitingNotice());
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2027, c.YearAwaitingNotice());
        // A calendar without today's own year names that year.
        var empty = new WorkingCalendar(CalendarOptions.Default, new FakeTimeProvider(new DateTimeOffset(2025, 11, 28, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(2025, empty.YearAwaitingNotice());
    }

    [Fact]
    public void TodayFollowsTheClockInShanghai()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 30, 20, 0, 0, TimeSpan.Zero));
        var c = Embedded(clock);
        Assert.Equal(D("2025-10-01"), c.Today);
        Assert.Equal(D("2025-10-09"), c.AddWorkdaysFromToday(0));
        clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(D("2025-10-10"), c.AddWorkdaysFromToday(1));
    }

    [Fact]
    public void UploadValidationNamesEveryBadField()
    {
        var errors = new HolidayCn.ValidationErrors();
        var data = HolidayCn.Validate(
            new HolidayCnYear(2027, null, [
                new HolidayCnDay("元旦", "2027-01-01", true),
                new HolidayCnDay("元旦", "2027-01-01", true),
                new HolidayCnDay("春节", "2029-02-01", true),
                new HolidayCnDay("", "2027-13-01", null),
            ]),
            errors);
        Assert.Null(data);
        var e = errors.ToDictionary();
        Assert.Contains("days[1].date", e.Keys);
        Assert.Contains("days[2].date", e.Keys);
        Assert.Contains("days[3].date", e.Keys);
        Assert.Contains("days[3].name", e.Keys);
        Assert.Contains("days[3].isOffDay", e.Keys);

        var yearErrors = new HolidayCn.ValidationErrors();
        Assert.Null(HolidayCn.Validate(new HolidayCnYear(1990, null, []), yearErrors));
        Assert.Contains("year", yearErrors.ToDictionary().Keys);

        var ok = new HolidayCn.ValidationErrors();
        Assert.NotNull(HolidayCn.Validate(new HolidayCnYear(2027, null, [new HolidayCnDay("元旦", "2026-12-31", true)]), ok));
    }

    [Fact]
    public void APlaceholderYearWithoutHolidaysIsRefused()
    {
        // holiday-cn publishes an empty file for next year before the State Council notice (its 2027.json is one):
        // loading it would make 2027 a year of weekends only, with Spring Festival a working day.
        var empty = new HolidayCn.ValidationErrors();
        Assert.Null(HolidayCn.Validate(new HolidayCnYear(2027, [], []), empty));
        Assert.Contains("days", empty.ToDictionary().Keys);

        var onlyAdjusted = new HolidayCn.ValidationErrors();
        Assert.Null(HolidayCn.Validate(new HolidayCnYear(2027, [], [new HolidayCnDay("春节", "2027-02-20", false)]), onlyAdjusted));
        Assert.Contains("days", onlyAdjusted.ToDictionary().Keys);
    }
}

using OneCity.CityOps.Categories;
using OneCity.Platform.Calendar;
using DeadlineRules = OneCity.CityOps.Deadlines.Deadlines;

namespace OneCity.CityOps.Tests.Deadlines;

/// <summary>
/// How an approved extension (延期) and a resumed suspension (挂起) move a deadline, on the shipped 2026 calendar
/// (Friday 25 September is the Mid-Autumn holiday; 1–7 October the National Day week; Saturday 10 October a working day).
/// </summary>
public sealed class DeadlineShiftTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static readonly DeadlineRules Rules = Create();

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Shanghai);

    [Fact]
    public void AnExtensionInWorkingDaysKeepsTheTimeOfDayOnTheNthWorkingDayAfter()
    {
        Assert.Equal(At(9, 29, 17), Rules.Extend(At(9, 23, 17), new TimeLimit(3, LimitUnit.WorkingDays)).Due);
        Assert.Equal(At(9, 28, 11), Rules.Extend(At(9, 23, 11), new TimeLimit(2, LimitUnit.WorkingDays)).Due);
        Assert.Equal(At(10, 8, 17), Rules.Extend(At(9, 30, 17), new TimeLimit(1, LimitUnit.WorkingDays)).Due);
        Assert.Equal(At(10, 10, 17), Rules.Extend(At(9, 30, 17), new TimeLimit(3, LimitUnit.WorkingDays)).Due);
    }

    [Fact]
    public void AnExtensionInWorkingHoursCountsOnlyOfficeHours()
    {
        Assert.Equal(At(9, 24, 13), Rules.Extend(At(9, 23, 17), new TimeLimit(4, LimitUnit.WorkingHours)).Due);
        Assert.Equal(At(9, 28, 11), Rules.Extend(At(9, 24, 15), new TimeLimit(4, LimitUnit.WorkingHours)).Due);

        // A deadline outside office hours (a natural-hours phase) counts from the next opening.
        Assert.Equal(At(9, 28, 13), Rules.Extend(At(9, 26, 22), new TimeLimit(4, LimitUnit.WorkingHours)).Due);
        Assert.Equal(At(9, 28, 17), Rules.Extend(At(9, 26, 22), new TimeLimit(1, LimitUnit.WorkingDays)).Due);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rules.Extend(At(9, 23, 17), new TimeLimit(4, LimitUnit.Hours)));
    }

    [Fact]
    public void ResumingMovesAWorkingTimeDeadlineByThePausedOfficeTime()
    {
        // Paused Monday 11:00 → Tuesday 29th 10:00: 6 + 8 + 8 + 8 + (holiday) + 8 + 1 = 39 working hours.
        Assert.Equal(At(10, 8, 16), Rules.Shift(At(9, 23, 17), LimitUnit.WorkingDays, At(9, 21, 11), At(9, 29, 10)).Due);
        Assert.Equal(At(10, 8, 16), Rules.Shift(At(9, 23, 17), LimitUnit.WorkingHours, At(9, 21, 11), At(9, 29, 10)).Due);

        // A pause over a night, a weekend or a holiday costs nothing.
        Assert.Equal(At(9, 29, 17), Rules.Shift(At(9, 29, 17), LimitUnit.WorkingDays, At(9, 24, 17, 30), At(9, 28, 8)).Due);

        // Nothing paused, or a reversed interval: unchanged.
        Assert.Equal(At(9, 29, 17), Rules.Shift(At(9, 29, 17), LimitUnit.WorkingDays, At(9, 24, 10), At(9, 24, 10)).Due);
        Assert.Equal(At(9, 29, 17), Rules.Shift(At(9, 29, 17), LimitUnit.WorkingDays, At(9, 24, 10), At(9, 23, 10)).Due);
    }

    [Fact]
    public void ResumingMovesANaturalHoursDeadlineByTheElapsedTime()
    {
        // Urgent phases run day and night: paused 20:00 to 02:30 the next morning moves the deadline by 6.5 hours.
        Assert.Equal(At(9, 27, 5, 30), Rules.Shift(At(9, 26, 23), LimitUnit.Hours, At(9, 26, 20), At(9, 27, 2, 30)).Due);
    }

    [Fact]
    public void WithoutTheYearsHolidayNoticeTheShiftFallsBackToMondayToFridayAndSaysSo()
    {
        // 2027 is not shipped: 1 January 2027 is a Friday, 4 January a Monday.
        var (due, provisional) = Rules.Extend(new DateTimeOffset(2026, 12, 31, 17, 0, 0, Shanghai), new TimeLimit(2, LimitUnit.WorkingDays));
        Assert.True(provisional);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 17, 0, 0, Shanghai), due);

        var (shifted, fallback) = Rules.Shift(new DateTimeOffset(2027, 1, 4, 12, 0, 0, Shanghai), LimitUnit.WorkingDays,
            new DateTimeOffset(2027, 1, 1, 16, 0, 0, Shanghai), new DateTimeOffset(2027, 1, 4, 10, 0, 0, Shanghai));
        Assert.True(fallback);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 14, 0, 0, Shanghai), shifted);
    }

    private static DeadlineRules Create()
    {
        var calendar = new WorkingCalendar(CalendarOptions.Default, TimeProvider.System);
        calendar.Load(HolidayCn.LoadEmbedded());
        return new DeadlineRules(calendar);
    }
}

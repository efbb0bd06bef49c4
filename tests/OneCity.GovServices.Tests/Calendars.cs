using OneCity.Platform.Calendar;

namespace OneCity.GovServices.Tests;

/// <summary>The working-day calendar with the holiday data shipped in the kernel (2020–2026), as the platform loads it.</summary>
internal static class Calendars
{
    public static WorkingCalendar Embedded()
    {
        var calendar = new WorkingCalendar(CalendarOptions.Default, TimeProvider.System);
        calendar.Load(HolidayCn.LoadEmbedded());
        return calendar;
    }

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

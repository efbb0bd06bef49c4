using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Tests.Infrastructure;

/// <summary>
/// TEST-ONLY working-day calendar years, so that the suite passes whatever the real date is.
/// <para>The platform ships holiday data only for the years whose State Council notice is published, and refuses (422) any
/// deadline in a year without data. The test apps run on the real clock (or a test's fake clock), so as time passes the
/// promised dates of the longer bundles reach a year that has no data yet. When a test app starts, this loads every missing
/// year from the last shipped year up to <see cref="YearsAhead"/> years after the app's today, through the administrators'
/// upload (<see cref="CalendarAdministration.UploadAsync"/>): New Year's Day (a holiday on a fixed date by law) and weekends,
/// no other holidays, labelled as test data (an upload without any holiday is refused as a placeholder). Years that
/// have data (shipped or uploaded) are left as they are, so real notices win as soon as they ship.</para>
/// <para>A test that needs a year without data uses <see cref="NeverLoaded"/> (or asks <c>GET /api/calendar/years</c>).</para>
/// </summary>
public sealed class TestCalendarYears(IServiceProvider services) : IHostedService
{
    /// <summary>How many years after today's year get a test-only calendar (the longest bundles promise a few months ahead).</summary>
    public const int YearsAhead = 2;

    /// <summary>A year that neither the shipped data nor this fixture loads; tests that expect a 422 use it.</summary>
    public const int NeverLoaded = 2090;

    /// <summary>What the loaded years carry as their "papers", so that nobody mistakes them for a State Council notice.</summary>
    public const string Note = "TEST ONLY: New Year's Day and weekends, no other holidays (OneCity.Web.Tests fixture); not a State Council notice";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();
        var admin = scope.ServiceProvider.GetRequiredService<CalendarAdministration>();
        var today = calendar.Today;
        var first = calendar.LoadedYears.Where(y => y <= today.Year).DefaultIfEmpty(today.Year - 1).Max() + 1;
        for (var year = first; year <= today.Year + YearsAhead; year++)
        {
            if (calendar.HasYear(year))
            {
                continue;
            }

            var result = await admin.UploadAsync(CurrentUser.System, new HolidayCnYear(year, [Note], [new HolidayCnDay("元旦", new DateOnly(year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), true)]), cancellationToken);
            if (result.Errors is { } errors)
            {
                throw new InvalidOperationException(
                    $"The test-only calendar for {year.ToString(CultureInfo.InvariantCulture)} was refused: {string.Join("; ", errors.Select(e => e.Key + " " + string.Join(',', e.Value)))}");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

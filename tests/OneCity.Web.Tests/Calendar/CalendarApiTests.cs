using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Calendar;

public sealed class CalendarApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task NationalDay2025IsAHolidayAndTheSundayBeforeIsWorked(Db db)
    {
        var client = apps.Client(db);
        var holiday = await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2025-10-03");
        Assert.Equal("2025-10-03", holiday.GetProperty("date").GetString());
        Assert.False(holiday.GetProperty("isWorkday").GetBoolean());
        Assert.Contains("国庆节", holiday.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("holiday", holiday.GetProperty("kind").GetString());

        var sunday = await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2025-09-28");
        Assert.True(sunday.GetProperty("isWorkday").GetBoolean());
        Assert.Equal("adjusted-workday", sunday.GetProperty("kind").GetString());
        Assert.StartsWith("调休上班", sunday.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var saturday = await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2025-10-11");
        Assert.True(saturday.GetProperty("isWorkday").GetBoolean());
        var weekend = await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2025-10-12");
        Assert.Equal("weekend", weekend.GetProperty("kind").GetString());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AddingAndCountingWorkdaysAcrossTheHoliday(Db db)
    {
        var client = apps.Client(db);
        var added = await client.GetFromJsonAsync<JsonElement>("/api/calendar/workdays/add?from=2025-09-30&days=1");
        Assert.Equal("2025-10-09", added.GetProperty("date").GetString());
        var zero = await client.GetFromJsonAsync<JsonElement>("/api/calendar/workdays/add?from=2025-10-01&days=0");
        Assert.Equal("2025-10-09", zero.GetProperty("date").GetString());
        var count = await client.GetFromJsonAsync<JsonElement>("/api/calendar/workdays/count?from=2025-09-26&to=2025-10-12");
        Assert.Equal(6, count.GetProperty("workdays").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task WorkingHoursSkipTheHoliday(Db db)
    {
        var client = apps.Client(db);
        // The literal '+' arrives as a space in a query string; the API accepts both that and %2B.
        var literal = await client.GetFromJsonAsync<JsonElement>("/api/calendar/workhours/add?from=2025-09-30T16:00:00+08:00&hours=3");
        Assert.Equal(new DateTimeOffset(2025, 10, 9, 11, 0, 0, TimeSpan.FromHours(8)), literal.GetProperty("at").GetDateTimeOffset());
        var encoded = await client.GetFromJsonAsync<JsonElement>("/api/calendar/workhours/add?from=2025-09-30T08:00:00Z&hours=1.5");
        Assert.Equal(new DateTimeOffset(2025, 10, 9, 9, 30, 0, TimeSpan.FromHours(8)), encoded.GetProperty("at").GetDateTimeOffset());
        var between = await client.GetFromJsonAsync<JsonElement>("/api/calendar/workhours/between?from=2025-09-30T16:00:00%2B08:00&to=2025-10-09T11:00:00%2B08:00");
        Assert.Equal(3.0, between.GetProperty("hours").GetDouble());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AYearWithoutDataIsA422NamingTheYear(Db db)
    {
        var client = apps.Client(db);
        // The first year after today without data: the test apps load test-only years a little ahead (TestCalendarYears),
        // so a deadline that runs past the last loaded year is built from what the app lists rather than a fixed year.
        var loaded = (await client.GetFromJsonAsync<JsonElement>("/api/calendar/years")).EnumerateArray().Select(y => y.GetProperty("year").GetInt32()).ToHashSet();
        var missing = DateTime.UtcNow.Year;
        while (loaded.Contains(missing))
        {
            missing++;
        }

        var last = (missing - 1).ToString(CultureInfo.InvariantCulture);
        var urls = new[]
        {
            "/api/calendar/days/2019-05-01",
            $"/api/calendar/workdays/add?from={last}-12-30&days=5",
            $"/api/calendar/workdays/count?from={last}-12-01&to={missing.ToString(CultureInfo.InvariantCulture)}-01-10",
            $"/api/calendar/days/{TestCalendarYears.NeverLoaded.ToString(CultureInfo.InvariantCulture)}-05-01",
        };
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var year = problem.GetProperty("year").GetInt32();
            Assert.True(year == 2019 || year == missing || year == TestCalendarYears.NeverLoaded, url);
            Assert.Contains(year.ToString(CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheTestAppsKnowTheComingYearsFromTestOnlyDataWhereNoNoticeShips(Db db)
    {
        var years = (await apps.Client(db).GetFromJsonAsync<JsonElement>("/api/calendar/years")).EnumerateArray().ToList();
        var today = DateTime.UtcNow.Year;
        for (var year = today; year <= today + TestCalendarYears.YearsAhead; year++)
        {
            var loaded = Assert.Single(years, y => y.GetProperty("year").GetInt32() == year);
            if (loaded.GetProperty("source").GetString() != "holiday-cn")
            {
                Assert.Equal("upload:system", loaded.GetProperty("source").GetString());
                Assert.Equal(TestCalendarYears.Note, Assert.Single(loaded.GetProperty("papers").EnumerateArray()).GetString());
                Assert.Equal(1, loaded.GetProperty("specialDays").GetInt32()); // New Year's Day only
            }
        }

        Assert.DoesNotContain(years, y => y.GetProperty("year").GetInt32() == TestCalendarYears.NeverLoaded);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadInputIsA400NamingTheField(Db db)
    {
        var client = apps.Client(db);
        await AssertField(client, "/api/calendar/days/2025-02-30", "date");
        await AssertField(client, "/api/calendar/days/yesterday", "date");
        await AssertField(client, "/api/calendar/workdays/add?from=2025-09-30&days=many", "days");
        await AssertField(client, "/api/calendar/workdays/add?days=1", "from");
        await AssertField(client, "/api/calendar/workdays/add?from=2025-09-30&days=99999999999", "days");
        await AssertField(client, "/api/calendar/workdays/count?from=2025-09-30&to=10/12/2025", "to");
        await AssertField(client, "/api/calendar/workhours/add?from=2025-09-30&hours=3", "from");
        await AssertField(client, "/api/calendar/workhours/add?from=2025-09-30T16:00:00Z&hours=-1", "hours");
        await AssertField(client, "/api/calendar/workhours/add?from=2025-09-30T16:00:00Z&hours=NaN", "hours");
    }

    private static async Task AssertField(HttpClient client, string url, string field)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{url}: {problem}");
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyAnAdministratorUploadsAYearAndTheUploadIsAudited(Db db)
    {
        var body = new
        {
            year = 2099,
            papers = new[] { "https://example.gov.cn/2099" },
            days = new[]
            {
                new { name = "元旦", date = "2099-01-01", isOffDay = true },
                new { name = "春节", date = "2099-01-24", isOffDay = false },
            },
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).PostAsJsonAsync("/api/calendar/years", body)).StatusCode);
        var auditor = await apps.ClientAs(db, "auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync("/api/calendar/years", body)).StatusCode);

        var admin = await apps.ClientAs(db, "admin");
        var response = await admin.PostAsJsonAsync("/api/calendar/years", body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, response.StatusCode.ToString());
        var client = apps.Client(db);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2099-01-01")).GetProperty("isWorkday").GetBoolean());
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2099-01-24")).GetProperty("isWorkday").GetBoolean());
        // The gap between the years loaded for the test apps and 2099 stays unknown.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.GetAsync($"/api/calendar/days/{TestCalendarYears.NeverLoaded.ToString(CultureInfo.InvariantCulture)}-01-03")).StatusCode);
        var years = await client.GetFromJsonAsync<JsonElement>("/api/calendar/years");
        Assert.Contains(years.EnumerateArray(), y => y.GetProperty("year").GetInt32() == 2099 && y.GetProperty("source").GetString() == "upload:admin");

        var entries = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?objectType=calendar-year&objectId=2099");
        var entry = entries.GetProperty("items").EnumerateArray().First();
        Assert.Equal("admin", entry.GetProperty("actor").GetString());
        Assert.StartsWith("calendar.year-", entry.GetProperty("action").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnInvalidUploadNamesEveryBadField(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var response = await admin.PostAsJsonAsync("/api/calendar/years", new
        {
            year = 2098,
            days = new object[]
            {
                new { name = "元旦", date = "2098-01-01", isOffDay = true },
                new { name = "元旦", date = "2098-01-01", isOffDay = true },
                new { name = "春节", date = "2101-02-01", isOffDay = true },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("days[1].date", out _));
        Assert.True(errors.TryGetProperty("days[2].date", out _));

        var badYear = await admin.PostAsJsonAsync("/api/calendar/years", new { year = 1999, days = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        Assert.True((await badYear.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("year", out _));

        // The placeholder holiday-cn publishes before a notice (year, papers, no days) is refused, and the year stays unloaded.
        var placeholder = await admin.PostAsJsonAsync("/api/calendar/years", new { year = 2098, papers = Array.Empty<string>(), days = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, placeholder.StatusCode);
        Assert.True((await placeholder.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("days", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await apps.Client(db).GetAsync("/api/calendar/days/2098-01-01")).StatusCode);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneCity.Benchmarks.Load;

/// <summary>
/// The platform refuses (422) deadlines in a year whose holiday notice is not loaded, so from December on a load run's
/// promised dates can reach a year without data. On the throw-away benchmark city only, this loads such years as
/// New Year's Day and weekends, labelled as benchmark data, and says so; real notices are never replaced.
/// </summary>
internal static class BenchCalendar
{
    public const string Note = "BENCHMARK ONLY: New Year's Day and weekends (OneCity.Benchmarks); not a State Council notice";

    public static async Task EnsureAheadAsync(HttpClient anonymous, int daysAhead = 120)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var years = Enumerable.Range(today.Year, today.AddDays(daysAhead).Year - today.Year + 1);
        HttpClient? admin = null;
        foreach (var year in years)
        {
            using var probe = await anonymous.GetAsync($"/api/calendar/days/{year.ToString(CultureInfo.InvariantCulture)}-06-01");
            if (probe.StatusCode != HttpStatusCode.UnprocessableEntity)
            {
                continue;
            }

            admin ??= await AdminAsync(anonymous.BaseAddress!);
            var upload = await admin.PostAsJsonAsync("/api/calendar/years", new
            {
                year,
                papers = new[] { Note },
                days = new[] { new { name = "元旦", date = $"{year.ToString(CultureInfo.InvariantCulture)}-01-01", isOffDay = true } },
            });
            upload.EnsureSuccessStatusCode();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"No holiday notice for {year} on the benchmark city: loaded a benchmark-only year ({Note})."));
        }

        admin?.Dispose();
    }

    private static async Task<HttpClient> AdminAsync(Uri baseAddress)
    {
        var admin = new HttpClient { BaseAddress = baseAddress };
        var login = await admin.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "OneCity-demo-1" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return admin;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Platform.Hosting;
using OneCity.Sensing.Replay;
using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing.Replay;

/// <summary>
/// The typhoon In-Fa replay at full speed on an exercise clock: its chain of consequences — rising CAP warnings, the
/// typhoon plan activated at the matching level, tasks dispatched and done, incidents from alarms and forecasts, vital
/// signs rising — and its report.
/// </summary>
public sealed class TyphoonReplayTests
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheReplayRunsTheWholeChainAndReportsIt(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        var ct = TestContext.Current.CancellationToken;
        var start = DateTimeOffset.UtcNow;
        var clock = new ExerciseClock(new FakeTimeProvider(start));
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var commander = await app.ClientAsAsync("commander", "OneCity-demo-1");

        // Bad input is named, and only the commander or an administrator starts a replay.
        await Ops.Field(await commander.PostAsJsonAsync("/api/replays", new { stepMinutes = 1 }, ct), "stepMinutes");
        await Ops.Field(await commander.PostAsJsonAsync("/api/replays", new { speed = -1 }, ct), "speed");
        await Ops.Field(await commander.PostAsJsonAsync("/api/replays", new { from = "2021-07-26T00:00:00Z", to = "2021-07-25T00:00:00Z" }, ct), "to");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAsAsync("dispatcher", "OneCity-demo-1")).PostAsJsonAsync("/api/replays", new { }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAsAsync("citizen", "OneCity-demo-1")).GetAsync("/api/replays", ct)).StatusCode);
        var status = await Ops.Ok(await commander.GetAsync("/api/replays/status", ct));
        Assert.True(status.GetProperty("available").GetBoolean());

        var started = await commander.PostAsJsonAsync("/api/replays", new { speed = 0, stepMinutes = 10 }, ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Conflict, (await commander.PostAsJsonAsync("/api/replays", new { speed = 0 }, ct)).StatusCode);
        await app.Services.GetRequiredService<ReplayRunner>().Current!.WaitAsync(TimeSpan.FromMinutes(10), ct);

        var run = await Ops.Ok(await commander.GetAsync($"/api/replays/{id}", ct));
        Assert.Equal("finished", run.GetProperty("status").GetString());
        var report = run.GetProperty("report");

        // The platform's clock went through the scenario: 4.5 days.
        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromHours(108), TimeSpan.FromHours(109));

        // Warnings of rising severity, then the all-clear; the plan at the level the warning calls for.
        var severities = report.GetProperty("warningSeverities").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["Minor", "Moderate", "Severe"], severities.Take(3));
        Assert.Equal("II", report.GetProperty("highestLevel").GetString());
        var timeline = report.GetProperty("timeline").EnumerateArray().ToList();
        string[] kinds = ["warning", "activation", "level", "alarm", "forecast", "vital-sign", "deactivation", "track"];
        foreach (var kind in kinds)
        {
            Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == kind);
        }

        Assert.Contains(timeline, e => e.GetProperty("textEn").GetString()!.Contains("cancels the typhoon warning", StringComparison.Ordinal));
        var firstWarning = timeline.First(e => e.GetProperty("kind").GetString() == "warning").GetProperty("scenarioAt").GetDateTimeOffset();
        var firstActivation = timeline.First(e => e.GetProperty("kind").GetString() == "activation").GetProperty("scenarioAt").GetDateTimeOffset();
        Assert.InRange(firstActivation - firstWarning, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40));

        // Tasks dispatched across departments and done, most on time.
        var tasks = report.GetProperty("tasks").EnumerateArray().ToList();
        Assert.True(tasks.Count >= 10);
        Assert.True(tasks.Select(t => t.GetProperty("department").GetString()).Distinct().Count() >= 5);
        var done = report.GetProperty("tasksDone").GetInt32();
        var onTime = report.GetProperty("tasksOnTime").GetInt32();
        Assert.True(done >= tasks.Count * 0.9, $"{done} of {tasks.Count} tasks done");
        Assert.InRange(onTime, done / 2, done);

        // Incidents from sensor alarms and from predictions, which exist in CityOps.
        var incidents = report.GetProperty("incidents").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(incidents);
        Assert.True(report.GetProperty("preventiveIncidents").GetInt32() > 0);
        var dispatcher = await app.ClientAsAsync("dispatcher", "OneCity-demo-1");
        Assert.Equal(HttpStatusCode.OK, (await dispatcher.GetAsync($"/api/cityops/incidents/{incidents[0]}", ct)).StatusCode);

        // The water-level forecasts came before the crossings they predicted.
        var water = report.GetProperty("forecasts").EnumerateArray().Single(f => f.GetProperty("deviceType").GetString() == "water-level");
        Assert.True(water.GetProperty("crossings").GetInt32() > 0);
        Assert.True(water.GetProperty("crossingsForeseen").GetInt32() > 0);
        Assert.True(water.GetProperty("leadMinutesMedian").GetDouble() > 0);
        Assert.InRange(water.GetProperty("precision").GetDouble(), 0.01, 1);

        // Vital signs rose on the operations centre.
        var wind = report.GetProperty("vitalSigns").EnumerateArray().Single(v => v.GetProperty("indicator").GetString() == "max-wind");
        Assert.Contains(wind.GetProperty("level").GetString(), new[] { "warning", "alarm" });

        // The report as Markdown, and the synthetic gauges retired.
        var markdown = await commander.GetStringAsync($"/api/replays/{id}?format=markdown", ct);
        Assert.Contains("# Replay report: typhoon-infa-2021", markdown, StringComparison.Ordinal);
        Assert.Contains("## Timeline", markdown, StringComparison.Ordinal);
        var gauge = await Ops.Ok(await dispatcher.GetAsync("/api/telemetry/devices/SYN-WS-310115", ct));
        Assert.True(gauge.GetProperty("synthetic").GetBoolean());
        Assert.False(gauge.GetProperty("active").GetBoolean());
        Assert.Single((await Ops.Ok(await commander.GetAsync("/api/replays", ct))).EnumerateArray());
    }

    [Fact]
    public async Task AnInstanceOnRealTimeRefusesReplays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OneCityFactory(Db.Sqlite, settings: new Dictionary<string, string?> { ["Exercise:Enabled"] = "false" });
        var admin = await app.ClientAsAsync("admin", "OneCity-demo-1");
        var status = await Ops.Ok(await admin.GetAsync("/api/replays/status", ct));
        Assert.False(status.GetProperty("available").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/replays", new { speed = 0 }, ct)).StatusCode);
        Assert.IsNotType<ExerciseClock>(app.Services.GetRequiredService<TimeProvider>());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Queue;

/// <summary>Working-day countdowns under a controlled clock: overdue steps, and the pause while the applicant owes a supplement.</summary>
public sealed class QueueClockTests
{
    /// <summary>9:00 in Shanghai, as the UTC instant a real clock gives.</summary>
    private static DateTimeOffset ShanghaiMorning(int year, int month, int day) => new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    private static async Task<double> OverdueApplicationsAsync(HttpClient dispatcher)
    {
        var vitals = await dispatcher.GetFromJsonAsync<JsonElement>("/api/vitals");
        return vitals.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "overdue-applications").GetProperty("value").GetDouble();
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ASupplementPausesTheCountdownAndMovesTheDeadlineWhileUnansweredStepsBecomeOverdue(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        // Monday 21 September 2026. The birth certificate takes 2 working days: due Wednesday 23 September.
        var clock = new FakeTimeProvider(ShanghaiMorning(2026, 9, 21));
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();
        var citizen = await app.ClientAsAsync("citizen");
        var wj = await app.ClientAsAsync("reviewer-wj");
        // Born a week before the fake today.
        var late = await Newborn.SubmitAsync(citizen, new DateOnly(2026, 9, 14));
        var waiting = await Newborn.SubmitAsync(citizen, new DateOnly(2026, 9, 14));
        var lateStep = Assert.Single(await Newborn.QueueAsync(wj, late));
        Assert.Equal("2026-09-23", lateStep.GetProperty("dueOn").GetString());
        Assert.Equal(2, lateStep.GetProperty("workdaysLeft").GetInt32());
        var dispatcher = await app.ClientAsAsync("dispatcher");
        Assert.Equal(0, await OverdueApplicationsAsync(dispatcher));

        // The same day, the health department asks the second applicant for two things at once: a material and a note.
        var waitingId = (await Newborn.StepAsync(citizen, waiting, "birth-certificate")).GetProperty("id").GetInt64();
        var accepted = await Newborn.DoAsync(wj, waitingId, "accept", 0);
        var noItems = await Newborn.ActAsync(wj, waitingId, new { action = "requestSupplement", revision = 1, items = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, noItems.StatusCode);
        Assert.True((await noItems.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("items", out _));
        var paused = await Newborn.Ok(await Newborn.ActAsync(wj, waitingId, new
        {
            action = "requestSupplement", revision = accepted.GetProperty("revision").GetInt32(),
            items = new object[] { new { materialCode = "applicant-id-card", noteZh = "身份证照片不清晰，请重新上传" }, new { noteZh = "请说明新生儿姓名用字" } },
        }));
        Assert.Equal("Supplement", paused.GetProperty("status").GetString());
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal("WaitingForApplicant", (await Newborn.GetAsync(citizen, waiting)).GetProperty("status").GetString());

        // Thursday 24 September: the first step is a working day late; the paused one still has its 2 days and is not overdue.
        clock.SetUtcNow(ShanghaiMorning(2026, 9, 24));
        wj = await app.ClientAsAsync("reviewer-wj");
        lateStep = Assert.Single(await Newborn.QueueAsync(wj, late, "&overdue=true"));
        Assert.True(lateStep.GetProperty("overdue").GetBoolean());
        Assert.Equal(-1, lateStep.GetProperty("workdaysLeft").GetInt32());
        Assert.Empty(await Newborn.QueueAsync(wj, waiting, "&overdue=true"));
        var pausedRow = Assert.Single(await Newborn.QueueAsync(wj, waiting));
        Assert.True(pausedRow.GetProperty("paused").GetBoolean());
        Assert.False(pausedRow.GetProperty("overdue").GetBoolean());
        Assert.Equal(2, pausedRow.GetProperty("workdaysLeft").GetInt32());
        Assert.Equal("2026-09-23", pausedRow.GetProperty("dueOn").GetString());

        // The city's vital sign "applications overdue" counts the late application, not the paused one.
        dispatcher = await app.ClientAsAsync("dispatcher");
        Assert.Equal(1, await OverdueApplicationsAsync(dispatcher));

        // Friday 9 October, after Mid-Autumn (25–27 September) and National Day (1–7 October), the applicant answers.
        // Waited: 8 working days (22–24 and 28–30 September, 8–9 October), so the deadline moves from 23 September by 8
        // working days, past the adjusted working Saturday 10 October, to Monday 12 October: again 2 working days left.
        clock.SetUtcNow(ShanghaiMorning(2026, 10, 9));
        citizen = await app.ClientAsAsync("citizen");
        var file = await Newborn.UploadAsync(citizen, "id-card-again.pdf");
        var answer = await citizen.PostAsJsonAsync($"/api/applications/{waiting}/supplement",
            new { uploads = new Dictionary<string, long> { ["applicant-id-card"] = file }, note = "新生儿姓名为“宝”字" });
        Assert.True(answer.StatusCode == HttpStatusCode.NoContent, await answer.Content.ReadAsStringAsync());

        wj = await app.ClientAsAsync("reviewer-wj");
        var resumed = Assert.Single(await Newborn.QueueAsync(wj, waiting));
        Assert.Equal("Accepted", resumed.GetProperty("status").GetString());
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.Equal("2026-10-12", resumed.GetProperty("dueOn").GetString());
        Assert.Equal(2, resumed.GetProperty("workdaysLeft").GetInt32());
        Assert.Empty(await Newborn.QueueAsync(wj, waiting, "&overdue=true"));
        Assert.Equal("InProgress", (await Newborn.GetAsync(citizen, waiting)).GetProperty("status").GetString());

        // The unanswered-for step kept counting: 6 working days late now, and the overdue filter lists only it.
        lateStep = Assert.Single(await Newborn.QueueAsync(wj, late, "&overdue=true"));
        Assert.Equal(-6, lateStep.GetProperty("workdaysLeft").GetInt32());
        var overdue = await wj.GetFromJsonAsync<JsonElement>("/api/govservices/queue?overdue=true");
        Assert.All(overdue.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), i => i.GetProperty("applicationNumber").GetString() == late);
        Assert.DoesNotContain(overdue.GetProperty("items").EnumerateArray(), i => i.GetProperty("applicationNumber").GetString() == waiting);

        // The department finishes the resumed step on time; the released steps start counting from today (3 working days
        // for the hukou: the adjusted Saturday 10 October, then 12 and 13 October).
        var done = await Newborn.CompleteAsync(wj, resumed.GetProperty("stepId").GetInt64(), resumed.GetProperty("revision").GetInt32(), accepted: true);
        Assert.Equal("Done", done.GetProperty("status").GetString());
        var hukou = await Newborn.StepAsync(citizen, waiting, "hukou");
        Assert.Equal("2026-10-09", hukou.GetProperty("startedOn").GetString());
        Assert.Equal("2026-10-13", hukou.GetProperty("dueOn").GetString());
    }
}

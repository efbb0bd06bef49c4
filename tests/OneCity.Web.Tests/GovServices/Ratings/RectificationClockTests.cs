using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Ratings;

/// <summary>Rectification deadlines under a controlled clock, on a platform of its own so the statistics are exact.</summary>
public sealed class RectificationClockTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ABadRatingBeforeNationalDayGetsWorkingDayDeadlinesTurnsOverdueAndClosesInOrder(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        // Monday 28 September 2026, 10:00 in Shanghai. National Day runs 1–7 October; Saturday 10 October is a working day.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 28, 10, 0, 0, Shanghai).ToUniversalTime());
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var citizen = await app.ClientAsAsync("citizen");
        var number = await Newborn.SubmitAsync(citizen, new DateOnly(2026, 9, 25));

        clock.Advance(TimeSpan.FromDays(1)); // Tuesday 29 September: the birth certificate is issued, within its 2 promised days.
        var wj = await app.ClientAsAsync("reviewer-wj");
        var step = await Newborn.FinishBirthCertificateAsync(wj, number);

        clock.Advance(TimeSpan.FromDays(1)); // Wednesday 30 September, the last working day before the holiday.
        citizen = await app.ClientAsAsync("citizen");
        var url = $"/api/applications/{number}/ratings";
        var rated = await citizen.PostAsJsonAsync(url, new { stepId = step, stars = 2, reason = "slow", comment = "等了很久才拿到证明" });
        Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
        var rectification = (await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rectifications").EnumerateArray().Single();
        Assert.Equal("310101-WJ", rectification.GetProperty("departmentCode").GetString());
        // Counting weekdays only would give 1, 7 and 21 October; the holiday moves every deadline, and 10 October counts.
        Assert.Equal("2026-10-08", rectification.GetProperty("responseDueOn").GetString());
        Assert.Equal("2026-10-13", rectification.GetProperty("fixDueOn").GetString());
        Assert.Equal("2026-10-27", rectification.GetProperty("feedbackDueOn").GetString());
        var id = rectification.GetProperty("id").GetInt64();

        wj = await app.ClientAsAsync("reviewer-wj");
        var item = (await wj.GetFromJsonAsync<JsonElement>("/api/govservices/rectifications")).EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(1, item.GetProperty("workdaysLeft").GetInt32());
        Assert.False(item.GetProperty("overdue").GetBoolean());
        Assert.Equal("等了很久才拿到证明", item.GetProperty("comment").GetString());
        Assert.Empty((await wj.GetFromJsonAsync<JsonElement>("/api/govservices/rectifications?overdue=true")).EnumerateArray());

        // A whole-application bad rating with nothing failed or late goes to every department the application reached.
        var started = (await Newborn.StepsAsync(citizen, number)).Where(s => s.GetProperty("startedOn").ValueKind != JsonValueKind.Null)
            .Select(s => s.GetProperty("departmentCode").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(started.Count >= 2, string.Join(",", started));
        var whole = await citizen.PostAsJsonAsync(url, new { stars = 1, reason = "other" });
        Assert.Equal(HttpStatusCode.Created, whole.StatusCode);
        Assert.Equal(started, (await whole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rectifications").EnumerateArray()
            .Select(r => r.GetProperty("departmentCode").GetString()!).Order(StringComparer.Ordinal).ToList());

        // Out of order, or without text: refused with the rule.
        var rectifications = $"/api/govservices/rectifications/{id}";
        Assert.Equal(HttpStatusCode.Conflict, (await wj.PostAsJsonAsync(rectifications + "/fix", new { text = "改进流程" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await wj.PostAsJsonAsync(rectifications + "/feedback", new { text = "已改进" })).StatusCode);
        var empty = await wj.PostAsJsonAsync(rectifications + "/response", new { text = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("text", out _));

        // Friday 9 October: the response was due on Thursday 8 October.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 9, 10, 0, 0, Shanghai).ToUniversalTime());
        wj = await app.ClientAsAsync("reviewer-wj");
        var overdue = (await wj.GetFromJsonAsync<JsonElement>("/api/govservices/rectifications?overdue=true")).EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.True(overdue.GetProperty("overdue").GetBoolean());
        Assert.Equal(-1, overdue.GetProperty("workdaysLeft").GetInt32());
        Assert.Equal("2026-10-08", overdue.GetProperty("currentDueOn").GetString());

        var stats = await app.CreateApiClient().GetFromJsonAsync<JsonElement>("/api/govservices/stats/departments");
        var health = stats.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("departmentCode").GetString() == "310101-WJ");
        Assert.Equal("黄浦区卫生健康委员会", health.GetProperty("nameZh").GetString());
        Assert.Equal("Huangpu District Health Commission", health.GetProperty("nameEn").GetString());
        Assert.Equal(1, health.GetProperty("ratings").GetProperty("count").GetInt32());
        Assert.Equal(2.0, health.GetProperty("ratings").GetProperty("averageStars").GetDouble());
        Assert.Equal(1.0, health.GetProperty("ratings").GetProperty("badShare").GetDouble());
        Assert.Equal(0.0, health.GetProperty("ratings").GetProperty("goodShare").GetDouble());
        Assert.Equal(2, health.GetProperty("rectificationsOpen").GetInt32()); // the step's and the whole application's
        Assert.Equal(2, health.GetProperty("rectificationsOverdue").GetInt32());
        Assert.Equal(0, health.GetProperty("rectificationsClosed").GetInt32());
        Assert.Equal(1, health.GetProperty("stepsFinished").GetInt32());
        Assert.Equal(1, health.GetProperty("stepsOnTime").GetInt32());
        Assert.Equal(1.0, health.GetProperty("onTimeRate").GetDouble());
        Assert.Equal(1, stats.GetProperty("applicationRatings").GetProperty("count").GetInt32());
        Assert.Equal(1.0, stats.GetProperty("applicationRatings").GetProperty("averageStars").GetDouble());

        // Late but in order: response, fix, feedback; each only once.
        var responded = await wj.PostAsJsonAsync(rectifications + "/response", new { text = "已约谈经办人员，核实办理延误原因。" });
        Assert.Equal(HttpStatusCode.OK, responded.StatusCode);
        var afterResponse = await responded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(afterResponse.GetProperty("stages")[0].GetProperty("late").GetBoolean());
        Assert.Equal("fix", afterResponse.GetProperty("nextStage").GetString());
        Assert.False(afterResponse.GetProperty("overdue").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await wj.PostAsJsonAsync(rectifications + "/response", new { text = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await wj.PostAsJsonAsync(rectifications + "/feedback", new { text = "too early" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wj.PostAsJsonAsync(rectifications + "/fix", new { text = "出生医学证明改为出院当日签发。" })).StatusCode);
        var closed = await wj.PostAsJsonAsync(rectifications + "/feedback", new { text = "已改为出院当日签发，感谢您的监督。" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("Closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await wj.PostAsJsonAsync(rectifications + "/feedback", new { text = "twice" })).StatusCode);

        // The applicant sees the feedback on the rating and gets a message once the outbox delivers it.
        citizen = await app.ClientAsAsync("citizen");
        var mine = (await citizen.GetFromJsonAsync<JsonElement>(url)).GetProperty("ratings").EnumerateArray().Single(r => r.GetProperty("stepId").ValueKind == JsonValueKind.Number);
        var summary = mine.GetProperty("rectifications").EnumerateArray().Single();
        Assert.Equal("Closed", summary.GetProperty("status").GetString());
        Assert.Equal("已改为出院当日签发，感谢您的监督。", summary.GetProperty("feedback").GetString());
        JsonElement? message = null;
        for (var i = 0; i < 60 && message is null; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
            var inbox = await citizen.GetFromJsonAsync<JsonElement>("/api/notifications/inbox");
            message = inbox.GetProperty("items").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(m => m!.Value.GetProperty("body").GetString()!.Contains("已改为出院当日签发", StringComparison.Ordinal));
        }

        Assert.NotNull(message);
        Assert.Contains("黄浦区卫生健康委员会", message.Value.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/Portal/Ratings/Rate?number={number}", message.Value.GetProperty("link").GetString());

        stats = await app.CreateApiClient().GetFromJsonAsync<JsonElement>("/api/govservices/stats/departments");
        health = stats.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("departmentCode").GetString() == "310101-WJ");
        Assert.Equal(1, health.GetProperty("rectificationsOpen").GetInt32());
        Assert.Equal(1, health.GetProperty("rectificationsClosed").GetInt32());
        Assert.Equal(1, health.GetProperty("rectificationsOverdue").GetInt32());

        // Every step is in the ledger, under the applicant as the person concerned.
        var auditor = await app.ClientAsAsync("auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?objectType=govservices-rectification&objectId={id}&pageSize=50");
        Assert.Equal(["govservices.rectification.feedback", "govservices.rectification.fix", "govservices.rectification.open", "govservices.rectification.response"],
            entries.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(entries.GetProperty("items").EnumerateArray(), e => Assert.Contains("P00000001", e.GetProperty("subjects").EnumerateArray().Select(s => s.GetString())));
        Assert.Equal(2, (await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?action=govservices.rating.create&pageSize=50")).GetProperty("total").GetInt32());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>
/// Extension (延期) and suspension (挂起) with approval, over HTTP on both databases under a controlled clock: the lead
/// unit asks, the area's dispatcher (or a commander) decides; deadlines move on the working-day calendar (2026: the
/// Mid-Autumn holiday on Friday 25 September and the National Day week 1–7 October are not working days).
/// </summary>
public sealed class TimeRequestTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Shanghai);

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnApprovedExtensionMovesTheDeadlinesAndTheOrderIsJudgedOnTimeAgainstThem(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        // Monday 21 September 2026, 09:00. Exposed rubbish: the subdistrict office handles in 2 working days, closure in 3.
        var clock = new FakeTimeProvider(At(9, 21, 9).ToUniversalTime());
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();
        var inspector = await app.ClientAsAsync("inspector");
        var (lon, lat) = Ops.PointIn(app, "310101002");
        var number = (await Ops.Ok(await inspector.PostAsJsonAsync("/api/cityops/patrol", new { text = "河边步道上堆着一堆装修垃圾", categoryCode = "1101", longitude = lon, latitude = lat }), HttpStatusCode.Created))
            .GetProperty("number").GetString()!;
        var bsc = await app.ClientAsAsync("unit-bsc");
        var hp = await app.ClientAsAsync("dispatcher-hp");

        // Bearer tokens last an hour on the platform clock: sign in again whenever the clock moves.
        async Task MoveTo(DateTimeOffset at)
        {
            clock.SetUtcNow(at.ToUniversalTime());
            (inspector, bsc, hp) = (await app.ClientAsAsync("inspector"), await app.ClientAsAsync("unit-bsc"), await app.ClientAsAsync("dispatcher-hp"));
        }

        var before = (await Ops.Get(hp, number)).GetProperty("summary");
        Assert.Equal(At(9, 23, 17), before.GetProperty("handleDueAt").GetDateTimeOffset());
        Assert.Equal(At(9, 24, 17), before.GetProperty("closeDueAt").GetDateTimeOffset());

        // Only an accepted order is extended; the unit accepts first.
        Assert.Equal(HttpStatusCode.Conflict, (await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 3, reason = "需协调环卫车辆" })).StatusCode);
        await Ops.Act(bsc, number, "accept");
        Assert.Contains("request-extension", Actions(await Ops.Get(bsc, number)));
        Assert.DoesNotContain("request-extension", Actions(await Ops.Get(hp, number)));

        // Bad input names the field; nothing is stored.
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { reason = "需协调环卫车辆" }), "workingDays");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 0, reason = "需协调环卫车辆" }), "workingDays");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 31, reason = "需协调环卫车辆" }), "workingDays");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingHours = 41, reason = "需协调环卫车辆" }), "workingHours");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingHours = 4, workingDays = 1, reason = "需协调环卫车辆" }), "workingDays");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 3, reason = " " }), "reason");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 3, reason = new string('因', 1001) }), "reason");
        Assert.Equal(HttpStatusCode.BadRequest, (await bsc.PostAsync($"/api/cityops/incidents/{number}/extension", new StringContent("{\"workingDays\": \"three\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Empty(Requests(await Ops.Get(bsc, number)));

        // Only the lead unit asks: the dispatcher is refused, another unit does not even see the incident.
        Assert.Equal(HttpStatusCode.Forbidden, (await hp.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 3, reason = "代为申请" })).StatusCode);
        var zj = await app.ClientAsAsync("unit-zj");
        Assert.Equal(HttpStatusCode.NotFound, (await zj.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 3, reason = "代为申请" })).StatusCode);

        var requested = await Ops.Act(bsc, number, "extension", new { workingDays = 3, reason = "垃圾量大，需协调区环卫所大型车辆清运" });
        var request = Assert.Single(Requests(requested));
        Assert.Equal("extension", request.GetProperty("kind").GetString());
        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.Equal(3, request.GetProperty("workingDays").GetInt32());
        Assert.Equal(At(9, 23, 17), requested.GetProperty("summary").GetProperty("handleDueAt").GetDateTimeOffset());
        Assert.DoesNotContain("request-extension", Actions(requested));
        var id = request.GetProperty("id").GetInt64();

        // One pending request at a time; a stale version is a conflict; the unit does not decide its own request.
        Assert.Equal(HttpStatusCode.Conflict, (await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/suspension", new { reason = "等待第三方" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/time-requests/{id}/approve", new { })).StatusCode);
        var seen = await Ops.Get(hp, number);
        Assert.Contains("approve-request", Actions(seen));
        Assert.Contains("reject-request", Actions(seen));
        var version = seen.GetProperty("summary").GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.Conflict, (await hp.PostAsJsonAsync($"/api/cityops/incidents/{number}/time-requests/{id}/approve?version={version - 1}", new { })).StatusCode);
        await Ops.Field(await hp.PostAsJsonAsync($"/api/cityops/incidents/{number}/time-requests/{id}/reject", new { }), "comment");
        Assert.Equal(HttpStatusCode.NotFound, (await hp.PostAsJsonAsync($"/api/cityops/incidents/{number}/time-requests/{id + 1000}/approve", new { })).StatusCode);

        // Approved on Monday afternoon: 3 working days from Wednesday 17:00 skip the Mid-Autumn holiday → Tuesday 29th 17:00;
        // the closure deadline moves by as much (Thursday 24th → Wednesday 30th).
        await MoveTo(At(9, 21, 15));
        var approved = await Ops.Act(hp, number, $"time-requests/{id}/approve?version={version}", new { comment = "同意，请务必按期完成" });
        var summary = approved.GetProperty("summary");
        Assert.Equal(At(9, 29, 17), summary.GetProperty("handleDueAt").GetDateTimeOffset());
        Assert.Equal(At(9, 30, 17), summary.GetProperty("closeDueAt").GetDateTimeOffset());
        Assert.Equal(At(9, 29, 17), approved.GetProperty("workOrders").EnumerateArray().Single(w => w.GetProperty("lead").GetBoolean()).GetProperty("dueAt").GetDateTimeOffset());
        var decided = Assert.Single(Requests(approved));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal("dispatcher-hp", decided.GetProperty("decidedBy").GetString());
        Assert.Equal(At(9, 23, 17), decided.GetProperty("handleDueBefore").GetDateTimeOffset());
        Assert.Equal(At(9, 29, 17), decided.GetProperty("handleDueAfter").GetDateTimeOffset());
        Assert.Contains("extension-approved", Ops.Timeline(approved));
        Assert.Contains("request-extension", Actions(await Ops.Get(bsc, number)));
        Assert.Equal(HttpStatusCode.Conflict, (await hp.PostAsJsonAsync($"/api/cityops/incidents/{number}/time-requests/{id}/reject", new { comment = "改变主意" })).StatusCode);

        // Past the old deadline nothing is overdue: no supervision.
        await MoveTo(At(9, 24, 10));
        var admin = await app.ClientAsAsync("admin");
        await Ops.Ok(await admin.PostAsJsonAsync("/api/cityops/sla/scan", new { }));
        var thursday = await Ops.Get(hp, number);
        Assert.DoesNotContain("supervised", Ops.Timeline(thursday));
        Assert.False(thursday.GetProperty("summary").GetProperty("overdue").GetBoolean());

        // Handled on Tuesday 29th, closed on Wednesday 30th: on time against the moved deadlines (late against the old).
        await MoveTo(At(9, 29, 16));
        await Ops.Act(bsc, number, "feedback", new { text = "已协调大型车辆清运完毕", photos = new[] { Ops.Png } });
        await Ops.Act(inspector, number, "verify", new { passed = true });
        await MoveTo(At(9, 30, 10));
        var closed = await Ops.Act(hp, number, "close");
        Assert.True(closed.GetProperty("handleOnTime").GetBoolean());
        Assert.True(closed.GetProperty("closeOnTime").GetBoolean());

        // The KPIs count the extension, and the order as handled and closed on time.
        var kpi = await Ops.Ok(await hp.GetAsync("/api/cityops/kpi?area=310101&from=2026-09-01&to=2026-09-30"));
        var f = kpi.GetProperty("figures");
        Assert.Equal(1, f.GetProperty("extended").GetInt32());
        Assert.Equal(1.0, f.GetProperty("handleOnTimeRate").GetDouble());
        Assert.Equal(1.0, f.GetProperty("closeOnTimeRate").GetDouble());
        var unit = kpi.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == "310101002-BSC");
        Assert.Equal(1, unit.GetProperty("figures").GetProperty("extended").GetInt32());

        // A period of days, a whole month and days again (day cells, a month cell, day cells) counts the same.
        var mixed = (await Ops.Ok(await hp.GetAsync("/api/cityops/kpi?area=310101&from=2026-08-25&to=2026-10-05"))).GetProperty("figures");
        Assert.Equal(f.ToString(), mixed.ToString());
        var days = (await Ops.Ok(await hp.GetAsync("/api/cityops/kpi?area=310101002&from=2026-09-21&to=2026-09-30"))).GetProperty("figures");
        Assert.Equal(1, days.GetProperty("extended").GetInt32());
        Assert.Equal(1, days.GetProperty("closed").GetInt32());
        await AssertMonthCellsAddUpAsync(app, db);

        // The request and the decision are in the audit ledger.
        var auditor = await app.ClientAsAsync("auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?objectType=incident&objectId={number}&pageSize=50");
        var actions = entries.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("cityops.extension-requested", actions);
        Assert.Contains("cityops.extension-approved", actions);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ASuspensionPausesTheSlaClockAndResumingMovesTheDeadlinesByThePausedWorkingTime(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        var clock = new FakeTimeProvider(At(9, 21, 9).ToUniversalTime());
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();
        var inspector = await app.ClientAsAsync("inspector");
        var (lon, lat) = Ops.PointIn(app, "310101002");
        var number = (await Ops.Ok(await inspector.PostAsJsonAsync("/api/cityops/patrol", new { text = "人行道被泥浆污染，需要冲洗", categoryCode = "1102", longitude = lon, latitude = lat }), HttpStatusCode.Created))
            .GetProperty("number").GetString()!;
        var bsc = await app.ClientAsAsync("unit-bsc");
        var hp = await app.ClientAsAsync("dispatcher-hp");
        var admin = await app.ClientAsAsync("admin");

        // Bearer tokens last an hour on the platform clock: sign in again whenever the clock moves.
        async Task MoveTo(DateTimeOffset at)
        {
            clock.SetUtcNow(at.ToUniversalTime());
            (inspector, bsc, hp, admin) = (await app.ClientAsAsync("inspector"), await app.ClientAsAsync("unit-bsc"), await app.ClientAsAsync("dispatcher-hp"), await app.ClientAsAsync("admin"));
        }

        await Ops.Act(bsc, number, "accept");

        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/suspension", new { }), "reason");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/suspension", new { reason = "等待自来水公司抢修管道", expectedResumeOn = "2026-13-01" }), "expectedResumeOn");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/suspension", new { reason = "等待自来水公司抢修管道", expectedResumeOn = "2026-09-20" }), "expectedResumeOn");
        var requested = await Ops.Act(bsc, number, "suspension", new { reason = "等待自来水公司抢修地下管道后才能冲洗", expectedResumeOn = "2026-09-28" });
        var id = Assert.Single(Requests(requested)).GetProperty("id").GetInt64();
        Assert.Equal("2026-09-28", Requests(requested).Single().GetProperty("expectedResumeOn").GetString());

        // A commander at the city level may decide too; approved at 11:00 the clock stops.
        await MoveTo(At(9, 21, 11));
        var commander = await app.ClientAsAsync("commander");
        var suspended = await Ops.Act(commander, number, $"time-requests/{id}/approve", new { });
        Assert.Equal(At(9, 21, 11), suspended.GetProperty("summary").GetProperty("suspendedAt").GetDateTimeOffset());
        Assert.Equal("suspended", suspended.GetProperty("workOrders").EnumerateArray().Single(w => w.GetProperty("lead").GetBoolean()).GetProperty("status").GetString());
        Assert.True(Requests(suspended).Single().GetProperty("active").GetBoolean());
        var unitView = await Ops.Get(bsc, number);
        Assert.Contains("resume", Actions(unitView));
        Assert.DoesNotContain("feedback", Actions(unitView));
        Assert.DoesNotContain("request-extension", Actions(unitView));

        // While suspended: no feedback, no other request, and the SLA monitor neither warns nor escalates.
        Assert.Equal(HttpStatusCode.Conflict, (await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/feedback", new { text = "已冲洗", photos = new[] { Ops.Png } })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/extension", new { workingDays = 1, reason = "再要一天" })).StatusCode);
        foreach (var at in new[] { At(9, 23, 15), At(9, 23, 17, 30), At(9, 24, 12), At(9, 28, 12) })
        {
            await MoveTo(at);
            await Ops.Ok(await admin.PostAsJsonAsync("/api/cityops/sla/scan", new { }));
        }

        var paused = await Ops.Get(hp, number);
        Assert.DoesNotContain(Ops.Timeline(paused), a => a is "warning" or "supervised");
        Assert.Equal(0, paused.GetProperty("summary").GetProperty("slaStage").GetInt32());
        Assert.False(paused.GetProperty("summary").GetProperty("overdue").GetBoolean());
        var kpi = await Ops.Ok(await hp.GetAsync("/api/cityops/kpi?area=310101&from=2026-09-01&to=2026-09-30"));
        Assert.Equal(1, kpi.GetProperty("suspended").GetInt32());
        Assert.Equal(1, kpi.GetProperty("figures").GetProperty("suspended").GetInt32());
        Assert.Equal(0, kpi.GetProperty("overdue").GetInt32());

        // Resumed on Tuesday 29th at 10:00: 39 working hours were paused (Mon 6, Tue–Thu 24, Fri the 25th a holiday,
        // Mon 8, Tue 1). Handling due Wed 23rd 17:00 + 39 wh → Thu 8 October 16:00 (past the National Day week);
        // closure due Thu 24th 17:00 + 39 wh → Fri 9 October 16:00.
        await MoveTo(At(9, 29, 10));
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.PostAsJsonAsync($"/api/cityops/incidents/{number}/time-requests/{id}/approve", new { })).StatusCode);
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/resume", new { comment = new string('好', 1001) }), "comment");
        var resumed = await Ops.Act(bsc, number, "resume", new { comment = "管道已修复" });
        var summary = resumed.GetProperty("summary");
        Assert.True(!summary.TryGetProperty("suspendedAt", out var stopped) || stopped.ValueKind == JsonValueKind.Null, summary.ToString());
        Assert.Equal(At(10, 8, 16), summary.GetProperty("handleDueAt").GetDateTimeOffset());
        Assert.Equal(At(10, 9, 16), summary.GetProperty("closeDueAt").GetDateTimeOffset());
        Assert.Equal("accepted", resumed.GetProperty("workOrders").EnumerateArray().Single(w => w.GetProperty("lead").GetBoolean()).GetProperty("status").GetString());
        var done = Requests(resumed).Single();
        Assert.False(done.GetProperty("active").GetBoolean());
        Assert.Equal(At(9, 29, 10), done.GetProperty("resumedAt").GetDateTimeOffset());
        Assert.Equal(At(10, 8, 16), done.GetProperty("handleDueAfter").GetDateTimeOffset());
        Assert.Contains("resumed", Ops.Timeline(resumed));
        Assert.Contains("feedback", Actions(await Ops.Get(bsc, number)));
        Assert.Equal(HttpStatusCode.Conflict, (await hp.PostAsJsonAsync($"/api/cityops/incidents/{number}/resume", new { })).StatusCode);

        // The clock runs again against the moved deadline: the warning comes at 80 % of the new span (Wednesday 30th
        // 11:24), not at once; supervision after the new deadline.
        await MoveTo(At(9, 29, 12));
        await Ops.Ok(await admin.PostAsJsonAsync("/api/cityops/sla/scan", new { }));
        Assert.DoesNotContain("warning", Ops.Timeline(await Ops.Get(hp, number)));
        await MoveTo(At(10, 8, 16, 30));
        await Ops.Ok(await admin.PostAsJsonAsync("/api/cityops/sla/scan", new { }));
        await Ops.Ok(await admin.PostAsJsonAsync("/api/cityops/sla/scan", new { }));
        Assert.Contains("supervised", Ops.Timeline(await Ops.Get(hp, number)));

        var auditor = await app.ClientAsAsync("auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?objectType=incident&objectId={number}&pageSize=50");
        var actions = entries.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("cityops.suspension-requested", actions);
        Assert.Contains("cityops.suspension-approved", actions);
        Assert.Contains("cityops.resumed", actions);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ARejectedRequestLeavesTheDeadlinesAndTheDispatcherCanResumeASuspension(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        var clock = new FakeTimeProvider(At(9, 21, 9).ToUniversalTime());
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();

        // A citizen's report of a missing manhole cover goes to the district's construction commission (1 working day).
        var citizen = await app.ClientAsAsync("citizen");
        var (lon, lat) = Ops.PointIn(app, "310101002", eastMetres: 60);
        var number = (await Ops.Ok(await citizen.PostAsJsonAsync("/api/cityops/reports", new { text = "路口井盖缺失，留下一个洞", categoryCode = "0101", longitude = lon, latitude = lat }), HttpStatusCode.Created))
            .GetProperty("number").GetString()!;
        var zj = await app.ClientAsAsync("unit-zj");
        var hp = await app.ClientAsAsync("dispatcher-hp");

        // Bearer tokens last an hour on the platform clock: sign in again whenever the clock moves.
        async Task MoveTo(DateTimeOffset at)
        {
            clock.SetUtcNow(at.ToUniversalTime());
            (zj, hp) = (await app.ClientAsAsync("unit-zj"), await app.ClientAsAsync("dispatcher-hp"));
        }

        await Ops.Act(zj, number, "accept");
        var due = (await Ops.Get(hp, number)).GetProperty("summary");

        // The reporter sees the incident but is no unit of it.
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync($"/api/cityops/incidents/{number}/suspension", new { reason = "我不急" })).StatusCode);

        var id = Requests(await Ops.Act(zj, number, "extension", new { workingHours = 4, reason = "需定制非标井盖" })).Single().GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync($"/api/cityops/incidents/{number}/time-requests/{id}/reject", new { comment = "不行" })).StatusCode);
        var rejected = await Ops.Act(hp, number, $"time-requests/{id}/reject", new { comment = "井盖缺失危险，请先设置围挡并按期更换" });
        Assert.Equal("rejected", Requests(rejected).Single().GetProperty("status").GetString());
        Assert.Equal(due.GetProperty("handleDueAt").GetDateTimeOffset(), rejected.GetProperty("summary").GetProperty("handleDueAt").GetDateTimeOffset());
        Assert.Equal(due.GetProperty("closeDueAt").GetDateTimeOffset(), rejected.GetProperty("summary").GetProperty("closeDueAt").GetDateTimeOffset());
        Assert.Contains("extension-rejected", Ops.Timeline(rejected));

        // After a rejection the unit may ask again; suspended at 10:00, the dispatcher resumes at 14:00 the same day:
        // four working hours paused, handling due Tuesday 17:00 → Wednesday 13:00.
        Assert.Equal(At(9, 22, 17), due.GetProperty("handleDueAt").GetDateTimeOffset());
        var sid = Requests(await Ops.Act(zj, number, "suspension", new { reason = "暴雨，无法施工" })).Single(r => r.GetProperty("status").GetString() == "pending").GetProperty("id").GetInt64();
        await MoveTo(At(9, 21, 10));
        await Ops.Act(hp, number, $"time-requests/{sid}/approve", new { comment = "同意" });
        await MoveTo(At(9, 21, 14));
        Assert.Contains("resume", Actions(await Ops.Get(hp, number)));
        var resumed = await Ops.Act(hp, number, "resume", new { });
        Assert.Equal(At(9, 23, 13), resumed.GetProperty("summary").GetProperty("handleDueAt").GetDateTimeOffset());
        Assert.Equal(2, Requests(resumed).Count);
    }

    /// <summary>Every month cell is the sum of its days' cells (the writer keeps both in one statement); SQLite stores them in key order.</summary>
    private static async Task AssertMonthCellsAddUpAsync(OneCityFactory app, Db db)
    {
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<OneCity.CityOps.Data.CityOpsDbContext>();
        var cells = await context.Set<OneCity.CityOps.Performance.KpiCell>().AsNoTracking().ToListAsync();
        Assert.Contains(cells, c => c.Kind == "A");
        var fromDays = cells.Where(c => c.Kind is "a" or "u")
            .GroupBy(c => (Kind: c.Kind.ToUpperInvariant(), c.Code, Day: c.Day / 100 * 100))
            .ToDictionary(g => g.Key, g => (g.Sum(c => c.Reported), g.Sum(c => c.Dispatched), g.Sum(c => c.Handled), g.Sum(c => c.HandleOnTime), g.Sum(c => c.Closed), g.Sum(c => c.Extended), g.Sum(c => c.Suspended)));
        var months = cells.Where(c => c.Kind is "A" or "U")
            .ToDictionary(c => (c.Kind, c.Code, c.Day), c => (c.Reported, c.Dispatched, c.Handled, c.HandleOnTime, c.Closed, c.Extended, c.Suspended));
        Assert.Equal(fromDays.OrderBy(x => x.Key.ToString(), StringComparer.Ordinal), months.OrderBy(x => x.Key.ToString(), StringComparer.Ordinal));
        if (db == Db.Sqlite)
        {
            var ddl = await context.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE name = 'ops_kpi'").SingleAsync();
            Assert.Contains("WITHOUT ROWID", ddl, StringComparison.Ordinal);
            Assert.Contains("PRIMARY KEY (\"Kind\", \"Day\", \"Code\")", ddl, StringComparison.Ordinal);
        }
    }

    private static IReadOnlyList<string?> Actions(JsonElement incident) => incident.GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ToList();

    private static IReadOnlyList<JsonElement> Requests(JsonElement incident) => incident.GetProperty("timeRequests").EnumerateArray().ToList();
}

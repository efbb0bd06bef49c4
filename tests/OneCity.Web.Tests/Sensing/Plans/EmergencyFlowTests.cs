using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.Sensing.Plans.Emergency;

namespace OneCity.Web.Tests.Sensing.Plans;

/// <summary>
/// A typhoon alert's whole response under a controlled clock, on both databases: the CAP trigger proposes, the commander
/// confirms, tasks are issued with dependencies and deadlines, departments check in and finish, a stronger alert raises the
/// level, deadlines pass, departments exchange resources, the situation report shows it all, and the commander ends it.
/// </summary>
public sealed class EmergencyFlowTests
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ATyphoonAlertRunsThroughConfirmationTasksLevelsResourcesReportAndDeactivation(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var commander = await app.ClientAsAsync("commander");
        var dispatcher = await app.ClientAsAsync("dispatcher");
        var zj = await app.ClientAsAsync("unit-zj");
        var ga = await app.ClientAsAsync("reviewer-ga");
        var start = clock.GetUtcNow();

        // A blue typhoon warning for Huangpu proposes the typhoon plan at level IV; the same alert again does not propose twice.
        var proposed = Assert.Single(await CapAsync(app, Alert("台风蓝色预警", "Minor", "310101")));
        Assert.Equal(("typhoon", "proposed", "IV"), (proposed.PlanCode, proposed.Outcome, proposed.Level));
        Assert.Equal("already-pending", Assert.Single(await CapAsync(app, Alert("Typhoon Warning", "Minor", "310101"))).Outcome);
        Assert.Empty(await CapAsync(app, Alert("Earthquake", "Extreme", "310101")));
        var pending = Assert.Single((await Get(dispatcher, "/api/emergency/proposals?status=pending")).EnumerateArray());
        Assert.Equal(["310101"], pending.GetProperty("areas").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("cap", Str(pending, "source"));

        // Only the commander confirms.
        await Status(await dispatcher.PostAsJsonAsync($"/api/emergency/proposals/{proposed.Proposal!.Id}/confirm", new { }, ct), HttpStatusCode.Forbidden);
        await Status(await zj.GetAsync("/api/emergency/proposals", ct), HttpStatusCode.Forbidden);
        var detail = await Post(commander, $"/api/emergency/proposals/{proposed.Proposal.Id}/confirm", new { note = "按预案启动" });
        var activation = Id(detail.GetProperty("activation"));
        Assert.Equal("IV", Str(detail.GetProperty("activation"), "level"));
        Assert.Equal("blue", Str(detail.GetProperty("activation"), "levelColour"));
        await Status(await commander.PostAsJsonAsync($"/api/emergency/proposals/{proposed.Proposal.Id}/confirm", new { }, ct), HttpStatusCode.Conflict);

        // The level-IV graph: the meteorological warning first, everything else waits for it; per-district tasks go to Huangpu's bureaus.
        Assert.Equal(["billboards", "district-report@310101", "drainage-standby@310101", "pre-lower-rivers", "secure-cranes@310101", "trees", "warning"],
            detail.GetProperty("tasks").EnumerateArray().Select(t => Str(t, "key")).Order(StringComparer.Ordinal));
        var warning = Task(detail, "warning");
        Assert.Equal(("SH-QX", "ready"), (Str(warning, "department"), Str(warning, "status")));
        Assert.Equal(start.AddHours(2), warning.GetProperty("dueAt").GetDateTimeOffset());
        var cranes = Task(detail, "secure-cranes@310101");
        Assert.Equal(("310101-ZJ", "waiting"), (Str(cranes, "department"), Str(cranes, "status")));
        Assert.Equal(start.AddHours(24), cranes.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(["drainage-standby@310101", "secure-cranes@310101"], Task(detail, "district-report@310101").GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()));

        // A department sees its own task; it cannot start before its dependency is done, nor touch another department's task.
        var mine = Assert.Single((await Get(zj, "/api/emergency/tasks/mine")).EnumerateArray());
        Assert.Equal(Id(cranes), Id(mine));
        Assert.Empty((await Get(ga, "/api/emergency/tasks/mine")).EnumerateArray());
        await Status(await zj.PostAsJsonAsync($"/api/emergency/tasks/{Id(cranes)}/check-in", new { }, ct), HttpStatusCode.Conflict);
        await Status(await ga.PostAsJsonAsync($"/api/emergency/tasks/{Id(cranes)}/check-in", new { }, ct), HttpStatusCode.Forbidden);
        await Status(await zj.PostAsJsonAsync($"/api/emergency/tasks/{Id(warning)}/check-in", new { }, ct), HttpStatusCode.Forbidden);

        clock.Advance(TimeSpan.FromMinutes(50));
        await Post(commander, $"/api/emergency/tasks/{Id(warning)}/check-in", new { note = "代气象局签收" });
        await Ops.Field(await commander.PostAsJsonAsync($"/api/emergency/tasks/{Id(warning)}/status", new { status = "finished" }, ct), "status");
        await Ops.Field(await commander.PostAsJsonAsync($"/api/emergency/tasks/{Id(warning)}/status", new { status = "blocked" }, ct), "note");
        await Post(commander, $"/api/emergency/tasks/{Id(warning)}/status", new { status = "done", note = "蓝色预警已发布" });
        detail = await Get(commander, $"/api/emergency/activations/{activation}");
        Assert.Equal("ready", Str(Task(detail, "secure-cranes@310101"), "status"));
        Assert.Equal("ready", Str(Task(detail, "pre-lower-rivers"), "status"));
        Assert.Equal("waiting", Str(Task(detail, "district-report@310101"), "status"));

        // The district's construction bureau checks in, reports progress and finishes; with drainage done the district report is ready.
        var checkedIn = await Post(zj, $"/api/emergency/tasks/{Id(cranes)}/check-in", new { note = "已收到" });
        Assert.Equal("checked-in", Str(checkedIn, "status"));
        await Post(zj, $"/api/emergency/tasks/{Id(cranes)}/status", new { status = "in-progress", note = "12 个工地塔吊已松钩" });
        var done = await Post(zj, $"/api/emergency/tasks/{Id(cranes)}/status", new { status = "done", note = "全部工地完成" });
        Assert.Equal(("done", "on-time"), (Str(done, "status"), Str(done, "timeliness")));
        Assert.Equal(["checked-in", "in-progress", "done"], done.GetProperty("notes").EnumerateArray().Select(n => Str(n, "status")));
        var drainage = Task(detail, "drainage-standby@310101");
        await Post(commander, $"/api/emergency/tasks/{Id(drainage)}/check-in");
        await Post(commander, $"/api/emergency/tasks/{Id(drainage)}/status", new { status = "done" });
        Assert.Equal("ready", Str(Task(await Get(commander, $"/api/emergency/activations/{activation}"), "district-report@310101"), "status"));

        // A severe alert while the plan runs proposes raising it; confirming issues the level-II tasks and shortens open deadlines.
        var raise = Assert.Single(await CapAsync(app, Alert("台风橙色预警", "Severe", "310101")));
        Assert.Equal(("raise-proposed", "II"), (raise.Outcome, raise.Level));
        Assert.Equal("already-active", Assert.Single(await CapAsync(app, Alert("台风蓝色预警", "Minor", "310101"))).Outcome);
        detail = await Post(commander, $"/api/emergency/proposals/{raise.Proposal!.Id}/confirm");
        Assert.Equal(activation, Id(detail.GetProperty("activation")));
        Assert.Equal("II", Str(detail.GetProperty("activation"), "level"));
        var raised = clock.GetUtcNow();
        foreach (var key in new[] { "ferries", "shelters", "traffic-control@310101", "relocate@310101", "medical" })
        {
            Assert.Equal(raised.AddHours(6), Task(detail, key).GetProperty("dueAt").GetDateTimeOffset());
        }

        Assert.Equal(raised.AddHours(8), Task(detail, "trees").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("waiting", Str(Task(detail, "relocate@310101"), "status"));
        Assert.Equal("ready", Str(Task(detail, "traffic-control@310101"), "status"));
        Assert.Single((await Get(ga, "/api/emergency/tasks/mine")).EnumerateArray());

        // Level changes: only the commander, with a reason, to another level.
        await Status(await dispatcher.PostAsJsonAsync($"/api/emergency/activations/{activation}/level", new { level = "I", reason = "x" }, ct), HttpStatusCode.Forbidden);
        await Ops.Field(await commander.PostAsJsonAsync($"/api/emergency/activations/{activation}/level", new { level = "V", reason = "x" }, ct), "level");
        await Ops.Field(await commander.PostAsJsonAsync($"/api/emergency/activations/{activation}/level", new { level = "II", reason = "x" }, ct), "level");
        await Ops.Field(await commander.PostAsJsonAsync($"/api/emergency/activations/{activation}/level", new { level = "III" }, ct), "reason");
        detail = await Post(commander, $"/api/emergency/activations/{activation}/level", new { level = "III", reason = "台风减弱" });
        Assert.Equal("III", Str(detail.GetProperty("activation"), "level"));
        Assert.Equal(12, detail.GetProperty("tasks").GetArrayLength());
        Assert.Equal([null, "IV", "II"], detail.GetProperty("levelHistory").EnumerateArray().Select(l => l.GetProperty("from").GetString()));

        // Resource requests between departments.
        await Ops.Field(await zj.PostAsJsonAsync($"/api/emergency/activations/{activation}/resource-requests", new { toDepartment = "310101-XX", what = "沙袋", quantity = 0 }, ct), "toDepartment");
        await Ops.Field(await zj.PostAsJsonAsync($"/api/emergency/activations/{activation}/resource-requests", new { toDepartment = "310101-GA", what = "沙袋", quantity = 0 }, ct), "quantity");
        var request = await Post(zj, $"/api/emergency/activations/{activation}/resource-requests",
            new { toDepartment = "310101-GA", what = "警力协助封闭工地周边道路", quantity = 6, unit = "人", neededBy = Sense.Iso(clock.GetUtcNow().AddHours(2)) });
        Assert.Equal(("310101-ZJ", "requested"), (Str(request, "fromDepartment"), Str(request, "status")));
        Assert.Contains((await Get(ga, "/api/emergency/resource-requests/mine")).EnumerateArray(), r => Id(r) == Id(request));
        await Status(await zj.PostAsJsonAsync($"/api/emergency/resource-requests/{Id(request)}/answer", new { status = "accepted" }, ct), HttpStatusCode.Forbidden);
        await Ops.Field(await ga.PostAsJsonAsync($"/api/emergency/resource-requests/{Id(request)}/answer", new { status = "declined" }, ct), "note");
        await Post(ga, $"/api/emergency/resource-requests/{Id(request)}/answer", new { status = "accepted", note = "派 6 名民警" });
        var delivered = await Post(ga, $"/api/emergency/resource-requests/{Id(request)}/answer", new { status = "delivered" });
        Assert.Equal(["accepted", "delivered"], delivered.GetProperty("replies").EnumerateArray().Select(r => Str(r, "status")));
        await Status(await ga.PostAsJsonAsync($"/api/emergency/resource-requests/{Id(request)}/answer", new { status = "declined", note = "x" }, ct), HttpStatusCode.Conflict);

        // A day later the open tasks are overdue, and the report says so (tokens expire with the clock: sign in again).
        clock.Advance(TimeSpan.FromHours(30));
        commander = await app.ClientAsAsync("commander");
        zj = await app.ClientAsAsync("unit-zj");
        var report = await Get(commander, $"/api/emergency/activations/{activation}/report");
        Assert.Equal(("typhoon", "III", true), (Str(report, "planCode"), Str(report, "level"), report.GetProperty("active").GetBoolean()));
        Assert.Equal(12, report.GetProperty("tasksTotal").GetInt32());
        Assert.Equal(3, report.GetProperty("doneOnTime").GetInt32());
        Assert.Equal(9, report.GetProperty("overdue").GetInt32());
        Assert.Contains(report.GetProperty("overdueTasks").EnumerateArray(), t => Str(t, "key") == "trees");
        Assert.Equal(3, report.GetProperty("tasksByStatus").EnumerateArray().Single(g => Str(g, "status") == "done").GetProperty("count").GetInt32());
        Assert.Equal(3, report.GetProperty("levelHistory").GetArrayLength());
        var kinds = report.GetProperty("timeline").EnumerateArray().Select(e => Str(e, "kind")).ToList();
        Assert.Contains("proposed", kinds);
        Assert.Contains("activated", kinds);
        Assert.Contains("level-changed", kinds);
        Assert.Contains("task-checked-in", kinds);
        Assert.Contains("resource-delivered", kinds);
        Assert.Equal(9, (await Get(commander, "/api/emergency/activations?active=true")).EnumerateArray().Single(a => Id(a) == activation).GetProperty("overdue").GetInt32());
        var markdown = await commander.GetStringAsync($"/api/emergency/activations/{activation}/report?format=markdown", ct);
        Assert.Contains("防御台风应急预案 情况报告", markdown, StringComparison.Ordinal);
        Assert.Contains("**逾期**", markdown, StringComparison.Ordinal);
        await Ops.Field(await commander.GetAsync($"/api/emergency/activations/{activation}/report?format=pdf", ct), "format");
        Assert.Contains((await Get(zj, $"/api/emergency/activations/{activation}/report")).GetProperty("tasksByStatus").EnumerateArray(), g => Str(g, "status") == "done");

        // The commander ends the response; nothing can be checked in afterwards.
        dispatcher = await app.ClientAsAsync("dispatcher");
        await Status(await dispatcher.PostAsJsonAsync($"/api/emergency/activations/{activation}/deactivate", new { note = "x" }, ct), HttpStatusCode.Forbidden);
        await Ops.Field(await commander.PostAsJsonAsync($"/api/emergency/activations/{activation}/deactivate", new { }, ct), "note");
        var ended = await Post(commander, $"/api/emergency/activations/{activation}/deactivate", new { note = "台风影响解除" });
        Assert.False(ended.GetProperty("activation").GetProperty("active").GetBoolean());
        await Status(await commander.PostAsJsonAsync($"/api/emergency/tasks/{Id(Task(ended, "trees"))}/check-in", new { }, ct), HttpStatusCode.Conflict);
        Assert.Empty((await Get(zj, "/api/emergency/tasks/mine")).EnumerateArray());
        Assert.Empty((await Get(commander, "/api/emergency/activations?active=true")).EnumerateArray());

        // Everything is in the audit ledger.
        var auditor = await app.ClientAsAsync("auditor");
        var actions = (await Get(auditor, "/api/audit/entries?action=emergency.&pageSize=100")).GetProperty("items").EnumerateArray().Select(e => Str(e, "action")).ToHashSet();
        Assert.Superset(new HashSet<string> { "emergency.proposed", "emergency.confirmed", "emergency.task-checked-in", "emergency.task-status", "emergency.level-changed",
            "emergency.resource-requested", "emergency.resource-answered", "emergency.deactivated" }, actions);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task VitalSignsAndManualDecisionsProposeAndTheCommanderDecides(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        var ct = TestContext.Current.CancellationToken;
        await using var app = new OneCityFactory(db);
        var commander = await app.ClientAsAsync("commander");
        var dispatcher = await app.ClientAsAsync("dispatcher");

        // A crowd-density alarm on the Bund proposes crowd safety at level II for Huangpu; a later warning does not lower it.
        var crowd = Assert.Single(await VitalSignAsync(app, "max-crowd-density", "310101002", "alarm", 4.2));
        Assert.Equal(("crowd-safety", "proposed", "II"), (crowd.PlanCode, crowd.Outcome, crowd.Level));
        Assert.Equal("already-pending", Assert.Single(await VitalSignAsync(app, "max-crowd-density", "310101002", "warning", 3.1)).Outcome);
        Assert.Empty(await VitalSignAsync(app, "max-crowd-density", "310101002", "normal", 0.5));

        // A heavier rainfall reading while a rainstorm proposal is pending raises the pending proposal instead of adding one.
        Assert.Equal("proposed", Assert.Single(await VitalSignAsync(app, "max-rainfall", "310104", "warning", 32)).Outcome);
        var updated = Assert.Single(await VitalSignAsync(app, "max-rainfall", "310104", "alarm", 61));
        Assert.Equal(("updated", "III"), (updated.Outcome, updated.Level));

        // The dispatcher proposes manually; bad input names the field; a second manual proposal for the same plan is a conflict.
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/emergency/proposals", new { planCode = "volcano", level = "IV", reason = "x" }, ct), "planCode");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/emergency/proposals", new { planCode = "high-temperature", level = "IV", reason = "x" }, ct), "level");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/emergency/proposals", new { planCode = "high-temperature", level = "III", areas = new[] { "999999" }, reason = "x" }, ct), "areas");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/emergency/proposals", new { planCode = "high-temperature", level = "III" }, ct), "reason");
        var heat = await Post(dispatcher, "/api/emergency/proposals", new { planCode = "high-temperature", level = "III", areas = new[] { "310000" }, reason = "连续三天 37℃ 以上" });
        Assert.Equal(("manual", "dispatcher"), (Str(heat, "source"), Str(heat, "createdBy")));
        await Status(await dispatcher.PostAsJsonAsync("/api/emergency/proposals", new { planCode = "high-temperature", level = "II", reason = "x" }, ct), HttpStatusCode.Conflict);
        var staff = await app.ClientAsAsync("unit-zj");
        await Status(await staff.PostAsJsonAsync("/api/emergency/proposals", new { planCode = "high-temperature", level = "II", reason = "x" }, ct), HttpStatusCode.Forbidden);
        await Status(await staff.GetAsync("/api/emergency/plans", ct), HttpStatusCode.OK);
        var citizen = await app.ClientAsAsync("citizen");
        await Status(await citizen.GetAsync("/api/emergency/plans", ct), HttpStatusCode.Forbidden);

        // The commander confirms the city-wide heat plan at another level: every district's bureaus get their tasks.
        await Ops.Field(await commander.PostAsJsonAsync($"/api/emergency/proposals/{Id(heat)}/confirm", new { level = "X" }, ct), "level");
        var heatActivation = await Post(commander, $"/api/emergency/proposals/{Id(heat)}/confirm", new { level = "II" });
        Assert.Equal("II", Str(heatActivation.GetProperty("activation"), "level"));
        Assert.Equal(16, heatActivation.GetProperty("tasks").EnumerateArray().Count(t => Str(t, "key").StartsWith("cooling@", StringComparison.Ordinal)));
        Assert.Contains(heatActivation.GetProperty("tasks").EnumerateArray(), t => Str(t, "department") == "310115-MZ");
        Assert.Equal(["cooling@310101"], Task(heatActivation, "district-report@310101").GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()));

        // Dismissing needs the commander; a dismissed proposal cannot be confirmed.
        await Status(await dispatcher.PostAsJsonAsync($"/api/emergency/proposals/{crowd.Proposal!.Id}/dismiss", new { }, ct), HttpStatusCode.Forbidden);
        var dismissed = await Post(commander, $"/api/emergency/proposals/{crowd.Proposal.Id}/dismiss", new { note = "现场人流已回落" });
        Assert.Equal("dismissed", Str(dismissed, "status"));
        await Status(await commander.PostAsJsonAsync($"/api/emergency/proposals/{crowd.Proposal.Id}/confirm", new { }, ct), HttpStatusCode.Conflict);
        await Status(await commander.PostAsJsonAsync("/api/emergency/proposals/999999/confirm", new { }, ct), HttpStatusCode.NotFound);
        await Ops.Field(await dispatcher.GetAsync("/api/emergency/proposals?status=maybe", ct), "status");
        Assert.Equal(2, (await Get(dispatcher, "/api/emergency/proposals")).EnumerateArray().Count(p => Str(p, "status") != "pending"));
    }
}

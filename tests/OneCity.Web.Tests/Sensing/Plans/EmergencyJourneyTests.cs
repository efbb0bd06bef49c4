using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.Sensing.Plans.Emergency;

namespace OneCity.Web.Tests.Sensing.Plans;

/// <summary>
/// In the browser: a typhoon alert proposes the plan, the commander confirms it on /ops/emergency, Huangpu's construction
/// bureau checks in its task on /workbench/emergency, and the commander's board shows the change.
/// </summary>
public sealed class EmergencyJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task TheCommanderConfirmsADepartmentChecksInAndTheBoardFollows()
    {
        var app = apps.Browser;
        var commander = await apps.ClientAs(Db.Sqlite, "commander");
        await ResetAsync(commander, "typhoon");
        // A blue typhoon warning arrives as CAP 1.2 from the meteorological service; it proposes the typhoon plan.
        var dispatcher = await apps.ClientAs(Db.Sqlite, "dispatcher");
        var identifier = "SH-QX-" + Guid.NewGuid().ToString("N")[..10];
        var xml = OneCity.Web.Tests.Sensing.Cap.CapExamples.Minimal(identifier, sender: "sh-meteo@example.cn", severity: "Minor", @event: "台风蓝色预警",
            sent: DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            expires: DateTimeOffset.UtcNow.AddDays(1).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        await Ops.Ok(await dispatcher.PostAsync("/api/cap/alerts", OneCity.Web.Tests.Sensing.Cap.CapExamples.Content(xml)), System.Net.HttpStatusCode.Created);
        var pending = (await Get(commander, "/api/emergency/proposals?status=pending")).EnumerateArray()
            .Single(p => p.GetProperty("planCode").GetString() == "typhoon");
        Assert.Equal("cap", Str(pending, "source"));
        var proposal = (Id: Id(pending), Level: Str(pending, "level"));

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "commander");
        await page.GotoAsync("/ops/emergency");
        var card = page.Locator($"#proposals [data-proposal='{proposal.Id}']");
        await card.WaitForAsync();
        Assert.Equal("IV", await card.Locator("[data-level]").GetAttributeAsync("data-level"));
        await page.Locator($"button#confirm-{proposal.Id}").ClickAsync();
        var activation = page.Locator("#activations article[data-plan='typhoon']");
        await activation.WaitForAsync();
        Assert.Equal("IV", await activation.Locator("header [data-level]").GetAttributeAsync("data-level"));
        var cranes = activation.Locator("[data-task='secure-cranes@310101']");
        Assert.Equal("waiting", await cranes.GetAttributeAsync("data-status"));
        var id = long.Parse((await activation.GetAttributeAsync("data-activation"))!, System.Globalization.CultureInfo.InvariantCulture);

        // The meteorological warning is issued (through the API), so the construction bureau's task becomes ready.
        var warning = Task(await Get(commander, $"/api/emergency/activations/{id}"), "warning");
        await Post(commander, $"/api/emergency/tasks/{Id(warning)}/check-in");
        await Post(commander, $"/api/emergency/tasks/{Id(warning)}/status", new { status = "done" });

        var unit = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(unit, "unit-zj");
        await unit.GotoAsync("/workbench/emergency");
        var task = unit.Locator("#tasks [data-task='secure-cranes@310101']");
        await task.WaitForAsync();
        Assert.Equal("ready", await task.GetAttributeAsync("data-status"));
        var taskId = await task.GetAttributeAsync("data-task-id");
        await unit.Locator($"button#checkin-{taskId}").ClickAsync();
        await unit.Locator("#tasks [data-task='secure-cranes@310101'][data-status='checked-in']").WaitForAsync();
        await unit.Locator($"#note-{taskId}").FillAsync("塔吊已松钩");
        await unit.Locator($"button#progress-{taskId}").ClickAsync();
        await unit.Locator("#tasks [data-task='secure-cranes@310101'][data-status='in-progress']").WaitForAsync();

        await page.ReloadAsync();
        var moved = page.Locator("#activations [data-column='in-progress'] [data-task='secure-cranes@310101']");
        await moved.WaitForAsync();
        Assert.Contains("塔吊已松钩", await moved.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator($"a#report-{id}").ClickAsync();
        await page.Locator("#situation-report tr[data-task='secure-cranes@310101'][data-status='in-progress']").WaitForAsync();

        // A gale reaches a Huangpu wind gauge: the vital signs go to alarm and the live map receives the sensor incident.
        var map = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(map, "dispatcher-hp");
        await map.GotoAsync("/ops/map");
        await map.Locator("#live-status[data-state='live']").WaitForAsync();
        var admin = await apps.ClientAs(Db.Sqlite, "admin");
        var gauge = await OneCity.Web.Tests.Sensing.Sense.RegisterAsync(app, admin, "wind-speed", "310101002", eastMetres: 400);
        await OneCity.Web.Tests.Sensing.Sense.SendAsync(OneCity.Web.Tests.Sensing.Sense.Gateway(app),
            new { deviceId = gauge, ts = OneCity.Web.Tests.Sensing.Sense.Iso(DateTimeOffset.UtcNow.AddMinutes(-1)), value = 26.0 });
        await OneCity.Web.Tests.Sensing.Sense.SettleAsync(app);
        var alarm = (await OneCity.Web.Tests.Sensing.Sense.AlarmsAsync(commander, gauge)).Single(a => a.GetProperty("severity").GetString() == "alarm");
        var number = alarm.GetProperty("incidentNumber").GetString()!;
        await map.WaitForFunctionAsync($"() => (document.getElementById('ops-root').dataset.received || '').split(' ').includes('{number}')");
        await map.GotoAsync("/ops/vitals?area=310101");
        await map.Locator("#vital-cards [data-indicator='max-wind'][data-level='alarm']").WaitForAsync();
        await map.Context.CloseAsync();

        // In English the desk speaks English.
        await page.GotoAsync("/culture/en?returnUrl=/ops/emergency");
        Assert.Contains("Level IV (blue)", await page.Locator("#activations").InnerTextAsync(), StringComparison.Ordinal);

        await Post(commander, $"/api/emergency/activations/{id}/deactivate", new { note = "演练结束" });
        await page.Context.CloseAsync();
        await unit.Context.CloseAsync();
    }
}

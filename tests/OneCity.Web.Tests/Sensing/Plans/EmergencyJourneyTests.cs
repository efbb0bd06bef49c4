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
        var proposal = Assert.Single(await CapAsync(app, Cap("台风蓝色预警", "Minor", "310101"))).Proposal!;

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

        // In English the desk speaks English.
        await page.GotoAsync("/culture/en?returnUrl=/ops/emergency");
        Assert.Contains("Level IV (blue)", await page.Locator("#activations").InnerTextAsync(), StringComparison.Ordinal);

        await Post(commander, $"/api/emergency/activations/{id}/deactivate", new { note = "演练结束" });
        await page.Context.CloseAsync();
        await unit.Context.CloseAsync();
    }
}

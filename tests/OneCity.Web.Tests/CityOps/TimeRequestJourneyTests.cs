using System.Net;
using System.Net.Http.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>
/// Extension and suspension on the workbench incident page in a real browser: the unit asks (a missing reason is shown
/// at the field), the district dispatcher rejects only with a comment and approves; then a suspension is approved and
/// the unit resumes the clock.
/// </summary>
public sealed class TimeRequestJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task TheUnitAsksForMoreTimeAndAPauseAndTheDispatcherDecidesOnThePage()
    {
        var (lon, lat) = Ops.PointIn(apps.Browser, "310101002", eastMetres: 180, northMetres: 160);
        var inspector = await apps.ClientAs(Db.Sqlite, "inspector");
        var created = await Ops.Ok(await inspector.PostAsJsonAsync("/api/cityops/patrol", new
        {
            text = $"路面被油污污染需要清洗（{Guid.NewGuid():N}）", categoryCode = "1102", longitude = lon, latitude = lat,
        }), HttpStatusCode.Created);
        var number = created.GetProperty("number").GetString()!;
        Assert.Equal("310101002-BSC", created.GetProperty("unit").GetProperty("code").GetString());
        await Ops.Act(await apps.ClientAs(Db.Sqlite, "unit-bsc"), number, "accept");

        // The unit asks for three more working days; the reason is required.
        var bsc = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(bsc, "unit-bsc");
        await bsc.GotoAsync($"/workbench/incidents/{number}");
        await bsc.FillAsync("#extension-amount", "3");
        await bsc.SelectOptionAsync("#extension-unit", "wd");
        await bsc.ClickAsync("#do-extension");
        await bsc.Locator("#extension-reason-error").WaitForAsync();
        await bsc.FillAsync("#extension-amount", "3");
        await bsc.FillAsync("#extension-reason", "需等待专业清洗设备");
        await bsc.ClickAsync("#do-extension");
        await bsc.Locator("#notice").WaitForAsync();
        Assert.Equal(1, await bsc.Locator("#time-requests tr[data-kind='extension'][data-status='pending']").CountAsync());
        Assert.Equal(0, await bsc.Locator("#form-extension").CountAsync());

        // The district dispatcher sees the request; a rejection needs a comment; approval moves the deadline.
        var hp = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(hp, "dispatcher-hp");
        await hp.GotoAsync($"/workbench/incidents/{number}");
        Assert.Contains("需等待专业清洗设备", await hp.InnerTextAsync("#pending-request"), StringComparison.Ordinal);
        await hp.ClickAsync("#do-reject");
        await hp.Locator("#decide-comment-error").WaitForAsync();
        await hp.FillAsync("#decide-comment", "同意延期");
        await hp.ClickAsync("#do-approve");
        await hp.Locator("#notice").WaitForAsync();
        Assert.Equal(1, await hp.Locator("#time-requests tr[data-kind='extension'][data-status='approved']").CountAsync());
        Assert.Equal(1, await hp.Locator("#timeline li[data-action='extension-approved']").CountAsync());

        // Then the unit asks to suspend (waiting for a third party); approved, the clock pauses until the unit resumes.
        await bsc.GotoAsync($"/workbench/incidents/{number}");
        await bsc.FillAsync("#suspension-reason", "等待燃气公司完成管线检修");
        await bsc.ClickAsync("#do-suspension");
        await bsc.Locator("#notice").WaitForAsync();
        await hp.GotoAsync($"/workbench/incidents/{number}");
        await hp.ClickAsync("#do-approve");
        await hp.Locator("#incident-suspended").WaitForAsync();
        await bsc.GotoAsync($"/workbench/incidents/{number}");
        Assert.Equal(0, await bsc.Locator("#form-feedback").CountAsync());
        await bsc.FillAsync("#resume-comment", "管线检修完成");
        await bsc.ClickAsync("#do-resume");
        await bsc.Locator("#notice").WaitForAsync();
        Assert.Equal(0, await bsc.Locator("#incident-suspended").CountAsync());
        Assert.Equal(1, await bsc.Locator("#form-feedback").CountAsync());
        Assert.Equal(1, await bsc.Locator("#timeline li[data-action='resumed']").CountAsync());
    }
}

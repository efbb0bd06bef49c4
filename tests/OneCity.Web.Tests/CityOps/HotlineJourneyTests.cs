using System.Globalization;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>
/// The issue's journey in a real browser: a call-taker files a hotline report, sees the classifier's suggestion and the
/// unit, files it; the unit bounces it; the dispatcher re-dispatches with a reason; the new unit accepts and sends a
/// result photo; the grid inspector verifies; the dispatcher closes and records the caller's evaluation.
/// </summary>
public sealed class HotlineJourneyTests(Apps apps, BrowserFixture browser) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("onecity-ops-").FullName;

    [Fact]
    public async Task AHotlineReportGoesThroughBounceRedispatchHandlingVerificationClosureAndEvaluation()
    {
        var (lon, lat) = Ops.PointIn(apps.Browser, "310101002", eastMetres: 200, northMetres: -60);
        string F(double v) => v.ToString("0.000000", CultureInfo.InvariantCulture);

        // 1. The call-taker records the call and asks for a suggestion: category, confidence, place and unit.
        var dispatcher = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(dispatcher, "dispatcher");
        await dispatcher.GotoAsync("/ops/hotline");
        await dispatcher.FillAsync("#hotline-text", "小区门口井盖丢了，有个大洞，老人小孩容易掉下去");
        await dispatcher.FillAsync("#hotline-caller", "赵先生");
        await dispatcher.FillAsync("#hotline-phone", "13600136000");
        await dispatcher.FillAsync("#hotline-lon", F(lon));
        await dispatcher.FillAsync("#hotline-lat", F(lat));
        await dispatcher.ClickAsync("#do-suggest");
        await dispatcher.Locator("#suggestions").WaitForAsync();
        Assert.True(await dispatcher.IsCheckedAsync("#suggestions input[value='0101']"));
        Assert.Contains("310101-ZJ", await dispatcher.InnerTextAsync("#suggested-unit"), StringComparison.Ordinal);
        await dispatcher.ClickAsync("#do-file");
        await dispatcher.Locator("#incident-number").WaitForAsync();
        var number = (await dispatcher.InnerTextAsync("#incident-number")).Trim();
        Assert.Equal("dispatched", await dispatcher.GetAttributeAsync("#incident-status", "data-status"));
        Assert.Contains("规则 #", await dispatcher.InnerTextAsync("#routing-explanation"), StringComparison.Ordinal);
        Assert.Contains("136****6000", await dispatcher.InnerTextAsync("#reports"), StringComparison.Ordinal);

        // 2. The construction commission finds it in its work orders and bounces it; a reason is required.
        var zj = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(zj, "unit-zj");
        await zj.GotoAsync("/workbench/incidents");
        await zj.ClickAsync($"#incident-list a:text('{number}')");
        await zj.ClickAsync("#do-bounce");
        await zj.Locator("#bounce-reason-error").WaitForAsync();
        await zj.FillAsync("#bounce-reason", "小区内部井盖，由物业负责");
        await zj.ClickAsync("#do-bounce");
        await zj.Locator("#notice").WaitForAsync();
        Assert.Equal("bounced", await zj.GetAttributeAsync("#incident-status", "data-status"));

        // 3. The dispatcher re-dispatches to the subdistrict office, with a reason.
        await dispatcher.GotoAsync("/workbench/incidents?status=bounced");
        await dispatcher.ClickAsync($"#incident-list a:text('{number}')");
        await dispatcher.FillAsync("#dispatch-unit", "310101002-BSC");
        await dispatcher.ClickAsync("#do-dispatch");
        await dispatcher.Locator("#dispatch-reason-error").WaitForAsync();
        await dispatcher.FillAsync("#dispatch-unit", "310101002-BSC");
        await dispatcher.FillAsync("#dispatch-reason", "由街道督促物业整改");
        await dispatcher.ClickAsync("#do-dispatch");
        await dispatcher.Locator("#notice").WaitForAsync();
        Assert.Equal("310101002-BSC", await dispatcher.GetAttributeAsync("#incident-unit", "data-code"));

        // 4. The subdistrict office accepts and sends feedback with a photo of the result.
        var bsc = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(bsc, "unit-bsc");
        await bsc.GotoAsync($"/workbench/incidents/{number}");
        await bsc.ClickAsync("#do-accept");
        await bsc.Locator("#notice").WaitForAsync();
        await bsc.FillAsync("#feedback-text", "物业已安装新井盖");
        var png = Path.Combine(folder, "result.png");
        await File.WriteAllBytesAsync(png, Convert.FromBase64String(Ops.Png));
        await bsc.SetInputFilesAsync("#feedback-photos", png);
        await bsc.ClickAsync("#do-feedback");
        await bsc.Locator("#notice").WaitForAsync();
        Assert.Equal("handled", await bsc.GetAttributeAsync("#incident-status", "data-status"));
        Assert.Equal(1, await bsc.Locator("img[data-kind='result']").CountAsync());

        // 5. The grid inspector verifies it on the spot.
        var inspector = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(inspector, "inspector");
        await inspector.GotoAsync($"/workbench/incidents/{number}");
        await inspector.CheckAsync("#verify-pass");
        await inspector.ClickAsync("#do-verify");
        await inspector.Locator("#notice").WaitForAsync();
        Assert.Equal("verified", await inspector.GetAttributeAsync("#incident-status", "data-status"));

        // 6. The dispatcher closes it and records the caller's satisfaction from the return call.
        await dispatcher.GotoAsync($"/workbench/incidents/{number}");
        await dispatcher.ClickAsync("#do-close");
        await dispatcher.Locator("#notice").WaitForAsync();
        Assert.Equal("closed", await dispatcher.GetAttributeAsync("#incident-status", "data-status"));
        await dispatcher.SelectOptionAsync("#evaluate-satisfaction", "4");
        await dispatcher.FillAsync("#evaluate-comment", "满意，希望更快");
        await dispatcher.ClickAsync("#do-evaluate");
        await dispatcher.Locator("#incident-satisfaction").WaitForAsync();
        var steps = await dispatcher.Locator("#timeline li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)");
        Assert.Equal(["reported", "classified", "located", "registered", "dispatched", "bounced", "dispatched", "accepted", "handled", "verified", "closed", "evaluated"],
            steps.Where(s => s is not ("warning" or "supervised")));
    }

    [Fact]
    public async Task AGridInspectorReportsFromThePatrolPageAndACitizenFollowsTheirReport()
    {
        var (lon, lat) = Ops.PointIn(apps.Browser, "310101002", eastMetres: -260, northMetres: -200);
        var png = Path.Combine(folder, "scene.png");
        await File.WriteAllBytesAsync(png, Convert.FromBase64String(Ops.Png));

        var inspector = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(inspector, "inspector");
        await inspector.GotoAsync("/ops/patrol");
        await inspector.SelectOptionAsync("#patrol-category", "1201");
        await inspector.FillAsync("#patrol-text", $"电线杆上贴满小广告（{Guid.NewGuid():N}）");
        await inspector.ClickAsync("#do-patrol");
        await inspector.Locator("#patrol-photo-error").WaitForAsync();
        await inspector.FillAsync("#patrol-text", $"电线杆上贴满小广告（{Guid.NewGuid():N}）");
        await inspector.SetInputFilesAsync("#patrol-photo", png);
        await inspector.FillAsync("#patrol-lon", lon.ToString("0.000000", CultureInfo.InvariantCulture));
        await inspector.FillAsync("#patrol-lat", lat.ToString("0.000000", CultureInfo.InvariantCulture));
        await inspector.ClickAsync("#do-patrol");
        await inspector.Locator("#inspector-found").WaitForAsync();
        Assert.Equal("310101002-BSC", await inspector.GetAttributeAsync("#incident-unit", "data-code"));
        Assert.Equal(1, await inspector.Locator("img[data-kind='evidence']").CountAsync());

        var citizen = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(citizen, "citizen");
        await citizen.GotoAsync("/portal/reports");
        await citizen.FillAsync("#report-text", $"南京东路步行街的路灯晚上不亮（{Guid.NewGuid():N}）");
        await citizen.FillAsync("#report-address", "南京东路步行街");
        await citizen.ClickAsync("#do-report");
        await citizen.Locator("#report-number").WaitForAsync();
        var number = (await citizen.InnerTextAsync("#report-number")).Trim();
        await citizen.GotoAsync("/portal/reports");
        Assert.Equal(1, await citizen.Locator($"#my-reports tr[data-number='{number}']").CountAsync());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

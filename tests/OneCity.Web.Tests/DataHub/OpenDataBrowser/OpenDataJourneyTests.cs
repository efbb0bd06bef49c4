using System.Text;
using OneCity.Web.Tests.DataHub.OpenDataApi;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.OpenDataBrowser;

public sealed class OpenDataJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AVisitorSearchesOpensADatasetAndDownloadsItsCsv()
    {
        var page = await browser.NewPageAsync(apps);
        await page.GotoAsync("/open");
        await page.FillAsync("#q", "公厕");
        await page.ClickAsync("#search");
        await page.ClickAsync("#datasets a[href='/open/datasets/SH-LH-public-toilets']");
        await page.Locator("#preview tbody tr").First.WaitForAsync();
        Assert.Equal(20, await page.Locator("#preview tbody tr").CountAsync());
        Assert.Contains("公共厕所", await page.InnerTextAsync("#dataset-title"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#download-geojson").IsVisibleAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("toiletId,name,", Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AStewardIsRefusedPublishingADatasetWithPersonalFields()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "steward");
        await page.GotoAsync("/workbench/datahub?q=physicians");
        await page.ClickAsync("#datasets a[href='/workbench/datahub/datasets/SH-WJ-licensed-physicians']");
        await page.ClickAsync("#publish");
        await page.Locator("#error").WaitForAsync();
        Assert.Contains("name", await page.InnerTextAsync("#error"), StringComparison.Ordinal);
        Assert.Contains("否", await page.InnerTextAsync("#published"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACompanyAppliesAStewardApprovesAndTheCompanyDownloads()
    {
        const string code = "SH-JT-road-traffic-index";
        var company = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(company, "company");
        await company.GotoAsync($"/open/datasets/{code}");
        await company.ClickAsync("#apply-link");
        await company.FillAsync("#purpose", "出行服务应用开发");
        await company.FillAsync("#credit-code", OpenDataApiTests.CreditCode("91310000MA1K00002"));
        await company.ClickAsync("#apply-submit");
        await company.Locator("#applied-note").WaitForAsync();

        var steward = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(steward, "steward");
        await steward.GotoAsync("/workbench/datahub/agreements");
        var pending = steward.Locator("article.agreement[data-status=Pending]", new() { HasText = code });
        await pending.Locator("button.approve").ClickAsync();
        await steward.Locator("article.agreement[data-status=Approved]", new() { HasText = code }).First.WaitForAsync();
        await steward.Context.CloseAsync();

        await company.GotoAsync($"/open/datasets/{code}");
        await company.Locator("#metered-note").WaitForAsync();
        Assert.Equal(20, await company.Locator("#preview tbody tr").CountAsync());
        var download = await company.RunAndWaitForDownloadAsync(() => company.ClickAsync("#download-csv"));
        var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Contains("readingId,road,hour", text, StringComparison.Ordinal);
        await company.Context.CloseAsync();
    }
}

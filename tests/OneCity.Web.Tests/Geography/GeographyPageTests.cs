using System.Text;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Geography;

public sealed class GeographyPageTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AnAdministratorBrowsesAreasOnTheMapAndSeesSyntheticBoundariesMarked()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/geography");
        await page.Locator("#geo-map.leaflet-container").WaitForAsync();

        await page.FillAsync("#area-query", "310101");
        await page.ClickAsync("#area-search-submit");
        await page.ClickAsync("#area-results button[data-code='310101']");
        await page.Locator("#area-details[data-code='310101']").WaitForAsync();
        Assert.Equal("false", await page.GetAttributeAsync("#area-details", "data-synthetic"));
        await page.Locator("#geo-map path.leaflet-interactive").First.WaitForAsync();

        await page.FillAsync("#area-query", "外滩");
        await page.ClickAsync("#area-search-submit");
        await page.ClickAsync("#area-results button[data-code='310101013']");
        await page.Locator("#area-details[data-code='310101013']").WaitForAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#area-details", "data-synthetic"));
        Assert.Contains("合成", await page.InnerTextAsync("#area-synthetic"), StringComparison.Ordinal);
        Assert.Equal("6 4", await page.GetAttributeAsync("#geo-map path.leaflet-interactive", "stroke-dasharray"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnInvalidUploadShowsTheProblemAndChangesNothing()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/geography");
        await page.SetInputFilesAsync("#upload-file", new Microsoft.Playwright.FilePayload
        {
            Name = "broken.geojson", MimeType = "application/geo+json", Buffer = Encoding.UTF8.GetBytes("{ not json"),
        });
        await page.ClickAsync("#upload-submit");
        await page.Locator("#upload-result[data-status='400']").WaitForAsync();
        Assert.Contains("file", await page.InnerTextAsync("#upload-result"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAuditorCannotOpenTheGeographyPage()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "auditor");
        await page.GotoAsync("/workbench/geography");
        await page.Locator("#denied").WaitForAsync();
        await page.Context.CloseAsync();
    }
}

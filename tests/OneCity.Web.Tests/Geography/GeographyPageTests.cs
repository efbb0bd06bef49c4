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
    public async Task AValidUploadThroughThePageReplacesTheBoundaryAndTheMapShowsItSurveyed()
    {
        // Its own platform: an upload changes the city's geography for everyone else on the shared one.
        await using var app = new OneCityFactory(Db.Sqlite, kestrel: true);
        app.StartServer();
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/geography");
        Assert.Contains("100", await page.InnerTextAsync("#upload-rules"), StringComparison.Ordinal);
        const string file = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"310101013"},"geometry":{"type":"Polygon","coordinates":[[[121.476,31.224],[121.484,31.224],[121.484,31.230],[121.476,31.230],[121.476,31.224]]]}}]}""";
        await page.SelectOptionAsync("#upload-level", "subdistrict");
        await page.SelectOptionAsync("#upload-crs", "wgs84");
        await page.SetInputFilesAsync("#upload-file", new Microsoft.Playwright.FilePayload
        {
            Name = "waitan.geojson", MimeType = "application/geo+json", Buffer = Encoding.UTF8.GetBytes(file),
        });
        await page.ClickAsync("#upload-submit");
        await page.Locator("#upload-result[data-status='200']").WaitForAsync(new() { Timeout = 120_000 });
        var result = await page.InnerTextAsync("#upload-result");
        Assert.Contains("\"310101013\"", result, StringComparison.Ordinal);
        Assert.Contains("\"level\": \"subdistrict\"", result, StringComparison.Ordinal);

        // The area browser now shows it as surveyed, drawn solid, with the upload as its source.
        await page.FillAsync("#area-query", "310101013");
        await page.ClickAsync("#area-search-submit");
        await page.ClickAsync("#area-results button[data-code='310101013']");
        await page.Locator("#area-details[data-code='310101013']").WaitForAsync();
        Assert.Equal("false", await page.GetAttributeAsync("#area-details", "data-synthetic"));
        Assert.StartsWith("uploaded waitan.geojson", await page.InnerTextAsync("#area-source"), StringComparison.Ordinal);
        Assert.Null(await page.GetAttributeAsync("#geo-map path.leaflet-interactive", "stroke-dasharray"));
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

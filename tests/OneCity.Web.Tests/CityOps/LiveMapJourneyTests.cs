using System.Net;
using System.Net.Http.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>The operations centre's live map: area polygons without a tile server, KPI panels, and a new report arriving over SignalR.</summary>
public sealed class LiveMapJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task TheMapDrawsTheDistrictsAndANewReportAppearsLive()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "dispatcher-hp");
        await page.GotoAsync("/ops/map");
        await page.Locator("#live-status[data-state='live']").WaitForAsync();
        Assert.True(await page.Locator("#ops-map path.leaflet-interactive").CountAsync() > 1, "the district's subdistricts are drawn");
        Assert.Equal(0, await page.Locator("#ops-map img.leaflet-tile").CountAsync());
        // Huangpu's subdistricts have generated boundaries: dashed, said so in the tooltip, and explained in the legend.
        var synthetic = page.Locator("#ops-map path.area-synthetic");
        Assert.Equal(10, await synthetic.CountAsync());
        Assert.Equal("10", await page.GetAttributeAsync("#ops-root", "data-synthetic-areas"));
        Assert.Equal("6 4", await synthetic.First.GetAttributeAsync("stroke-dasharray"));
        Assert.True(await page.Locator("#legend-synthetic").IsVisibleAsync());
        Assert.Contains("示意边界 (synthetic)", await page.InnerTextAsync("#legend-synthetic"), StringComparison.Ordinal);
        await synthetic.First.DispatchEventAsync("mouseover");
        Assert.Contains("示意边界 (synthetic)", await page.Locator(".leaflet-tooltip").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#kpi-open").WaitForAsync();
        Assert.Equal(1, await page.Locator("#chart-areas canvas").CountAsync());

        // A report in the district arrives while the page is open.
        var dispatcher = await apps.ClientAs(Db.Sqlite, "dispatcher");
        var (lon, lat) = Ops.PointIn(apps.Browser, "310101002", eastMetres: 120, northMetres: 240);
        var created = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new
        {
            text = "步行街中段一棵行道树被风吹歪了，枝条挡住路", categoryCode = "0401", callerPhone = "13500135000", longitude = lon, latitude = lat,
        }), HttpStatusCode.Created);
        var number = created.GetProperty("number").GetString()!;
        await page.WaitForFunctionAsync($"() => (document.getElementById('ops-root').dataset.received || '').split(' ').includes('{number}')");
        Assert.Equal(1, await page.Locator($"#ops-map [data-number='{number}']").CountAsync());

        // Another district's dispatcher would not be allowed this district's map data.
        var (_, name) = await Organisation.Accounts.CreateAsync(apps, Db.Sqlite, OneCity.Platform.Organisation.Roles.Dispatcher, "310104-CY", "310104");
        var other = await apps.ClientAs(Db.Sqlite, name, Organisation.Accounts.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/cityops/map?area=310101")).StatusCode);
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Metrics;

public sealed class BundleMetricsJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task ThePublicMetricsPageShowsWhatTheNewbornBundleSaves()
    {
        var api = await apps.Client(Db.Sqlite).GetFromJsonAsync<JsonElement>("/api/bundles/newborn/metrics");
        var page = await browser.NewPageAsync(apps);
        await page.GotoAsync("/open/bundle-metrics");
        var newborn = page.Locator("#metrics-newborn");
        await newborn.WaitForAsync();
        Assert.Contains("出生", await newborn.Locator("h2").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var (row, name) in new[] { ("materials", "materials"), ("uploads", "uploads"), ("trips", "trips"), ("forms", "forms"), ("days", "days"), ("days-statutory", "daysStatutory") })
        {
            var m = api.GetProperty(name);
            var cells = newborn.Locator($"tr[data-measure={row}]");
            Assert.StartsWith(m.GetProperty("bundle").GetInt32().ToString(CultureInfo.InvariantCulture), (await cells.Locator(".bundle").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.StartsWith(m.GetProperty("separate").GetInt32().ToString(CultureInfo.InvariantCulture), (await cells.Locator(".separate").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.Equal(m.GetProperty("reductionPercent").GetDecimal().ToString("0.#", CultureInfo.InvariantCulture) + "%", (await cells.Locator(".reduction").InnerTextAsync()).Trim());
        }

        Assert.Equal("1 次", (await newborn.Locator("tr[data-measure=trips] .bundle").InnerTextAsync()).Trim());
        await page.ClickAsync("#lang-switch");
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Contains("Trips", await page.Locator("#metrics-newborn tr[data-measure=trips] th").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}

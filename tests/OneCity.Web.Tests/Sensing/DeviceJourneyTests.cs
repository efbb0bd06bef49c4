using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing;

/// <summary>The operations centre's sensor pages: a gauge crosses its alarm threshold, the dispatcher sees it and opens its chart.</summary>
public sealed class DeviceJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task ADispatcherSeesAnAlarmingGaugeAndItsReadingsChart()
    {
        var app = apps.Browser;
        var admin = await apps.ClientAs(Db.Sqlite, "admin");
        var device = await Sense.RegisterAsync(app, admin, "water-level", "310101002", eastMetres: -300);
        var now = DateTimeOffset.UtcNow;
        await Sense.SendAsync(Sense.Gateway(app),
            new { deviceId = device, ts = Sense.Iso(now.AddMinutes(-20)), value = 3.1 },
            new { deviceId = device, ts = Sense.Iso(now.AddMinutes(-15)), value = 3.6 },
            new { deviceId = device, ts = Sense.Iso(now.AddMinutes(-10)), value = 4.2 },
            new { deviceId = device, ts = Sense.Iso(now.AddMinutes(-5)), value = 4.6 });
        await Sense.SettleAsync(app);

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "dispatcher-hp");
        await page.GotoAsync("/ops/devices?status=alarm");
        var row = page.Locator($"#devices tr[data-device='{device}']");
        await row.WaitForAsync();
        Assert.Contains("4.6", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#open-alarms tr[data-alarm]").CountAsync() >= 1);

        await row.Locator("a").First.ClickAsync();
        await page.Locator("#device-status[data-status='alarm']").WaitForAsync();
        await page.WaitForFunctionAsync("() => Number(document.getElementById('chart-root').dataset.points || 0) === 4");
        Assert.Equal(1, await page.Locator("#device-chart canvas").CountAsync());
        Assert.True(await page.Locator("#device-alarms tr[data-alarm]").CountAsync() >= 2, "the warning and the alarm");
        Assert.Contains("SJ", await page.Locator("#device-alarms").InnerTextAsync(), StringComparison.Ordinal);

        // The hourly view reads the roll-ups.
        await Sense.FlushAsync(app);
        await page.Locator("button[data-resolution='1h']").ClickAsync();
        await page.WaitForFunctionAsync("() => Number(document.getElementById('chart-root').dataset.points || 0) >= 1 && document.getElementById('chart-summary').textContent.includes('1h')");

        // The district's vital signs show the water level in alarm.
        await page.GotoAsync("/ops/vitals?area=310101");
        await page.Locator("#vital-cards [data-indicator='max-water-level'][data-level='alarm']").WaitForAsync();

        // In English the page speaks English.
        await page.GotoAsync($"/culture/en?returnUrl=/ops/devices/{device}");
        await page.Locator("#device-title").WaitForAsync();
        Assert.Contains("Alarm", await page.Locator("#device-status").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}

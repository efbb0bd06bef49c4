using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Platform.Hosting;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing.Replay;

/// <summary>In the browser: the commander starts the typhoon replay on /ops/replay, follows it, and reads its report in Chinese and English.</summary>
public sealed class ReplayJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheCommanderRunsTheReplayAndReadsItsReport()
    {
        var clock = new ExerciseClock(new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using var app = new OneCityFactory(Db.Sqlite, kestrel: true, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.LoginAsync(page, "commander");
        await page.GotoAsync("/ops/replay");
        Assert.Equal("台风演练复盘 · 烟花（2021）", (await page.Locator("#replay-title").TextContentAsync())?.Trim());
        Assert.Equal(0, await page.Locator("#replay-report").CountAsync());
        await page.SelectOptionAsync("#replay-speed", "0");
        await page.SelectOptionAsync("#replay-step", "30");
        await page.ClickAsync("#replay-submit");

        // The page follows the run and lands on its report.
        try
        {
            await page.Locator("#replay-report").WaitForAsync(new() { Timeout = 300_000 });
        }
        catch (TimeoutException)
        {
            var main = await page.Locator("main").InnerTextAsync();
            var runner = app.Services.GetRequiredService<OneCity.Sensing.Replay.ReplayRunner>();
            Assert.Fail($"No report at {page.Url}: {runner.Current?.Status} {runner.Current?.Exception} {runner.Progress} {main[..Math.Min(300, main.Length)]}");
        }
        Assert.Equal("蓝色 → 黄色 → 橙色 → 黄色 → 蓝色", (await page.Locator("#report-warnings").TextContentAsync())?.Trim());
        Assert.Equal("II", (await page.Locator("#report-level").TextContentAsync())?.Trim());
        Assert.True(int.Parse((await page.Locator("#report-incidents").TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(await page.Locator("#replay-timeline tr[data-kind='activation']").CountAsync() >= 1);
        Assert.True(await page.Locator("#replay-timeline tr[data-kind='deactivation']").CountAsync() >= 1);
        Assert.True(await page.Locator("#replay-tasks tbody tr").CountAsync() >= 10);
        var water = page.Locator("#replay-forecasts tr[data-type='water-level']");
        Assert.NotEqual("–", (await water.Locator(".precision").TextContentAsync())?.Trim());
        Assert.Contains("finished", await page.Locator("#replay-runs tr[data-run]").First.GetAttributeAsync("data-status"), StringComparison.Ordinal);

        // The vital signs page of the operations centre has seen the storm.
        await page.GotoAsync("/ops/vitals");
        await page.Locator("#vital-cards [data-indicator='max-water-level']").WaitForAsync();

        // The same report in English.
        await page.GotoAsync("/culture/en?returnUrl=/ops/replay");
        await page.Locator("#replay-report").WaitForAsync();
        Assert.Equal("blue → yellow → orange → yellow → blue", (await page.Locator("#report-warnings").TextContentAsync())?.Trim());
        Assert.Contains("typhoon warning", await page.Locator("#replay-timeline tr[data-kind='warning']").First.TextContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}

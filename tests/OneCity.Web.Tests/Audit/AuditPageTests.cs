using Microsoft.Playwright;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Audit;

public sealed class AuditPageTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AnAuditorFiltersTheLedgerAndVerifiesTheChain()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "auditor");
        await page.GotoAsync("/workbench/audit");
        await page.Locator("#audit-entries").WaitForAsync();

        await page.FillAsync("#f-actor", "auditor");
        await page.FillAsync("#f-action", "auth.signed-in");
        await page.ClickAsync("#filter-submit");
        await page.WaitForURLAsync(url => url.Contains("actor=auditor", StringComparison.Ordinal));
        var rows = page.Locator("#audit-entries tbody tr");
        await rows.First.WaitForAsync();
        Assert.True(await rows.CountAsync() >= 1);
        foreach (var action in await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.action)"))
        {
            Assert.Equal("auth.signed-in", action);
        }

        await page.ClickAsync("#verify-chain");
        var result = page.Locator("#verify-result [data-ok]");
        await result.WaitForAsync();
        Assert.Equal("true", await result.GetAttributeAsync("data-ok"));
        Assert.Contains("日志链完整", await result.InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADispatcherCannotOpenTheAuditPage()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "dispatcher");
        await page.GotoAsync("/workbench/audit");
        await page.Locator("#denied").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCalendarPageShowsNationalDay2025()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/calendar?year=2025");
        Assert.Equal("cal-holiday", await page.GetAttributeAsync("td[data-date='2025-10-01']", "class"));
        Assert.Equal("cal-adjusted", await page.GetAttributeAsync("td[data-date='2025-09-28']", "class"));
        Assert.Equal("cal-workday", await page.GetAttributeAsync("td[data-date='2025-10-09']", "class"));
        await page.Locator("#calendar-upload").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Context.CloseAsync();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Audit;

public sealed class AuditPageTests(Apps apps, BrowserFixture browser)
{
    // Two cores shared with parallel test apps starting up: allow for a slow first render.
    private static readonly PageGotoOptions Slow = new() { Timeout = 60_000, WaitUntil = WaitUntilState.DOMContentLoaded };

    [Fact]
    public async Task AnAuditorFiltersTheLedgerAndVerifiesTheChain()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "auditor");
        await page.GotoAsync("/workbench/audit", Slow);
        await page.Locator("#audit-entries").WaitForAsync(new() { Timeout = 60_000 });

        await page.FillAsync("#f-actor", "auditor");
        await page.FillAsync("#f-action", "auth.signed-in");
        // htmx swaps the results in place (or the browser submits the form without it): wait for the filtered rows either way.
        await page.ClickAsync("#filter-submit");
        await page.WaitForFunctionAsync(
            "() => { const rs = [...document.querySelectorAll('#audit-entries tbody tr')]; return rs.length > 0 && rs.every(r => r.dataset.action === 'auth.signed-in'); }",
            null,
            new() { Timeout = 60_000 });
        var rows = page.Locator("#audit-entries tbody tr");
        foreach (var action in await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.action)"))
        {
            Assert.Equal("auth.signed-in", action);
        }

        await page.ClickAsync("#verify-chain");
        var result = page.Locator("#verify-result [data-ok]");
        await result.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("true", await result.GetAttributeAsync("data-ok"));
        Assert.Contains("日志链完整", await result.InnerTextAsync(), StringComparison.Ordinal);
        // Where the signed checkpoints end, and how many entries after that rely on the hash chain alone.
        var signed = page.Locator("#verify-result #verify-signed");
        Assert.NotNull(await signed.GetAttributeAsync("data-unsigned"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAuditorFiltersTheLedgerByRole()
    {
        // An entry by a commander, appended as a request would (sign-in entries carry no role).
        var commander = new CurrentUser("u-commander", "commander-t", "commander-t", [Roles.Commander], "SH-CSYX", "310000", null);
        long seq;
        using (var scope = apps.Browser.Services.CreateScope())
        {
            seq = await scope.ServiceProvider.GetRequiredService<AuditLedger>().AppendAsync(commander, new AuditRecord("test.role-filter", "incident", "page"));
        }

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "auditor");
        await page.GotoAsync("/workbench/audit", Slow);
        await page.Locator("#audit-entries").WaitForAsync(new() { Timeout = 60_000 });
        await page.SelectOptionAsync("#f-role", Roles.Commander);
        await page.ClickAsync("#filter-submit");
        await page.WaitForFunctionAsync(
            "() => { const rs = [...document.querySelectorAll('#audit-entries tbody tr')]; return rs.length > 0 && rs.every(r => r.dataset.role === 'commander'); }",
            null,
            new() { Timeout = 60_000 });
        Assert.Equal(1, await page.Locator($"#audit-entries tbody tr[data-seq='{seq}']").CountAsync());
        Assert.Equal(Roles.Commander, await page.InputValueAsync("#f-role"));
        Assert.True(long.Parse(await page.GetAttributeAsync("#audit-total", "data-total") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADispatcherCannotOpenTheAuditPage()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "dispatcher");
        await page.GotoAsync("/workbench/audit", Slow);
        await page.Locator("#denied").WaitForAsync(new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCalendarPageShowsNationalDay2025()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/calendar?year=2025", Slow);
        Assert.Equal("cal-holiday", await page.GetAttributeAsync("td[data-date='2025-10-01']", "class"));
        Assert.Equal("cal-adjusted", await page.GetAttributeAsync("td[data-date='2025-09-28']", "class"));
        Assert.Equal("cal-workday", await page.GetAttributeAsync("td[data-date='2025-10-09']", "class"));
        await page.Locator("#calendar-upload").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdministratorLoadsAYearThroughThePageAndAPlaceholderIsRefused()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/calendar?year=2096", Slow);
        await page.Locator("#calendar-missing").WaitForAsync(new() { Timeout = 60_000 });

        // The empty next-year file holiday-cn publishes before the notice: refused, naming the field; the year stays unloaded.
        await page.SetInputFilesAsync("#calendar-file", new FilePayload
        {
            Name = "2096.json", MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes("""{"year":2096,"papers":[],"days":[]}"""),
        });
        await BrowserFixture.ClickToNextPageAsync(page, page.Locator("#calendar-upload-submit"));
        var error = page.Locator("[data-field-error]").First;
        await error.WaitForAsync(new() { Timeout = 60_000 });
        Assert.StartsWith("days:", await error.InnerTextAsync());
        Assert.Equal(1, await page.Locator("#calendar-missing").CountAsync());

        await page.SetInputFilesAsync("#calendar-file", new FilePayload
        {
            Name = "2096.json", MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes("""
                {"year":2096,"papers":["test notice"],"days":[
                  {"name":"元旦","date":"2096-01-01","isOffDay":true},
                  {"name":"劳动节","date":"2096-05-01","isOffDay":true},
                  {"name":"劳动节","date":"2096-04-28","isOffDay":false}]}
                """),
        });
        await BrowserFixture.ClickToNextPageAsync(page, page.Locator("#calendar-upload-submit"));
        await page.Locator("#upload-ok").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("cal-holiday", await page.GetAttributeAsync("td[data-date='2096-05-01']", "class"));
        Assert.Equal("cal-adjusted", await page.GetAttributeAsync("td[data-date='2096-04-28']", "class"));
        Assert.Equal("cal-workday", await page.GetAttributeAsync("td[data-date='2096-05-02']", "class"));
        await page.Context.CloseAsync();
    }
}

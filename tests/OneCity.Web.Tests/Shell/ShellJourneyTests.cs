using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Shell;

public sealed class ShellJourneyTests(Apps apps, BrowserFixture browser)
{
    [Theory]
    [InlineData("citizen", new[] { "portal" }, new[] { "messages", "services", "applications", "data-tracker", "open-data", "offers", "bundle-metrics", "my-reports", "security" })]
    [InlineData("clerk", new[] { "workbench" }, new[] { "counter", "registries", "catalogue", "calendar", "staff-messages", "security" })]
    [InlineData("auditor", new[] { "workbench" }, new[] { "audit", "calendar", "registries", "catalogue", "staff-messages", "security" })]
    [InlineData("dispatcher", new[] { "workbench", "ops" }, new[] { "ops-map", "ops-vitals", "ops-devices", "ops-emergency", "ops-replay", "ops-hotline", "ops-incidents", "ops-rules", "ops-calendar", "security" })]
    [InlineData("reviewer-wj", new[] { "workbench" }, new[] { "queue", "catalogue", "sharing", "registries", "calendar", "rectifications", "work-orders", "emergency-tasks", "staff-messages", "security" })]
    [InlineData("deptadmin", new[] { "workbench" }, new[] { "queue", "catalogue", "sharing", "users", "calendar", "rectifications", "bundle-admin", "work-orders", "emergency-tasks", "staff-messages", "security" })]
    [InlineData("admin", new[] { "workbench", "ops" }, new[] { "audit", "calendar", "geography", "users", "objections", "catalogue", "sharing", "clients", "bundle-admin", "staff-messages", "outbox", "security" })]
    public async Task TheNavAndCardsShowOnlyWhatTheRoleMayUse(string user, string[] entrances, string[] cards)
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, user);
        await page.Locator("#entrance-title").WaitForAsync();
        var nav = await page.Locator("#nav-items a[data-entrance]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.entrance)");
        Assert.Equal(entrances, nav);
        var shown = await page.Locator(".cards article").EvaluateAllAsync<string[]>("els => els.map(e => e.id.substring(5))");
        Assert.Equal(cards.Order(), shown.Order());
        Assert.True(await page.Locator("#identity-jurisdiction").IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheLandingPageShowsDepartmentAndJurisdiction()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "clerk");
        Assert.Equal("310101-XZFW", await page.GetAttributeAsync("#identity-department", "data-code"));
        Assert.Contains("黄浦区", await page.InnerTextAsync("#identity-jurisdiction"), StringComparison.Ordinal);
        Assert.Contains("窗口工作人员", await page.InnerTextAsync("#identity-roles"), StringComparison.Ordinal);
        await page.GotoAsync("/culture/en?returnUrl=/workbench");
        Assert.Contains("Huangpu", await page.InnerTextAsync("#identity-jurisdiction"), StringComparison.Ordinal);
        Assert.Contains("Counter clerk", await page.InnerTextAsync("#identity-roles"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnAPhoneTheMenuOpensAndLeadsToTheEntrance()
    {
        var b = await browser.GetAsync();
        var context = await b.NewContextAsync(new()
        {
            BaseURL = BrowserFixture.BaseUrl(apps.Browser), Locale = "zh-CN",
            ViewportSize = new() { Width = 375, Height = 740 }, IsMobile = true, HasTouch = true,
        });
        context.SetDefaultTimeout(15000);
        var page = await context.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "auditor");
        await page.Locator("#entrance-title").WaitForAsync();

        // Collapsed: the menu button is visible, the links are not; nothing overflows sideways.
        Assert.True(await page.Locator("#nav-toggle").IsVisibleAsync());
        Assert.False(await page.Locator("#nav-items a[data-entrance=workbench]").IsVisibleAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));

        await page.ClickAsync("#nav-toggle");
        Assert.Equal("true", await page.GetAttributeAsync("#nav-toggle", "aria-expanded"));
        var link = page.Locator("#nav-items a[data-entrance=workbench]");
        Assert.True(await link.IsVisibleAsync());
        var box = await link.BoundingBoxAsync();
        Assert.True(box!.Height >= 24, $"tap target only {box.Height}px high");
        await page.ClickAsync("#nav-toggle");
        Assert.False(await link.IsVisibleAsync());

        await page.ClickAsync("#nav-toggle");
        await page.ClickAsync("#lang-switch");
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal("Menu", (await page.InnerTextAsync("#nav-toggle")).Trim());
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheSkipLinkMovesFocusToTheContent()
    {
        var page = await browser.NewPageAsync(apps);
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        Assert.True(await page.Locator(".skip-link").IsVisibleAsync());
        await page.Keyboard.PressAsync("Enter");
        // Following a fragment link is a same-document navigation that completes after the key press returns.
        await page.WaitForFunctionAsync("() => location.hash === '#main'");
        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("main").CountAsync());
        Assert.Equal(1, await page.Locator("header nav[aria-label]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnUnknownPageIsAFriendly404InBothLanguages()
    {
        var page = await browser.NewPageAsync(apps);
        var response = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, response!.Status);
        Assert.Equal("页面不存在", (await page.InnerTextAsync("#error-title")).Trim());
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));

        await page.ClickAsync("#lang-switch");
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal("Page not found", (await page.InnerTextAsync("#error-title")).Trim());
        Assert.Contains("/no/such/page", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AStaffPageForACitizenIsTheDeniedPage()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/workbench/admin/users");
        await page.Locator("#denied").WaitForAsync();
        await page.Context.CloseAsync();
    }
}

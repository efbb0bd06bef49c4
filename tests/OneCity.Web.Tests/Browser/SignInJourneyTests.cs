using OneCity.Web.Tests.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Browser;

public sealed class SignInJourneyTests(Apps apps, BrowserFixture browser)
{
    [Theory]
    [InlineData("citizen", "portal")]
    [InlineData("dispatcher", "ops")]
    [InlineData("auditor", "workbench")]
    [InlineData("admin", "workbench")]
    public async Task EachDemoAccountLandsOnItsEntrance(string user, string entrance)
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, user);
        var title = page.Locator("#entrance-title");
        await title.WaitForAsync();
        Assert.Equal(entrance, await title.GetAttributeAsync("data-entrance"));
        Assert.Contains("/" + entrance, page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheUiSwitchesToEnglishAndBack()
    {
        var page = await browser.NewPageAsync(apps);
        await page.GotoAsync("/");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("市民门户", await page.InnerTextAsync("#entrance-portal h2"), StringComparison.Ordinal);
        await page.ClickAsync("#lang-switch");
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal("Citizen portal", (await page.InnerTextAsync("#entrance-portal h2")).Trim());
        await BrowserFixture.LoginAsync(page, "citizen");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await page.ClickAsync("#lang-switch");
        await page.WaitForSelectorAsync("html[lang=zh-CN]");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AWrongPasswordShowsAnError()
    {
        var (_, name) = await Accounts.CreateAsync(apps, Db.Sqlite);
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, name, "wrong-Password-1");
        Assert.Contains("错误", await page.InnerTextAsync("#login-error"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACitizenCannotOpenTheWorkbench()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/workbench");
        await page.Locator("#denied").WaitForAsync();
        await page.Context.CloseAsync();
    }
}

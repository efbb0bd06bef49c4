using OneCity.Web.Tests.Infrastructure;
using OneCity.Web.Tests.Organisation;

namespace OneCity.Web.Tests.Account;

public sealed class TwoFactorJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AStaffMemberTurnsOnTheAuthenticatorAndSignsInWithACode()
    {
        var (_, name) = await Accounts.CreateAsync(apps, Db.Sqlite, prefix: "tfa");
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, name, Accounts.Password);
        await page.GotoAsync("/account/security");
        Assert.Equal("false", await page.GetAttributeAsync("#two-factor-status", "data-enabled"));

        await page.ClickAsync("#setup-2fa");
        var key = (await page.GetAttributeAsync("#shared-key", "data-key"))!;
        Assert.Equal(1, await page.Locator("#qr svg").CountAsync());

        await page.FillAsync("#two-factor-code", "000000" == Totp.Code(key) ? "111111" : "000000");
        await page.ClickAsync("#enable-2fa");
        await page.Locator("#two-factor-errors").WaitForAsync();

        await page.FillAsync("#two-factor-code", Totp.Code(key));
        await page.ClickAsync("#enable-2fa");
        var codes = await page.Locator("#recovery-codes li").AllInnerTextsAsync();
        Assert.Equal(10, codes.Count);
        Assert.Equal("true", await page.GetAttributeAsync("#two-factor-status", "data-enabled"));

        await page.ClickAsync("#logout");
        await BrowserFixture.LoginAsync(page, name, Accounts.Password);
        await page.WaitForURLAsync("**/account/login-2fa**");
        await page.FillAsync("#code", "12345x");
        await page.ClickAsync("#two-factor-submit");
        await page.Locator("#two-factor-error").WaitForAsync();
        await page.FillAsync("#code", Totp.Code(key));
        await page.ClickAsync("#two-factor-submit");
        await page.Locator("#entrance-title[data-entrance=workbench]").WaitForAsync();

        // A recovery code works once instead of the app.
        await page.ClickAsync("#logout");
        await BrowserFixture.LoginAsync(page, name, Accounts.Password);
        await page.WaitForURLAsync("**/account/login-2fa**");
        await page.FillAsync("#code", codes[0].Trim());
        await page.ClickAsync("#two-factor-submit");
        await page.Locator("#entrance-title").WaitForAsync();

        await page.GotoAsync("/account/security");
        Assert.Equal("9", (await page.InnerTextAsync("#recovery-left")).Trim());
        await page.FillAsync("#disable-password", Accounts.Password);
        await page.ClickAsync("#disable-2fa");
        Assert.Equal("false", await page.GetAttributeAsync("#two-factor-status", "data-enabled"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACitizenIsNotOfferedTheAuthenticator()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/account/security");
        await page.Locator("#two-factor-staff-only").WaitForAsync();
        Assert.Equal(0, await page.Locator("#setup-2fa").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task APasswordChangeChecksTheRulesAndTheNewPasswordWorks()
    {
        var (_, name) = await Accounts.CreateAsync(apps, Db.Sqlite, prefix: "pw");
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, name, Accounts.Password);
        await page.GotoAsync("/account/security");
        await page.FillAsync("#current-password", Accounts.Password);
        await page.FillAsync("#new-password", "weakweakweak");
        await page.FillAsync("#confirm-password", "weakweakweak");
        await page.ClickAsync("#change-password");
        await page.Locator("#password-errors").WaitForAsync();

        await page.FillAsync("#current-password", Accounts.Password);
        await page.FillAsync("#new-password", "Another-Passw0rd!");
        await page.FillAsync("#confirm-password", "Another-Passw0rd!");
        await page.ClickAsync("#change-password");
        await page.Locator("#security-notice").WaitForAsync();

        await page.ClickAsync("#logout");
        await BrowserFixture.LoginAsync(page, name, "Another-Passw0rd!");
        await page.Locator("#entrance-title").WaitForAsync();
        await page.Context.CloseAsync();
    }
}

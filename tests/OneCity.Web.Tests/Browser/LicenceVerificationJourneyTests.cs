using Microsoft.Playwright;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Browser;

public sealed class LicenceVerificationJourneyTests(Apps apps, BrowserFixture browser)
{
    private static readonly PageGotoOptions Slow = new() { Timeout = 60_000, WaitUntil = WaitUntilState.DOMContentLoaded };

    [Fact]
    public async Task ACitizenOpensTheVerificationOfTheirLicenceFromThePortal()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/portal", Slow);
        var licence = page.Locator("#my-licences article.licence[data-type='marriage-certificate']").First;
        await licence.WaitForAsync(new() { Timeout = 60_000 });
        var qr = licence.Locator("img");
        Assert.Matches(@"^/verify/EL\w+/qr\.svg$", await qr.GetAttributeAsync("src"));
        // The QR code is a separate, lazily loaded request: bring it into view, then wait until the browser has
        // finished loading (or failing) it.
        await qr.ScrollIntoViewIfNeededAsync();
        await qr.EvaluateAsync("img => img.complete ? null : new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })");
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));

        await licence.Locator("a.verify-link").ClickAsync();
        await page.Locator("#verdict").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Matches(@"/verify/EL\w+$", page.Url);
        await AssertGenuineAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnyoneOpeningTheVerificationAddressSeesAGenuineLicenceAndItsQrCode()
    {
        var page = await browser.NewPageAsync(apps);
        var response = await page.GotoAsync("/verify/EL00000001", Slow);
        Assert.Equal(200, response!.Status);
        await AssertGenuineAsync(page);
        Assert.Contains("居民户口簿", await page.InnerTextAsync("#licence-type"), StringComparison.Ordinal);
        Assert.Contains("*", await page.InnerTextAsync("#licence-holder"), StringComparison.Ordinal);

        // The English switch keeps the visitor on the page.
        await page.ClickAsync("#lang-switch");
        await page.Locator("#verdict-headline").WaitForAsync();
        Assert.Equal("Genuine and valid", (await page.InnerTextAsync("#verdict-headline")).Trim());
        Assert.Contains("Household registration booklet", await page.InnerTextAsync("#licence-type"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private static async Task AssertGenuineAsync(IPage page)
    {
        Assert.Equal("genuine", await page.GetAttributeAsync("#verdict", "data-verdict"));
        Assert.Equal("真实有效", (await page.InnerTextAsync("#verdict-headline")).Trim());
        var svg = page.Locator("#licence-qr svg");
        Assert.Equal(1, await svg.CountAsync());
        Assert.True(await svg.IsVisibleAsync());
        Assert.True(await page.Locator("#licence-qr svg path, #licence-qr svg rect").CountAsync() > 0);
    }
}

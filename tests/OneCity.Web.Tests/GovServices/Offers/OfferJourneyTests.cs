using Microsoft.Extensions.DependencyInjection;
using OneCity.GovServices.Offers;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Offers;

public sealed class OfferJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AResidentSeesWhyTheyAreOfferedTheAllowanceAndConfirmsIt()
    {
        var app = apps.Browser;
        var elder = await OfferTestData.FindAsync(app, "310105", p => p.Age >= 66 && p.HukouDistrictCode.StartsWith("31", StringComparison.Ordinal));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The scan job's method, called directly over the resident's neighbourhood.
            var result = await scope.ServiceProvider.GetRequiredService<OfferScanner>().ScanAsync(CurrentUser.System, elder.ResidenceAreaCode, CancellationToken.None);
            Assert.True(result.Matched >= 1);
        }

        var user = await OfferTestData.AccountAsync(app, elder.Id);
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, user, OfferTestData.Password);
        await page.GotoAsync("/portal");
        await page.Locator("#card-offers").WaitForAsync();
        await page.GotoAsync("/portal/offers");
        var offer = page.Locator("article.offer[data-rule=elderly-allowance]");
        await offer.WaitForAsync();
        Assert.Equal("Offered", await offer.GetAttributeAsync("data-status"));
        var reason = await offer.Locator(".offer-reason").InnerTextAsync();
        Assert.Contains($"现年{elder.Age}周岁", reason, StringComparison.Ordinal);
        Assert.Contains("老年综合津贴", await offer.Locator(".offer-name").InnerTextAsync(), StringComparison.Ordinal);

        await offer.Locator("button.confirm").ClickAsync();
        await page.Locator("#offer-done").WaitForAsync();
        var confirmed = page.Locator("article.offer[data-rule=elderly-allowance]");
        Assert.Equal("Confirmed", await confirmed.GetAttributeAsync("data-status"));
        Assert.Contains("起始日期", await confirmed.Locator(".offer-grant").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await confirmed.Locator("button.confirm").CountAsync());

        await page.ClickAsync("#lang-switch");
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Contains("Senior citizens' comprehensive allowance", await page.Locator("article.offer[data-rule=elderly-allowance] .offer-name").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("65 or older", await page.Locator("article.offer[data-rule=elderly-allowance] .offer-reason").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}

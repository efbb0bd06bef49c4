using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Browser;

public sealed class RegistryJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AClerkFindsAResidentMaskedAndRevealsTheIdentityNumberWithAPurpose()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "clerk");
        await page.GotoAsync("/workbench/registries");
        await page.FillAsync("#q", "P00000001");
        await page.ClickAsync("#search");
        await page.Locator("#people tbody tr").First.WaitForAsync();
        Assert.Contains("张*", await page.InnerTextAsync("#people"), StringComparison.Ordinal);

        await page.ClickAsync("#people a[href='/workbench/registries/people/P00000001']");
        await page.Locator("#person-name").WaitForAsync();
        Assert.Matches(@"^3101\*{10}\d{3}[\dX]$", (await page.InnerTextAsync("#id-number")).Trim());
        Assert.True(await page.Locator("#synthetic-note").IsVisibleAsync());

        // Without a purpose the form says what is missing and shows nothing more.
        await page.ClickAsync("#reveal-toggle");
        await page.CheckAsync("input[name=Fields][value=idNumber]");
        await page.ClickAsync("#reveal-submit");
        await page.Locator("p.error").First.WaitForAsync();
        Assert.Contains("*", await page.InnerTextAsync("#id-number"), StringComparison.Ordinal);

        await page.CheckAsync("input[name=Fields][value=idNumber]");
        await page.FillAsync("#purpose", "窗口核验身份");
        await page.ClickAsync("#reveal-submit");
        await page.Locator("#revealed-note").WaitForAsync();
        Assert.Matches(@"^310101\d{11}[\dX]$", (await page.InnerTextAsync("#id-number")).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACitizenReadsTheirMessages()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        for (var i = 0; i < 30; i++)
        {
            await page.GotoAsync("/portal/messages");
            if (await page.Locator("#messages article").CountAsync() > 0)
            {
                break;
            }

            await Task.Delay(300);
        }

        Assert.Contains("欢迎", await page.InnerTextAsync("#messages"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACitizenCannotOpenTheRegistries()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        var response = await page.GotoAsync("/workbench/registries");
        Assert.True(response!.Status is 403 || page.Url.Contains("/account/denied", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }
}

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
    public async Task AClerkFindsTheDemoCompanyInTheLegalEntityRegistry()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "clerk");
        await page.GotoAsync("/workbench/registries");
        await BrowserFixture.ClickToNextPageAsync(page, page.Locator("#to-entities"));
        await page.FillAsync("#entity-q", OneCity.Platform.Registries.DemoResidents.DemoCompanyCreditCode.ToLowerInvariant());
        await BrowserFixture.ClickToNextPageAsync(page, page.Locator("#entity-search"));
        var link = page.Locator($"#entities a[href='?code={OneCity.Platform.Registries.DemoResidents.DemoCompanyCreditCode}']");
        await BrowserFixture.ClickToNextPageAsync(page, link);

        await page.Locator("#entity").WaitForAsync();
        Assert.Equal(OneCity.Platform.Registries.DemoResidents.DemoCompanyCreditCode, (await page.InnerTextAsync("#entity-code")).Trim());
        // The representative (刘洋) is masked and leads to the population registry, where more needs a purpose.
        Assert.Equal("刘*", (await page.InnerTextAsync("#entity-representative")).Trim());
        Assert.Equal($"/workbench/registries/people/{OneCity.Platform.Registries.DemoResidents.CompanyRepresentativePersonId}",
            await page.GetAttributeAsync("#entity-representative a", "href"));
        Assert.Contains(OneCity.Platform.Registries.DemoResidents.DemoCompanyCreditCode, await page.InnerTextAsync("#entity-licences"), StringComparison.Ordinal);

        // An unknown code is a clear 404 on the page, not an empty record.
        var missing = await page.GotoAsync("/workbench/registries/entities?code=91310101MA1QC9999X");
        Assert.Equal(404, missing!.Status);
        await page.Locator("#entity-error").WaitForAsync();
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

using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Sharing;

public sealed class SharingJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task ADepartmentRequestsAndTheStewardApprovesNarrowed()
    {
        var purpose = SharingHelpers.Purpose("browser");
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "deptadmin");
        await page.GotoAsync("/workbench/datahub/sharing");
        // The demo catalogue lists many datasets; pick population once the list has loaded, then its fields appear.
        await page.Locator($"#req-dataset option[value='{SharingHelpers.Population}']").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#req-dataset", SharingHelpers.Population);
        await page.Locator("#field-personId").WaitForAsync();
        await page.CheckAsync("#field-personId");
        await page.CheckAsync("#field-gender");
        await page.CheckAsync("#field-birthDate");
        await page.FillAsync("#req-purpose", purpose);
        await page.FillAsync("#req-purpose-desc", "高龄津贴发放");
        await page.FillAsync("#req-basis", "《上海市老年人权益保障条例》第二十五条");
        await page.ClickAsync("#req-submit");
        await page.Locator("#req-result:has-text('Pending')").WaitForAsync();
        var id = (await page.InnerTextAsync("#req-result")).Split('#')[1].Split(' ')[0];
        await page.Locator($"#my-request-{id}").WaitForAsync();
        await page.Context.CloseAsync();

        var steward = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(steward, "steward");
        await steward.GotoAsync("/workbench/datahub/sharing");
        await steward.Locator($"#approve-{id}").WaitForAsync();
        await steward.UncheckAsync($"#in-request-{id} .approve-field[value=birthDate]");
        await steward.ClickAsync($"#approve-{id}");
        await steward.Locator($"#in-request-{id} .status:has-text('Approved')").WaitForAsync();
        var grants = await steward.InnerTextAsync("#grants");
        Assert.Contains(purpose, grants, StringComparison.Ordinal);
        Assert.Contains("personId, gender", grants, StringComparison.Ordinal);
        await steward.Context.CloseAsync();
    }
}

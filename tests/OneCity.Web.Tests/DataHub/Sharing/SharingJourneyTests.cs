using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Sharing;

public sealed class SharingJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task ADepartmentRequestsTheOwnerNarrowsTheClientFetchesAndTheCitizenObjects()
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

        // The department's system fetches a resident through the data API: only the narrowed fields come back.
        var system = await SharingHelpers.DataClientFor(apps, Db.Sqlite, "SH-MZ");
        var fetched = await SharingHelpers.Fetch(system, $"/api/datahub/data/{SharingHelpers.Population}/records/P00000001", purpose);
        var body = await fetched.Content.ReadAsStringAsync();
        Assert.True(fetched.IsSuccessStatusCode, body);
        Assert.Contains("gender", body, StringComparison.Ordinal);
        Assert.DoesNotContain("birthDate", body, StringComparison.Ordinal);

        // The resident sees that access in the data tracker and objects to it.
        var citizen = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(citizen, "citizen");
        await citizen.GotoAsync("/portal/data-tracker");
        var row = citizen.Locator("#accesses tr", new() { HasText = purpose });
        await row.WaitForAsync();
        Assert.Contains("上海市民政局", await row.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("summary.object-toggle").ClickAsync();
        await row.Locator("textarea[name=Reason]").FillAsync("我没有申请高龄津贴 " + purpose);
        await row.Locator("button[type=submit]").ClickAsync();
        await citizen.Locator("#tracker-message").WaitForAsync();
        await citizen.Context.CloseAsync();

        // The data steward handles the objection.
        var handler = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(handler, "steward");
        await handler.GotoAsync("/workbench/objections");
        var item = handler.Locator("#queue article", new() { HasText = "我没有申请高龄津贴 " + purpose });
        await item.WaitForAsync();
        await item.Locator("textarea[name=Response]").FillAsync("异议成立，已撤销该共享授权。");
        await item.Locator("button[value=upheld]").ClickAsync();
        await handler.Locator("#queue article", new() { HasText = "异议成立，已撤销该共享授权。" }).WaitForAsync();
        await handler.Context.CloseAsync();
    }
}

using System.Net.Http.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Tracker;

public sealed class TrackerJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task ACitizenObjectsToAnAccessAndTheStewardAnswersIt()
    {
        var purpose = "浏览器旅程核验 " + Guid.NewGuid().ToString("N")[..6];
        var clerk = await apps.ClientAs(Db.Sqlite, "clerk");
        (await clerk.PostAsJsonAsync("/api/registries/people/P00000001/reveal", new { fields = new[] { "address" }, purpose })).EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/portal/data-tracker");
        var row = page.Locator("#accesses tr", new() { HasText = purpose });
        await row.WaitForAsync();
        Assert.Contains("黄浦区行政服务中心", await row.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("summary.object-toggle").ClickAsync();
        await row.Locator("textarea[name=Reason]").FillAsync("我当天没有去窗口办事");
        await row.Locator("button[type=submit]").ClickAsync();
        await page.Locator("#tracker-message").WaitForAsync();
        Assert.Contains("处理中", await page.Locator("#accesses tr", new() { HasText = purpose }).InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();

        var steward = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(steward, "steward");
        await steward.GotoAsync("/workbench/objections");
        var item = steward.Locator("#queue article", new() { HasText = "我当天没有去窗口办事" });
        await item.WaitForAsync();
        await item.Locator("textarea[name=Response]").FillAsync("经核查，系窗口为您办理居住证明时核对地址。");
        await item.Locator("button[value=rejected]").ClickAsync();
        await steward.Locator("#queue article", new() { HasText = "经核查" }).WaitForAsync();
        await steward.Context.CloseAsync();

        var again = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(again, "citizen");
        await again.GotoAsync("/portal/data-tracker");
        await again.Locator("#objections", new() { HasText = "经核查" }).WaitForAsync();
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task ACitizenConsentsToAUseOnOfferAndWithdrawsIt()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/portal/data-tracker");

        // The health commission's family-doctor contact has no statutory basis: it is offered, with what it is for.
        var use = page.Locator("#consent-uses li[data-department='SH-WJ'][data-purpose='family-doctor-contract']");
        await use.WaitForAsync();
        Assert.Contains("家庭医生", await use.Locator(".what-for").InnerTextAsync(), StringComparison.Ordinal);
        await use.Locator("button[type=submit]").ClickAsync();
        await page.Locator("#tracker-message").WaitForAsync();
        Assert.Equal("已同意", (await page.Locator("#consent-uses li[data-purpose='family-doctor-contract'] .consented").InnerTextAsync()).Trim());

        // It is in the citizen's consents, and checked at every access from now on.
        var citizen = await apps.ClientAs(Db.Sqlite, "citizen");
        var consents = await citizen.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/datahub/tracker/consents");
        Assert.Contains(consents.EnumerateArray(), c => c.GetProperty("purpose").GetString() == "family-doctor-contract"
            && c.GetProperty("withdrawnAt").ValueKind == System.Text.Json.JsonValueKind.Null);

        // Withdrawing offers it again.
        var given = page.Locator("#consents li", new() { HasText = "family-doctor-contract" });
        await given.Locator("button[type=submit]").ClickAsync();
        await page.Locator("#tracker-message", new() { HasText = "已撤回同意" }).WaitForAsync();
        await page.Locator("#consent-uses li[data-purpose='family-doctor-contract'] button[type=submit]").WaitForAsync();
        await page.Context.CloseAsync();
    }
}

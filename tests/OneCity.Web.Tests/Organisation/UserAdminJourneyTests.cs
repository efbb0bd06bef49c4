using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Organisation;

public sealed class UserAdminJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AnAdministratorCreatesAUserWhoThenSignsIn()
    {
        var name = Accounts.NewName("web");
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.ClickAsync("#card-users a");
        await page.WaitForURLAsync("**/workbench/admin/users");

        // A bad jurisdiction is named next to its field.
        await page.FillAsync("#new-username", name);
        await page.FillAsync("#new-displayname", "网格员 测试");
        await page.SelectOptionAsync("#new-role", "grid-inspector");
        await page.FillAsync("#new-department", "310101002-BSC");
        await page.FillAsync("#new-jurisdiction", "310104");
        await page.FillAsync("#new-password", Accounts.Password);
        await page.ClickAsync("#create-submit");
        Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync("#err-jurisdiction")));
        Assert.Equal("true", await page.GetAttributeAsync("#new-jurisdiction", "aria-invalid"));

        await page.FillAsync("#new-jurisdiction", "310101002");
        await page.FillAsync("#new-password", Accounts.Password);
        await page.ClickAsync("#create-submit");
        Assert.Contains(name, await page.InnerTextAsync("#user-created"), StringComparison.Ordinal);

        await page.ClickAsync("#logout");
        await BrowserFixture.LoginAsync(page, name, Accounts.Password);
        await page.Locator("#entrance-title[data-entrance=ops]").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdministratorLocksAndUnlocksAnAccount()
    {
        var (_, name) = await Accounts.CreateAsync(apps, Db.Sqlite, prefix: "lk");
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/admin/users?role=counter-clerk&p=1");
        var row = page.Locator($"tr[data-user={name}]");
        while (await row.CountAsync() == 0 && await page.Locator("#next-page").CountAsync() > 0)
        {
            await page.ClickAsync("#next-page");
        }

        await row.Locator("button.lock-toggle").ClickAsync();
        Assert.Contains("已锁定", await page.Locator($"tr[data-user={name}] .status").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator($"tr[data-user={name}] button.lock-toggle").ClickAsync();
        Assert.Contains("正常", await page.Locator($"tr[data-user={name}] .status").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADepartmentAdministratorSeesOnlyTheirDepartment()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "deptadmin");
        await page.ClickAsync("#card-users a");
        await page.WaitForURLAsync("**/workbench/admin/users");
        var departments = await page.Locator("#users tbody tr td:nth-child(4)").AllInnerTextsAsync();
        Assert.All(departments, d => Assert.Equal("SH-MZ", d.Trim()));
        Assert.Equal("SH-MZ", await page.InputValueAsync("#new-department"));
        Assert.Equal(0, await page.Locator("#new-role option[value=system-administrator]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdministratorChangesRolesAndJurisdictionAndResetsThePassword()
    {
        // Xuhui planning has no other test accounts, so the account is on the first page of its department.
        var (_, name) = await Accounts.CreateAsync(apps, Db.Sqlite, Roles.CounterClerk, "310104-GH", "310104", prefix: "rj");
        var grid = Accounts.GridIn(apps.Browser, "310104");
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/admin/users?department=310104-GH");
        var row = page.Locator($"tr[data-user={name}]");

        // A jurisdiction that does not exist is named next to its field; a unit grid is accepted.
        await row.Locator("details.manage summary").ClickAsync();
        await row.Locator(".row-jurisdiction").FillAsync("310199");
        await BrowserFixture.ClickToNextPageAsync(page, row.Locator(".assignment-submit"));
        Assert.False(string.IsNullOrWhiteSpace(await row.Locator(".row-jurisdiction-error").InnerTextAsync()));
        Assert.Equal("true", await row.Locator(".row-jurisdiction").GetAttributeAsync("aria-invalid"));
        await row.Locator(".row-jurisdiction").FillAsync(grid);
        await BrowserFixture.ClickToNextPageAsync(page, row.Locator(".assignment-submit"));
        Assert.Equal(grid, (await row.Locator("td:nth-child(5)").InnerTextAsync()).Trim());

        // A reviewer instead of a counter clerk.
        await row.Locator("details.manage summary").ClickAsync();
        await row.Locator("input[name=SelectedRoles][value=counter-clerk]").UncheckAsync();
        await row.Locator("input[name=SelectedRoles][value=department-reviewer]").CheckAsync();
        await BrowserFixture.ClickToNextPageAsync(page, row.Locator(".roles-submit"));
        Assert.Equal("部门审核人员", (await row.Locator("td:nth-child(3)").InnerTextAsync()).Trim());

        // The new password is shown once.
        await row.Locator("details.manage summary").ClickAsync();
        await BrowserFixture.ClickToNextPageAsync(page, row.Locator(".reset-password"));
        var password = (await page.InnerTextAsync("#one-time-password")).Trim();
        Assert.Contains(name, await page.InnerTextAsync("#password-reset"), StringComparison.Ordinal);

        await page.ClickAsync("#logout");
        await BrowserFixture.LoginAsync(page, name, password);
        await page.Locator("#entrance-title[data-entrance=workbench]").WaitForAsync();
        await page.Context.CloseAsync();

        var me = await (await apps.ClientAs(Db.Sqlite, name, password)).GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal([Roles.DepartmentReviewer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(grid, me.GetProperty("jurisdiction").GetString());
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.BundleAdmin;

[Collection(BundleEditing.Name)]
public sealed class BundleAdminJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AnAdministratorFixesAValidationErrorAndPublishes()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench");
        await page.Locator("#card-bundle-admin").WaitForAsync();
        await page.GotoAsync("/workbench/admin/bundles");
        await page.ClickAsync("#bundle-dog-registration a.edit");
        var editor = page.Locator("#definition");
        await editor.WaitForAsync();
        var original = await editor.InputValueAsync();
        Assert.Contains("\"code\": \"dog-registration\"", original, StringComparison.Ordinal);

        // A step that names a service the catalogue does not have.
        var text = original.Replace("\"service\": \"SH-WJ-006\"", "\"service\": \"SH-WJ-999\"", StringComparison.Ordinal);
        Assert.NotEqual(original, text);
        await editor.FillAsync(text);
        await page.ClickAsync("#save");
        var error = page.Locator("#bundle-errors li[data-path='steps[0].service']");
        await error.WaitForAsync();
        Assert.Contains("unknown service SH-WJ-999", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#definition", "aria-invalid"));

        // Fixed, with an extra optional field, saved as a draft and published.
        var key = "tagNumber" + Guid.NewGuid().ToString("N")[..6];
        var field = $$""""
            "fields": [
                {
                  "key": "{{key}}",
                  "labelZh": "犬牌编号",
                  "labelEn": "Dog tag number",
                  "type": "Text",
                  "required": false,
                  "services": [ "SH-GA-003" ]
                },
            """";
        var fixedText = (await editor.InputValueAsync()).Replace("\"service\": \"SH-WJ-999\"", "\"service\": \"SH-WJ-006\"", StringComparison.Ordinal)
            .Replace("\"fields\": [", field, StringComparison.Ordinal);
        await editor.FillAsync(fixedText);
        await page.ClickAsync("#validate");
        await page.Locator("#bundle-message").WaitForAsync();
        await page.ClickAsync("#save");
        await page.Locator("#publish").WaitForAsync();
        Assert.Contains("已保存草稿", await page.InnerTextAsync("#bundle-message"), StringComparison.Ordinal);
        await page.ClickAsync("#publish");
        await page.WaitForURLAsync(url => url.Contains("published=", StringComparison.Ordinal));
        Assert.Contains("已发布", await page.InnerTextAsync("#bundle-message"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#publish").CountAsync());

        var published = await apps.Client(Db.Sqlite).GetFromJsonAsync<JsonElement>("/api/bundles/dog-registration");
        Assert.Contains(published.GetProperty("definition").GetProperty("fields").EnumerateArray(), f => f.GetProperty("key").GetString() == key);
        Assert.Equal(1, await page.Locator($"#bundle-dog-registration .version[data-version='{published.GetProperty("version").GetInt32()}'][data-status=Published]").CountAsync());
        await page.Context.CloseAsync();
    }
}

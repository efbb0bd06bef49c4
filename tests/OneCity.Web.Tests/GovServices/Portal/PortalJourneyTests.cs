using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.GovServices.Portal.PortalTestKit;

namespace OneCity.Web.Tests.GovServices.Portal;

/// <summary>The applicant's journey in the browser: on a phone, from the services page to the receipt and the detail; and 帮办 at the counter.</summary>
public sealed partial class PortalJourneyTests(Apps apps, BrowserFixture browser) : IDisposable
{
    private static readonly string[] Radios = ["babyGender", "applicantRelation", "hukouPlace", "birthFilingDone", "motherInsured", "cardDelivery"];
    private readonly string folder = Directory.CreateTempSubdirectory("onecity-portal-").FullName;

    [Fact]
    public async Task ACitizenAppliesForTheNewbornBundleOnAPhoneAndFollowsIt()
    {
        var page = await PhoneAsync();
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/portal");
        await page.ClickAsync("#card-services a.card-link");
        await page.ClickAsync("#apply-newborn");

        // Step 1: eligibility, each rule with its reason.
        var married = page.Locator("#eligibility li[data-code='applicant-married']");
        Assert.Equal("true", await married.GetAttributeAsync("data-passed"));
        Assert.Contains("已婚", await married.InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("#go-form");

        // Step 2: the pre-filled name with its source; the rest typed in.
        Assert.Equal("张伟", (await page.InnerTextAsync("#value-applicantName")).Trim());
        var source = await page.InnerTextAsync("#source-applicantName");
        Assert.Contains("来自 人口综合库", source, StringComparison.Ordinal);
        Assert.Contains("姓名", source, StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the form overflows a phone's width");
        await FillNewbornAsync(page);
        await page.ClickAsync("#go-materials");

        // Step 3: exempt materials with why, commitments signed, the rest uploaded.
        await page.Locator("#step-materials").WaitForAsync();
        Assert.Contains("人口综合库", await page.InnerTextAsync("#exempt li[data-code='population-record']"), StringComparison.Ordinal);
        Assert.Contains("出生医学证明", await page.InnerTextAsync("#exempt li[data-code='birth-medical-certificate']"), StringComparison.Ordinal);
        Assert.Contains("免于提交", await page.InnerTextAsync("#exempt li[data-code='birth-medical-certificate']"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#excluded-steps li[data-step='birth-filing']").IsVisibleAsync());
        await UploadAndSignAsync(page);
        await page.ClickAsync("#go-review");

        // Step 4: review and submit.
        await page.Locator("#step-review").WaitForAsync();
        var promised = (await page.InnerTextAsync("#promised-by")).Trim();
        Assert.Matches(DateText(), promised);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the review overflows a phone's width");
        await page.ClickAsync("#submit-application");
        await page.Locator("#receipt-number").WaitForAsync();
        var number = (await page.InnerTextAsync("#receipt-number")).Trim();
        Assert.Matches(NumberText(), number);
        Assert.Equal(promised, (await page.InnerTextAsync("#receipt-promised")).Trim());

        // My applications, then the detail.
        await page.ClickAsync("#open-mine");
        var item = page.Locator($"#applications article[data-number='{number}']");
        await item.WaitForAsync();
        Assert.Contains("0/8", await item.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(promised, await item.InnerTextAsync(), StringComparison.Ordinal);
        await item.Locator("h2 a").ClickAsync();
        await page.Locator("#detail-number").WaitForAsync();
        Assert.Equal(number, (await page.InnerTextAsync("#detail-number")).Trim());
        var first = page.Locator("#steps article[data-step='birth-certificate']");
        Assert.Equal("Pending", await first.GetAttributeAsync("data-status"));
        Assert.Contains("剩", await first.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("submitted", await page.GetAttributeAsync("#timeline li", "data-kind"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AWrongFileTypeShowsTheErrorAndNothingIsSubmitted()
    {
        var user = await NewCitizenAsync(apps.Browser, MarriedA);
        var api = await apps.Browser.ClientAsAsync(user, Password);
        var before = await CountApplicationsAsync(api);

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, user, Password);
        await page.GotoAsync("/Portal/Services/Apply?bundle=newborn");
        await page.ClickAsync("#go-form");
        await FillNewbornAsync(page);
        await page.ClickAsync("#go-materials");
        await page.Locator("#step-materials").WaitForAsync();
        await UploadAndSignAsync(page);
        var code = await page.GetAttributeAsync("#uploads .upload", "data-code");
        var fake = Path.Combine(folder, "receipt.pdf");
        await File.WriteAllBytesAsync(fake, NotAPdf);
        await page.SetInputFilesAsync($"#file-{code}", fake);
        await page.ClickAsync("#go-review");

        var error = page.Locator($"[data-error-for='uploads.{code}']");
        await error.WaitForAsync();
        Assert.Contains("不是 PDF、JPG 或 PNG 文件", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#step-materials").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#submit-application").CountAsync());
        Assert.Equal(before, await CountApplicationsAsync(api));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAnswerThatShowsFieldsReRunsThePreview()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync("/Portal/Services/Apply?bundle=property-transfer");
        await page.ClickAsync("#go-form");
        var loan = page.Locator(".field[data-field='loanAmount']");
        Assert.False(await loan.IsVisibleAsync());
        await page.CheckAsync("input[name='Answers[useHousingFundLoan]'][value='true']");
        await loan.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await page.CheckAsync("input[name='Answers[useHousingFundLoan]'][value='false']");
        await loan.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACounterClerkSubmitsOnBehalfOfACitizen()
    {
        var citizen = await apps.ClientAs(Db.Sqlite, "citizen");
        var idNumber = await OwnIdNumberAsync(citizen);

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "clerk");
        await page.ClickAsync("#card-counter a.card-link");
        await page.FillAsync("#id-number", idNumber);
        await page.CheckAsync("input[name='IdentityCheck'][value='id-card-reader']");
        await page.SelectOptionAsync("#bundle-select", "newborn");
        await page.ClickAsync("#go-eligibility");
        await page.Locator("#eligible").WaitForAsync();
        Assert.Contains("身份证读卡器核验", await page.InnerTextAsync("#counter-applicant"), StringComparison.Ordinal);
        await page.ClickAsync("#go-form");
        Assert.Equal("张伟", (await page.InnerTextAsync("#value-applicantName")).Trim());
        await FillNewbornAsync(page);
        await page.ClickAsync("#go-materials");
        await page.Locator("#step-materials").WaitForAsync();
        await UploadAndSignAsync(page);
        await page.ClickAsync("#go-review");
        await page.ClickAsync("#submit-application");
        await page.Locator("#receipt-number").WaitForAsync();
        var number = (await page.InnerTextAsync("#receipt-number")).Trim();
        Assert.Contains("窗口帮办", await page.InnerTextAsync("#receipt-channel"), StringComparison.Ordinal);
        await page.Context.CloseAsync();

        var detail = await citizen.GetFromJsonAsync<JsonElement>("/api/applications/" + number);
        Assert.Equal("id-card-reader", detail.GetProperty("identityCheck").GetString());
        Assert.Equal("counter", detail.GetProperty("channel").GetString());
        Assert.Equal("clerk", detail.GetProperty("agentUserName").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("details").GetString()!.Contains("identity-check=id-card-reader", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<IPage> PhoneAsync()
    {
        var b = await browser.GetAsync();
        var context = await b.NewContextAsync(new()
        {
            BaseURL = BrowserFixture.BaseUrl(apps.Browser), Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        context.SetDefaultTimeout(30000);
        return await context.NewPageAsync();
    }

    private static async Task FillNewbornAsync(IPage page)
    {
        foreach (var (key, value) in NewbornAnswers())
        {
            if (Radios.Contains(key))
            {
                await page.CheckAsync($"input[name='Answers[{key}]'][value='{value}']");
            }
            else
            {
                await page.FillAsync($"#f-{key}", value);
            }
        }
    }

    /// <summary>Signs every commitment and uploads a small valid PDF or PNG for every material to upload.</summary>
    private async Task UploadAndSignAsync(IPage page)
    {
        var pdf = Path.Combine(folder, "scan.pdf");
        var png = Path.Combine(folder, "photo.png");
        await File.WriteAllBytesAsync(pdf, Pdf);
        await File.WriteAllBytesAsync(png, Png);
        var codes = await page.Locator("#uploads .upload").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)");
        for (var i = 0; i < codes.Length; i++)
        {
            await page.SetInputFilesAsync($"#file-{codes[i]}", i % 2 == 0 ? pdf : png);
        }

        foreach (var box in await page.Locator("#commitments input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateText();

    [GeneratedRegex(@"^YW\d{16}$")]
    private static partial Regex NumberText();
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.GovServices.Portal.PortalTestKit;

namespace OneCity.Web.Tests.GovServices.Journey;

/// <summary>
/// The issue's whole journey in one browser run: a citizen applies for the newborn bundle with pre-fill and
/// exemptions; three departments act, one asks for a supplement the citizen answers; e-licences are issued and
/// verified; a 2-star rating opens a rectification the department sees.
/// </summary>
public sealed class NewbornJourneyTests(Apps apps, BrowserFixture browser) : IDisposable
{
    private static readonly string[] Radios = ["babyGender", "applicantRelation", "hukouPlace", "birthFilingDone", "motherInsured", "cardDelivery"];
    private readonly string folder = Directory.CreateTempSubdirectory("onecity-journey-").FullName;

    [Fact]
    public async Task ANewbornApplicationGoesFromFormToVerifiedLicencesAndARectification()
    {
        // 1. The citizen applies: eligibility, pre-filled form with its source, exempt materials, uploads, commitments.
        var citizen = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(citizen, "citizen");
        await citizen.GotoAsync("/Portal/Services/Apply?bundle=newborn");
        Assert.Equal("true", await citizen.GetAttributeAsync("#eligibility li[data-code='applicant-married']", "data-passed"));
        await citizen.ClickAsync("#go-form");
        Assert.Equal("张伟", (await citizen.InnerTextAsync("#value-applicantName")).Trim());
        Assert.Contains("人口", await citizen.InnerTextAsync("#source-applicantName"), StringComparison.Ordinal);
        foreach (var (key, value) in NewbornAnswers())
        {
            if (Radios.Contains(key))
            {
                await citizen.CheckAsync($"input[name='Answers[{key}]'][value='{value}']");
            }
            else
            {
                await citizen.FillAsync($"#f-{key}", value);
            }
        }

        await citizen.ClickAsync("#go-materials");
        await citizen.Locator("#step-materials").WaitForAsync();
        Assert.Contains("免于提交", await citizen.InnerTextAsync("#exempt li[data-code='population-record']"), StringComparison.Ordinal);
        var pdf = Path.Combine(folder, "scan.pdf");
        await File.WriteAllBytesAsync(pdf, Pdf);
        foreach (var code in await citizen.Locator("#uploads .upload").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)"))
        {
            await citizen.SetInputFilesAsync($"#file-{code}", pdf);
        }

        foreach (var box in await citizen.Locator("#commitments input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }

        await citizen.ClickAsync("#go-review");
        await citizen.Locator("#step-review").WaitForAsync();
        await citizen.ClickAsync("#submit-application");
        await citizen.Locator("#receipt-number").WaitForAsync();
        var number = (await citizen.InnerTextAsync("#receipt-number")).Trim();

        // 2. 卫健 accepts and asks for a supplement: one notice with everything missing.
        var wj = await OpenStepAsync("reviewer-wj", number);
        await wj.ClickAsync("#do-accept");
        await wj.Locator("#notice").WaitForAsync();
        await wj.ClickAsync("#details-supplement summary");
        await wj.FillAsync("#sup-notes", "请补充出生医院开具的分娩记录说明");
        await wj.ClickAsync("#do-supplement");
        await wj.Locator("#notice").WaitForAsync();
        Assert.Equal("待补正", (await wj.InnerTextAsync("#step-status")).Trim());

        // 3. The citizen answers it once, on the application page.
        await citizen.GotoAsync($"/Portal/Applications/Detail?number={number}");
        await citizen.Locator("#supplement-items li").First.WaitForAsync();
        await citizen.FillAsync("#supplement-note", "分娩记录说明已由医院补发，见出生医学证明附页。");
        await BrowserFixture.ClickToNextPageAsync(citizen, citizen.Locator("#supplement-submit"));
        Assert.Equal(0, await citizen.Locator("#supplement-form").CountAsync());

        // 4. 卫健 approves and issues the medical birth certificate; 公安 registers the hukou; 医保 enrols the baby.
        await wj.ReloadAsync();
        await ApproveAndIssueAsync(wj);
        var ga = await OpenStepAsync("reviewer-ga", number);
        await ga.ClickAsync("#do-accept");
        await ga.Locator("#notice").WaitForAsync();
        await ApproveAndIssueAsync(ga);
        var yb = await OpenStepAsync("reviewer-yb", number);
        await yb.ClickAsync("#do-accept");
        await yb.Locator("#notice").WaitForAsync();
        await ApproveAndIssueAsync(yb);

        // 5. The citizen sees the e-licences and verifies one.
        await citizen.GotoAsync($"/Portal/Applications/Detail?number={number}");
        Assert.True(await citizen.Locator("#licences li").CountAsync() >= 2);
        await citizen.Locator("#licences a.licence-link").First.ClickAsync();
        await citizen.WaitForURLAsync("**/verify/**");
        Assert.Contains("真实有效", await citizen.InnerTextAsync("main"), StringComparison.Ordinal);

        // 6. A 2-star rating of the birth-certificate step opens a rectification for 卫健.
        var api = await apps.ClientAs(Db.Sqlite, "citizen");
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/applications/{number}");
        var stepId = detail.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepKey").GetString() == "birth-certificate").GetProperty("id").GetInt64();
        var comment = "补正来回耽误了时间 " + Guid.NewGuid().ToString("N")[..6];
        await citizen.GotoAsync($"/Portal/Ratings/Rate?number={number}");
        var form = citizen.Locator($"#rate-form-{stepId}");
        await form.Locator("input[name=stars][value='2']").CheckAsync();
        await form.Locator("select[name=reason]").SelectOptionAsync("slow");
        await form.Locator("textarea[name=comment]").FillAsync(comment);
        await form.Locator("button[type=submit]").ClickAsync();
        await citizen.Locator("#rating-done").WaitForAsync();

        await wj.GotoAsync("/workbench/rectifications");
        await wj.Locator("#rectifications article", new() { HasText = comment }).WaitForAsync();
        foreach (var page in new[] { citizen, wj, ga, yb })
        {
            await page.Context.CloseAsync();
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<IPage> OpenStepAsync(string reviewer, string number)
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, reviewer);
        await page.GotoAsync($"/workbench/queue?q={number}");
        var row = page.Locator($"#queue-items tr[data-number='{number}']");
        await row.WaitForAsync();
        await row.Locator("a.step-link").First.ClickAsync();
        await page.Locator("#step-title").WaitForAsync();
        return page;
    }

    private static async Task ApproveAndIssueAsync(IPage page)
    {
        await page.ClickAsync("#do-approve");
        await page.Locator("#notice").WaitForAsync();
        if (await page.Locator("#do-issue").CountAsync() > 0)
        {
            await page.ClickAsync("#do-issue");
            await page.Locator("#notice").WaitForAsync();
        }

        Assert.Equal("已办结", (await page.InnerTextAsync("#step-status")).Trim());
    }
}

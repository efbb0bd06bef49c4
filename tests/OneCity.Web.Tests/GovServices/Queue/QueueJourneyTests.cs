using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Queue;

public sealed class QueueJourneyTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AReviewerAsksForASupplementInOneNoticeThenApprovesAndIssuesOnceTheCitizenAnswered()
    {
        var citizen = await apps.ClientAs(Db.Sqlite, "citizen");
        var number = await Newborn.SubmitAsync(citizen);

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "reviewer-wj");
        await page.Locator("#card-queue").WaitForAsync();
        await page.ClickAsync("#card-queue a");
        await page.Locator("#queue-title").WaitForAsync();
        await page.FillAsync("#f-q", number);
        await page.ClickAsync("#filter-submit");
        var row = page.Locator($"#queue-items tr[data-number='{number}']");
        await row.WaitForAsync();
        Assert.Equal("待受理", (await row.Locator("td.status").InnerTextAsync()).Trim());
        var left = await row.Locator(".countdown").GetAttributeAsync("data-left");
        Assert.True(int.TryParse(left, out var days) && days >= 0, left);
        Assert.Matches("个工作日|今日到期", await row.Locator(".countdown").InnerTextAsync());

        await row.Locator("a.step-link").ClickAsync();
        await page.Locator("#step-title").WaitForAsync();
        Assert.Contains("出生医学证明", await page.InnerTextAsync("#step-title"), StringComparison.Ordinal);
        Assert.Equal("待受理", (await page.InnerTextAsync("#step-status")).Trim());
        Assert.True(await page.Locator("[id^=material-] a.file-link").CountAsync() >= 1);
        Assert.Equal(1, await page.Locator("#material-population-record").CountAsync());

        // Sending the notice with nothing in it names what is missing, next to the field.
        await page.ClickAsync("#details-supplement summary");
        await page.ClickAsync("#do-supplement");
        await page.Locator("#supplement-items-error").WaitForAsync();
        Assert.Equal("待受理", (await page.InnerTextAsync("#step-status")).Trim());

        // One notice listing two items: a material to upload again and a free-text question.
        await page.CheckAsync("#sup-m-applicant-id-card");
        await page.FillAsync("#sup-note-applicant-id-card", "身份证照片不清晰，请重新上传");
        await page.FillAsync("#sup-notes", "请说明新生儿姓名用字");
        await page.ClickAsync("#do-supplement");
        await page.Locator("#notice").WaitForAsync();
        Assert.Equal("待补正", (await page.InnerTextAsync("#step-status")).Trim());
        Assert.Equal("true", await page.GetAttributeAsync("#step-countdown .countdown", "data-paused"));
        Assert.Contains("已暂停", await page.InnerTextAsync("#step-countdown"), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("#supplements article li").CountAsync());
        Assert.Equal(0, await page.Locator("#do-approve").CountAsync());

        // The citizen answers everything at once (through the API); the clock resumes.
        var file = await Newborn.UploadAsync(citizen, "id-card-again.pdf");
        var answer = await citizen.PostAsJsonAsync($"/api/applications/{number}/supplement",
            new { uploads = new Dictionary<string, long> { ["applicant-id-card"] = file }, note = "新生儿姓名为“宝”字" });
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);

        await page.ReloadAsync();
        Assert.Equal("已受理", (await page.InnerTextAsync("#step-status")).Trim());
        Assert.Equal("false", await page.GetAttributeAsync("#step-countdown .countdown", "data-paused"));
        Assert.Equal("true", await page.GetAttributeAsync("#supplements article", "data-answered"));
        Assert.Equal($"/api/govservices/steps/{await StepIdAsync(citizen, number)}/files/{file}", await page.GetAttributeAsync("#material-applicant-id-card a.file-link", "href"));

        await page.ClickAsync("#do-approve");
        await page.Locator("#notice").WaitForAsync();
        Assert.Equal("已批准待发证", (await page.InnerTextAsync("#step-status")).Trim());
        await page.ClickAsync("#do-issue");
        await page.WaitForSelectorAsync("#step-status[data-status=Done]");
        Assert.Equal("已办结", (await page.InnerTextAsync("#step-status")).Trim());
        Assert.StartsWith("/verify/", await page.GetAttributeAsync("#step-licence", "href"), StringComparison.Ordinal);
        Assert.Equal("Pending", await page.GetAttributeAsync("#app-step-hukou", "data-status"));

        // Every showing of the application to the reviewer is on the ledger as a read of the applicant's data.
        var auditor = await apps.ClientAs(Db.Sqlite, "auditor");
        var reads = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?action=govservices.application.read&objectId={number}&actor=reviewer-wj");
        Assert.True(reads.GetProperty("total").GetInt64() >= 5, reads.ToString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AStalePageSaysSomeoneElseHandledTheStep()
    {
        var citizen = await apps.ClientAs(Db.Sqlite, "citizen");
        var number = await Newborn.SubmitAsync(citizen);
        var id = await StepIdAsync(citizen, number);

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "reviewer-wj");
        await page.GotoAsync($"/workbench/queue/step?id={id}");
        await page.Locator("#do-accept").WaitForAsync();

        // Refusing without a reason names the field, and nothing changes.
        await page.ClickAsync("#details-refuse summary");
        await page.ClickAsync("#do-refuse");
        await page.Locator("#refuse-reason-error").WaitForAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#refuse-reason", "aria-invalid"));
        Assert.Equal("待受理", (await page.InnerTextAsync("#step-status")).Trim());

        // A colleague accepts it meanwhile (through the API); refusing from the stale page is refused.
        await Newborn.DoAsync(await apps.ClientAs(Db.Sqlite, "reviewer-wj"), id, "accept", 0);
        await page.FillAsync("#refuse-reason", "不符合受理条件");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#do-refuse"), r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        Assert.Equal("已被他人处理，请刷新。", (await page.InnerTextAsync("#action-error")).Trim());
        Assert.Equal("已受理", (await page.InnerTextAsync("#step-status")).Trim());

        // Another department's step is not there at all.
        var other = await page.GotoAsync($"/workbench/queue/step?id={(await Newborn.StepAsync(citizen, number, "hukou")).GetProperty("id").GetInt64()}");
        Assert.Equal(404, other!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheQueueIsForDepartmentHandlersOnly()
    {
        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "clerk");
        await page.GotoAsync("/workbench/queue");
        await page.Locator("#denied").WaitForAsync();
        await page.Context.CloseAsync();
    }

    private static async Task<long> StepIdAsync(HttpClient citizen, string number) =>
        (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("id").GetInt64();
}

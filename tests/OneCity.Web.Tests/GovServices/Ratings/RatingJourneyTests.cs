using Microsoft.Playwright;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Ratings;

public sealed class RatingJourneyTests(Apps apps, BrowserFixture browser)
{
    // Four sign-ins and a dozen page loads: allow for a busy machine.
    private async Task<IPage> OpenAsync()
    {
        var page = await browser.NewPageAsync(apps);
        page.Context.SetDefaultTimeout(60000);
        return page;
    }

    [Fact]
    public async Task ABadRatingIsRectifiedByTheDepartmentAndTheCitizenHearsBack()
    {
        // Set up through the API: an application whose birth certificate the health department has issued.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var number = await Newborn.SubmitAsync(await apps.ClientAs(Db.Sqlite, "citizen"), today.AddDays(-3));
        var step = await Newborn.FinishBirthCertificateAsync(await apps.ClientAs(Db.Sqlite, "reviewer-wj"), number);
        var comment = "出生证明等了很久 " + Guid.NewGuid().ToString("N")[..6];
        var feedback = "已调整签发流程，出院当日即可领取 " + Guid.NewGuid().ToString("N")[..6];

        // The citizen rates the step 2 stars; without a reason the form names the field.
        var page = await OpenAsync();
        await BrowserFixture.LoginAsync(page, "citizen");
        await page.GotoAsync($"/Portal/Ratings/Rate?number={number}");
        var form = page.Locator($"#rate-form-{step}");
        await form.Locator("input[name=stars][value='2']").CheckAsync();
        await form.Locator("textarea[name=comment]").FillAsync(comment);
        await form.Locator("button[type=submit]").ClickAsync();
        await page.Locator($"#rate-form-{step} #error-reason").WaitForAsync();
        Assert.Contains("原因", await page.InnerTextAsync("#error-reason"), StringComparison.Ordinal);

        form = page.Locator($"#rate-form-{step}");
        await form.Locator("input[name=stars][value='2']").CheckAsync();
        Assert.True(await form.Locator("select[name=reason]").IsVisibleAsync());
        await form.Locator("select[name=reason]").SelectOptionAsync("slow");
        await form.Locator("textarea[name=comment]").FillAsync(comment);
        await form.Locator("button[type=submit]").ClickAsync();
        await page.Locator("#rating-done").WaitForAsync();
        var rated = page.Locator($"#step-{step}");
        Assert.Contains(comment, await rated.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("待部门响应", await rated.Locator(".rectification").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#rate-form-{step}").CountAsync());
        await page.Context.CloseAsync();

        // The health department's reviewer finds it on the workbench and records response, fix and feedback in order.
        var staff = await OpenAsync();
        await BrowserFixture.LoginAsync(staff, "reviewer-wj");
        await staff.Locator("#card-rectifications").WaitForAsync();
        await staff.ClickAsync("#card-rectifications a");
        var item = staff.Locator("#rectifications article", new() { HasText = comment });
        await item.WaitForAsync();
        Assert.Contains("剩余", await item.Locator(".countdown").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var (stage, text) in new[] { ("response", "已联系申请人致歉并核实原因"), ("fix", "签发改为出院当日完成"), ("feedback", feedback) })
        {
            item = staff.Locator("#rectifications article", new() { HasText = comment });
            Assert.Equal(stage, await item.Locator("button[data-stage]").GetAttributeAsync("data-stage"));
            await item.Locator("textarea[name=text]").FillAsync(text);
            await BrowserFixture.ClickToNextPageAsync(staff, item.Locator("button[data-stage]"));
        }

        await staff.GotoAsync("/workbench/rectifications?status=closed");
        var closed = staff.Locator("#rectifications article", new() { HasText = comment });
        await closed.WaitForAsync();
        Assert.Equal("Closed", await closed.GetAttributeAsync("data-status"));
        Assert.Contains(feedback, await closed.InnerTextAsync(), StringComparison.Ordinal);
        await staff.Context.CloseAsync();

        // The citizen gets the feedback as a message (the outbox delivers it within seconds) and on the rating page.
        var again = await OpenAsync();
        await BrowserFixture.LoginAsync(again, "citizen");
        var found = false;
        for (var i = 0; i < 20 && !found; i++)
        {
            await again.GotoAsync("/portal/messages");
            found = await again.Locator("#messages article", new() { HasText = feedback }).CountAsync() > 0;
            if (!found)
            {
                await Task.Delay(500);
            }
        }

        Assert.True(found, "the feedback message did not arrive");
        await again.Locator("#messages article", new() { HasText = feedback }).Locator("footer a").ClickAsync();
        await again.Locator($"#step-{step} .feedback").WaitForAsync();
        Assert.Contains(feedback, await again.InnerTextAsync($"#step-{step} .feedback"), StringComparison.Ordinal);
        await again.Context.CloseAsync();

        // Anyone, signed in or not, sees the department's figures on the public statistics page, reached from the open-data portal.
        var visitor = await OpenAsync();
        await visitor.GotoAsync("/open");
        await visitor.ClickAsync("#service-stats-link");
        var row = visitor.Locator("#dept-310101-WJ");
        await row.WaitForAsync();
        Assert.Contains("黄浦区卫生健康委员会", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Huangpu District Health Commission", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(int.Parse(await row.Locator("[data-col=ratings]").InnerTextAsync()) >= 1);
        Assert.True(int.Parse(await row.Locator("[data-col=closed]").InnerTextAsync()) >= 1);
        await visitor.Context.CloseAsync();
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Notifications;

public sealed class NotificationPageTests(Apps apps, BrowserFixture browser)
{
    [Fact]
    public async Task AStaffMemberReadsTheirMessagesInTheWorkbench()
    {
        var ct = TestContext.Current.CancellationToken;
        var subject = "整改工单提醒 " + Guid.NewGuid().ToString("N")[..8];
        using (var scope = apps.Browser.Services.CreateScope())
        {
            var reviewer = await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByNameAsync("reviewer-wj");
            await scope.ServiceProvider.GetRequiredService<Notifier>().EnqueueAsync(
                new Notification(Channel.InApp, subject, "请在 1 个工作日内响应。", reviewer!.Id, Link: "/workbench/rectifications"), ct);
        }

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "reviewer-wj");
        await page.GotoAsync("/workbench");
        await BrowserFixture.ClickToNextPageAsync(page, page.Locator("a[href='/workbench/messages']").First);
        // The dispatcher delivers in the background: reload until the message is in.
        var message = page.Locator("#messages article", new() { HasText = subject });
        for (var i = 0; i < 60 && await message.CountAsync() == 0; i++)
        {
            await Task.Delay(500, ct);
            await page.ReloadAsync();
        }

        Assert.Equal(1, await message.CountAsync());
        Assert.Contains("unread", await message.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await BrowserFixture.ClickToNextPageAsync(page, message.Locator("button"));
        Assert.DoesNotContain("unread", await page.Locator("#messages article", new() { HasText = subject }).GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdministratorSendsAFailedMessageAgainAndOnlyAnAdministratorMay()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.CreateVersion7();
        using (var scope = apps.Browser.Services.CreateScope())
        {
            // A message the SMS gateway refused eight times, parked as failed.
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Id = id, Channel = Channel.Sms,
                AddressCipher = scope.ServiceProvider.GetRequiredService<OneCity.Platform.PersonalData.PersonalDataProtector>().ProtectOrNull("13812345678"), Subject = "办结提醒 " + id.ToString("N")[..8], Body = "b",
                CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddYears(1), Status = OutboxStatus.Failed,
                Attempts = OutboxDispatcher.MaxAttempts, LastError = "gateway timeout",
            });
            await db.SaveChangesAsync(ct);
        }

        var denied = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(denied, "clerk");
        await denied.GotoAsync("/workbench/notifications");
        await denied.Locator("#denied").WaitForAsync();
        Assert.Equal(0, await denied.Locator("#outbox").CountAsync());
        await denied.Context.CloseAsync();

        var page = await browser.NewPageAsync(apps);
        await BrowserFixture.LoginAsync(page, "admin");
        await page.GotoAsync("/workbench/notifications?status=failed");
        var row = page.Locator($"#outbox tr[data-id='{id}']");
        await row.WaitForAsync();
        Assert.Contains("gateway timeout", await row.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ClickToNextPageAsync(page, page.Locator($"#retry-{id}"));
        await page.Locator("#retried").WaitForAsync();
        Assert.Equal(0, await page.Locator($"#outbox tr[data-id='{id}']").CountAsync());

        using (var scope = apps.Browser.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var stored = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id, ct);
            Assert.NotEqual(OutboxStatus.Failed, stored.Status);
            Assert.True(await db.Set<AuditEntry>().AnyAsync(e => e.Action == "notification.retried" && e.ObjectId == id.ToString(), ct));
        }

        await page.Context.CloseAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Platform.Data;
using OneCity.Platform.Notifications;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Notifications;

public sealed class NotificationTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheCitizenReceivesTheWelcomeMessageAndMarksItRead(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        JsonElement inbox = default;
        for (var i = 0; i < 50; i++)
        {
            inbox = await citizen.GetFromJsonAsync<JsonElement>("/api/notifications/inbox");
            if (inbox.GetProperty("items").GetArrayLength() > 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        // Other tests on the shared city send the citizen messages too: page back to the welcome message.
        var page = inbox;
        var welcomes = page.GetProperty("items").EnumerateArray().Where(IsWelcome).ToList();
        while (welcomes.Count == 0 && page.GetProperty("items").GetArrayLength() > 0)
        {
            var oldest = page.GetProperty("items").EnumerateArray().Last().GetProperty("id").GetInt64();
            page = await citizen.GetFromJsonAsync<JsonElement>($"/api/notifications/inbox?take=200&before={oldest}");
            welcomes = page.GetProperty("items").EnumerateArray().Where(IsWelcome).ToList();
        }

        var welcome = Assert.Single(welcomes);
        var id = welcome.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await citizen.PostAsync($"/api/notifications/inbox/{id}/read", null)).StatusCode);
        var after = await citizen.GetFromJsonAsync<JsonElement>($"/api/notifications/inbox?take=1&before={id + 1}");
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == id).GetProperty("readAt").ValueKind);

        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.GetAsync("/api/notifications/inbox?before=0")).StatusCode);

        // Someone else's message is not yours to touch.
        var company = await apps.ClientAs(db, "company");
        Assert.Equal(HttpStatusCode.NotFound, (await company.PostAsync($"/api/notifications/inbox/{id}/read", null)).StatusCode);
    }

    [Fact]
    public async Task FailedDeliveriesAreRetriedWithBackoffThenParked()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 30, 1, 0, 0, TimeSpan.Zero));
        var flaky = new FlakySmsSender(failures: 2);
        await using var app = new OneCityFactory(Db.Sqlite, demo: false,
            configureServices: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<INotificationSender>(flaky);
            },
            settings: new Dictionary<string, string?> { ["Notifications:DispatcherEnabled"] = "false" });
        app.StartServer();
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        using var scope = app.Services.CreateScope();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        await notifier.EnqueueAsync(new Notification(Channel.Sms, "办件提醒", "您的办件已受理", Address: "13812345678", DeduplicationKey: "k1"));
        await notifier.EnqueueAsync(new Notification(Channel.Sms, "办件提醒", "重复", Address: "13812345678", DeduplicationKey: "k1"));

        Assert.Equal(1, await dispatcher.DeliverDueAsync(default)); // fails, retry in 5 s
        Assert.Equal(0, await dispatcher.DeliverDueAsync(default)); // not due yet
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await dispatcher.DeliverDueAsync(default)); // fails, retry in 10 s
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await dispatcher.DeliverDueAsync(default));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatcher.DeliverDueAsync(default)); // delivered
        Assert.Equal(["13812345678"], flaky.Delivered);

        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var stored = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync();
        Assert.Equal(OutboxStatus.Delivered, stored.Status);
        Assert.Equal(3, stored.Attempts);
        Assert.DoesNotContain("13812345678", stored.AddressCipher, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageThatNeverGoesThroughIsParkedAsFailed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 30, 1, 0, 0, TimeSpan.Zero));
        await using var app = new OneCityFactory(Db.Sqlite, demo: false,
            configureServices: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<INotificationSender>(new FlakySmsSender(failures: int.MaxValue));
            },
            settings: new Dictionary<string, string?> { ["Notifications:DispatcherEnabled"] = "false" });
        app.StartServer();
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Notifier>().EnqueueAsync(new Notification(Channel.Sms, "s", "b", Address: "13812345678"));
        for (var i = 0; i < OutboxDispatcher.MaxAttempts; i++)
        {
            Assert.Equal(1, await dispatcher.DeliverDueAsync(default));
            clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(0, await dispatcher.DeliverDueAsync(default));
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        Assert.Equal(OutboxStatus.Failed, (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync()).Status);
    }

    /// <summary>An SMS gateway that is down for its first N calls.</summary>
    private sealed class FlakySmsSender(int failures) : INotificationSender
    {
        private int calls;

        public List<string> Delivered { get; } = [];

        public Channel Channel => Channel.Sms;

        public Task SendAsync(NotificationEnvelope message, CancellationToken ct)
        {
            if (++calls <= failures)
            {
                throw new HttpRequestException("gateway unavailable");
            }

            Delivered.Add(message.Address!);
            return Task.CompletedTask;
        }
    }

    private static bool IsWelcome(JsonElement m) => m.GetProperty("subject").GetString()!.Contains("欢迎", StringComparison.Ordinal);
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Notifications;

public sealed record InboxResponse(IReadOnlyList<InboxItem> Items, int Unread);

public sealed record OutboxItem(Guid Id, string Channel, string Subject, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);

internal static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Notifier>();
        services.AddScoped<INotificationSender, InAppSender>();
        services.AddScoped<INotificationSender, LoggingSmsSender>();
        services.AddScoped<INotificationSender, LoggingEmailSender>();
        services.AddSingleton<OutboxDispatcher>();
        if (configuration.GetValue("Notifications:DispatcherEnabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        }

        return services;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/notifications").WithTags("Notifications");
        g.MapGet("/inbox", Inbox).RequireAuthorization(Policies.Authenticated).WithSummary("The signed-in user's messages, newest first (take, at most 200); before=<id> pages to older ones.");
        g.MapPost("/inbox/{id:long}/read", MarkRead).RequireAuthorization(Policies.Authenticated).WithSummary("Mark one of your messages read.");
        g.MapGet("/outbox", Outbox).RequireAuthorization(Policies.Administrator).WithSummary("Outbox messages by status (administrators).");
        g.MapPost("/outbox/{id:guid}/retry", Retry).RequireAuthorization(Policies.Administrator).WithSummary("Retry a failed message.");
        return app;
    }

    private static async Task<Results<Ok<InboxResponse>, ValidationProblem>> Inbox(int? take, long? before, Notifier notifier, HttpContext http)
    {
        var n = take ?? 50;
        if (n is < 1 or > 200)
        {
            return Problems.Invalid("take", "must be between 1 and 200");
        }

        if (before is < 1)
        {
            return Problems.Invalid("before", "a message id (older messages than this one)");
        }

        var (items, unread) = await notifier.InboxAsync(CurrentUser.From(http.User).UserId, n, http.RequestAborted, before);
        return TypedResults.Ok(new InboxResponse(items, unread));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(long id, Notifier notifier, HttpContext http) =>
        await notifier.MarkReadAsync(CurrentUser.From(http.User).UserId, id, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound($"You have no message {id}.");

    private static async Task<Results<Ok<IReadOnlyList<OutboxItem>>, ValidationProblem>> Outbox(string? status, Notifier notifier, HttpContext http)
    {
        OutboxStatus? filter = null;
        if (status is not null)
        {
            if (!EnumNames.TryParse<OutboxStatus>(status, out var s))
            {
                return Problems.Invalid("status", "must be pending, delivered or failed");
            }

            filter = s;
        }

        return TypedResults.Ok(await notifier.OutboxAsync(filter, 200, http.RequestAborted));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Retry(Guid id, Notifier notifier, HttpContext http) =>
        await notifier.RetryAsync(CurrentUser.From(http.User), id, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No failed outbox message {id}.");
}

/// <summary>The demo's first messages, so the portal inbox is not empty on first sign-in.</summary>
internal static class DemoMessages
{
    public static async Task LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PlatformUser>>();
        var notifier = services.GetRequiredService<Notifier>();
        foreach (var name in new[] { "citizen", "company" })
        {
            var user = await users.FindByNameAsync(name);
            if (user is null)
            {
                continue;
            }

            await notifier.EnqueueAsync(new Notification(Channel.InApp, "欢迎使用一网通城 Welcome to OneCity",
                "您可以在这里一次办好“一件事”，查看办件进度和电子证照。You can get a whole \"one thing\" done here at once and follow your applications and e-licences.",
                RecipientUserId: user.Id, Link: "/portal", DeduplicationKey: "demo-welcome-" + name), ct);
        }
    }
}

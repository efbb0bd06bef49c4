using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Data;
using OneCity.Platform.PersonalData;

namespace OneCity.Platform.Notifications;

/// <summary>One way of delivering a notification. Register more (a real SMS gateway, SMTP) to replace the demo's.</summary>
public interface INotificationSender
{
    Channel Channel { get; }

    /// <summary>Delivers or throws; a throw schedules a retry.</summary>
    Task SendAsync(NotificationEnvelope message, CancellationToken ct);
}

/// <summary>What a sender gets: the message with its address decrypted.</summary>
public sealed record NotificationEnvelope(Guid Id, Channel Channel, string? RecipientUserId, string? Address, string Subject, string Body, string? Link, DateTimeOffset CreatedAt);

/// <summary>
/// Puts the message in the recipient's portal inbox; idempotent per outbox message. The inbox row is added to the
/// dispatcher's own context (the same scope), so it commits in one transaction with the message's delivered status
/// for the whole batch: no commit per message, and never an inbox row without its outbox record saying so.
/// </summary>
internal sealed class InAppSender(PlatformDbContext db) : INotificationSender
{
    public Channel Channel => Channel.InApp;

    public async Task SendAsync(NotificationEnvelope message, CancellationToken ct)
    {
        if (message.RecipientUserId is null)
        {
            throw new InvalidOperationException("An in-app message needs a recipient user.");
        }

        if (await db.Set<InboxMessage>().AnyAsync(m => m.OutboxId == message.Id, ct))
        {
            return;
        }

        db.Set<InboxMessage>().Add(new InboxMessage
        {
            OutboxId = message.Id, UserId = message.RecipientUserId, Subject = message.Subject, Body = message.Body,
            Link = message.Link, CreatedAt = message.CreatedAt,
        });
    }
}

/// <summary>The demo's SMS "gateway": logs that a message would be sent, with the number masked.</summary>
internal sealed class LoggingSmsSender(ILogger<LoggingSmsSender> logger) : INotificationSender
{
    public Channel Channel => Channel.Sms;

    public Task SendAsync(NotificationEnvelope message, CancellationToken ct)
    {
        logger.LogInformation("SMS to {Mobile}: {Subject}", Masking.Mobile(message.Address), message.Subject);
        return Task.CompletedTask;
    }
}

/// <summary>The demo's e-mail sender: logs the message, with the address masked.</summary>
internal sealed class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : INotificationSender
{
    public Channel Channel => Channel.Email;

    public Task SendAsync(NotificationEnvelope message, CancellationToken ct)
    {
        logger.LogInformation("E-mail to {Address}: {Subject}", Masking.Keep(message.Address, 2, 4), message.Subject);
        return Task.CompletedTask;
    }
}

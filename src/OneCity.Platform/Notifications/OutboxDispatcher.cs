using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Data;
using OneCity.Platform.PersonalData;

namespace OneCity.Platform.Notifications;

/// <summary>
/// Delivers outbox messages at least once. Each round claims a batch of due messages with a lease (one UPDATE, so
/// two dispatchers never take the same message), sends them, and records success or schedules a retry with
/// exponential back-off; after <see cref="MaxAttempts"/> the message is marked failed for an administrator.
/// </summary>
internal sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 8;
    public const int BatchSize = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await DeliverDueAsync(stoppingToken);
                if (delivered == BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox round failed; retrying");
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: claim, send, record. Returns how many messages were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        // The last sender registered for a channel wins, so a deployment replaces the demo senders by adding its own.
        var senders = scope.ServiceProvider.GetServices<INotificationSender>().GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());
        var now = clock.GetUtcNow();

        var due = await db.Set<OutboxMessage>()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var leaseUntil = now + Lease;
        await db.Set<OutboxMessage>()
            .Where(m => due.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, leaseUntil), ct);
        var claimed = await db.Set<OutboxMessage>().Where(m => due.Contains(m.Id) && m.LeaseUntil == leaseUntil).ToListAsync(ct);

        foreach (var m in claimed)
        {
            m.Attempts++;
            m.LeaseUntil = null;
            try
            {
                if (!senders.TryGetValue(m.Channel, out var sender))
                {
                    throw new InvalidOperationException($"No sender for channel {m.Channel}.");
                }

                await sender.SendAsync(new NotificationEnvelope(m.Id, m.Channel, m.RecipientUserId, protector.UnprotectOrNull(m.AddressCipher), m.Subject, m.Body, m.Link, m.CreatedAt), ct);
                m.Status = OutboxStatus.Delivered;
                m.DeliveredAt = clock.GetUtcNow();
                m.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                m.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                if (m.Attempts >= MaxAttempts)
                {
                    m.Status = OutboxStatus.Failed;
                    logger.LogWarning("Outbox message {Id} failed for good after {Attempts} attempts: {Error}", m.Id, m.Attempts, m.LastError);
                }
                else
                {
                    m.NextAttemptAt = clock.GetUtcNow() + Backoff(m.Attempts);
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return claimed.Count;
    }

    /// <summary>5 s, 10 s, 20 s … capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, attempts - 1)));
}

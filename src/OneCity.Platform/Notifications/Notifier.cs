using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;

namespace OneCity.Platform.Notifications;

/// <summary>A request to tell someone something.</summary>
public sealed record Notification(Channel Channel, string Subject, string Body, string? RecipientUserId = null, string? Address = null, string? Link = null, string? DeduplicationKey = null);

public sealed record InboxItem(long Id, string Subject, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>Queues notifications in the outbox and reads users' inboxes. Modules call this; delivery happens in the background.</summary>
public sealed class Notifier(PlatformDbContext db, PersonalDataProtector protector, AuditLedger ledger, TimeProvider clock)
{
    /// <summary>Adds messages to the outbox (durable once this returns). A repeated deduplication key is ignored.</summary>
    public async Task EnqueueAsync(IEnumerable<Notification> notifications, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var list = notifications.ToList();
        foreach (var n in list)
        {
            Validate(n);
        }

        var keys = list.Where(n => n.DeduplicationKey is not null).Select(n => n.DeduplicationKey!).ToList();
        var existing = keys.Count == 0
            ? new HashSet<string>()
            : (await db.Set<OutboxMessage>().Where(m => m.DeduplicationKey != null && keys.Contains(m.DeduplicationKey)).Select(m => m.DeduplicationKey!).ToListAsync(ct)).ToHashSet();
        foreach (var n in list)
        {
            if (n.DeduplicationKey is not null && !existing.Add(n.DeduplicationKey))
            {
                continue;
            }

            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(now), Channel = n.Channel, RecipientUserId = n.RecipientUserId,
                AddressCipher = protector.ProtectOrNull(n.Address), Subject = n.Subject, Body = n.Body, Link = n.Link,
                DeduplicationKey = n.DeduplicationKey, CreatedAt = now, NextAttemptAt = now, Status = OutboxStatus.Pending,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    public Task EnqueueAsync(Notification notification, CancellationToken ct = default) => EnqueueAsync([notification], ct);

    /// <summary>The user's newest messages, or with <paramref name="before"/> (a message id) the next older page.</summary>
    public async Task<(IReadOnlyList<InboxItem> Items, int Unread)> InboxAsync(string userId, int take, CancellationToken ct, long? before = null)
    {
        var items = await db.Set<InboxMessage>().AsNoTracking().Where(m => m.UserId == userId && (before == null || m.Id < before))
            .OrderByDescending(m => m.Id).Take(take)
            .Select(m => new InboxItem(m.Id, m.Subject, m.Body, m.Link, m.CreatedAt, m.ReadAt)).ToListAsync(ct);
        var unread = await db.Set<InboxMessage>().CountAsync(m => m.UserId == userId && m.ReadAt == null, ct);
        return (items, unread);
    }

    /// <summary>Marks one of the user's own messages read; false when it is not theirs.</summary>
    public async Task<bool> MarkReadAsync(string userId, long messageId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await db.Set<InboxMessage>().Where(m => m.Id == messageId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, m => m.ReadAt ?? now), ct);
        return changed > 0;
    }

    /// <summary>The newest outbox messages, of one status or all (administrators' view; addresses are never shown).</summary>
    public async Task<IReadOnlyList<OutboxItem>> OutboxAsync(OutboxStatus? status, int take, CancellationToken ct)
    {
        var q = db.Set<OutboxMessage>().AsNoTracking();
        if (status is { } s)
        {
            q = q.Where(m => m.Status == s);
        }

        return await q.OrderByDescending(m => m.CreatedAt).Take(take)
            .Select(m => new OutboxItem(m.Id, m.Channel.ToString(), m.Subject, m.Status.ToString(), m.Attempts, m.CreatedAt, m.NextAttemptAt, m.DeliveredAt, m.LastError))
            .ToListAsync(ct);
    }

    /// <summary>Puts a failed message back in the queue with fresh attempts (ledgered); false when no failed message has that id.</summary>
    public async Task<bool> RetryAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // The retry and its ledger entry commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<OutboxMessage>().Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now), ct);
        if (changed == 0)
        {
            return false;
        }

        await ledger.AppendAsync(user, new AuditRecord("notification.retried", "outbox-message", id.ToString()), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static void Validate(Notification n)
    {
        if (string.IsNullOrWhiteSpace(n.Subject) || string.IsNullOrWhiteSpace(n.Body))
        {
            throw new ArgumentException("A notification needs a subject and a body.");
        }

        if (n.Channel == Channel.InApp && n.RecipientUserId is null)
        {
            throw new ArgumentException("An in-app notification needs a recipient user.");
        }

        if (n.Channel != Channel.InApp && string.IsNullOrWhiteSpace(n.Address))
        {
            throw new ArgumentException("SMS and e-mail notifications need an address.");
        }
    }
}

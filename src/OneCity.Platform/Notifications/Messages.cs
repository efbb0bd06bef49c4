using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Notifications;

/// <summary>How a notification reaches its recipient.</summary>
public enum Channel
{
    InApp = 0,
    Sms = 1,
    Email = 2,
}

public enum OutboxStatus
{
    Pending = 0,
    Delivered = 1,
    /// <summary>Gave up after the maximum number of attempts; an administrator can retry it.</summary>
    Failed = 2,
}

/// <summary>
/// A notification waiting to be delivered. Written in the same database as the change that caused it, delivered by
/// <see cref="OutboxDispatcher"/> at least once, with exponential back-off between attempts.
/// </summary>
internal sealed class OutboxMessage
{
    public Guid Id { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>The platform user the message is for (in-app messages need one).</summary>
    public string? RecipientUserId { get; init; }

    /// <summary>Phone number or e-mail address for SMS/e-mail, encrypted at rest.</summary>
    public string? AddressCipher { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    /// <summary>Where the message leads in the portal, e.g. an application page.</summary>
    public string? Link { get; init; }

    /// <summary>Callers' key so that the same event enqueued twice is delivered once.</summary>
    public string? DeduplicationKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A dispatcher holds the message until then; another dispatcher may take it afterwards.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A message in a user's portal inbox.</summary>
internal sealed class InboxMessage
{
    public long Id { get; init; }

    /// <summary>The outbox message this came from; unique, so a repeated delivery adds nothing.</summary>
    public Guid OutboxId { get; init; }

    public required string UserId { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public string? Link { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("notification_outbox");
        b.HasKey(m => m.Id);
        b.Property(m => m.RecipientUserId).HasMaxLength(64);
        b.Property(m => m.AddressCipher).HasMaxLength(400);
        b.Property(m => m.Subject).HasMaxLength(200);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.Property(m => m.Link).HasMaxLength(400);
        b.Property(m => m.DeduplicationKey).HasMaxLength(200);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.DeduplicationKey).IsUnique();
    }
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> b)
    {
        b.ToTable("notification_inbox");
        b.HasKey(m => m.Id);
        b.Property(m => m.UserId).HasMaxLength(64);
        b.Property(m => m.Subject).HasMaxLength(200);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.Property(m => m.Link).HasMaxLength(400);
        b.HasIndex(m => m.OutboxId).IsUnique();
        b.HasIndex(m => new { m.UserId, m.CreatedAt });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.DataHub.Tracker;

internal enum ObjectionStatus
{
    Open = 0,
    /// <summary>The steward found the access improper and acted (e.g. revoked the grant).</summary>
    Upheld = 1,
    /// <summary>The steward found the access lawful and explained why.</summary>
    Rejected = 2,
}

/// <summary>A citizen's objection to one recorded access to their data; goes to the data stewards' queue with a deadline.</summary>
internal sealed class Objection
{
    public long Id { get; init; }

    public required string PersonId { get; init; }

    /// <summary>The citizen's account that raised it (for notifications).</summary>
    public required string UserId { get; init; }

    /// <summary>The audit ledger entry objected to.</summary>
    public required long AuditSeq { get; init; }

    /// <summary>Copied from the ledger entry so the queue reads without joining another module's tables.</summary>
    public required string AccessAction { get; init; }

    public string? AccessDepartment { get; init; }

    public string? AccessPurpose { get; init; }

    public DateTimeOffset AccessTime { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>Answer due by the end of this working day (15 working days), or null when the calendar has no data for it yet.</summary>
    public DateOnly? DueOn { get; init; }

    public ObjectionStatus Status { get; set; }

    public string? Response { get; set; }

    public string? HandledBy { get; set; }

    public DateTimeOffset? HandledAt { get; set; }
}

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.ToTable("datahub_objections");
        b.HasKey(o => o.Id);
        b.Property(o => o.PersonId).HasMaxLength(20);
        b.Property(o => o.UserId).HasMaxLength(64);
        b.Property(o => o.AccessAction).HasMaxLength(100);
        b.Property(o => o.AccessDepartment).HasMaxLength(40);
        b.Property(o => o.AccessPurpose).HasMaxLength(200);
        b.Property(o => o.Reason).HasMaxLength(1000);
        b.Property(o => o.Response).HasMaxLength(2000);
        b.Property(o => o.HandledBy).HasMaxLength(100);
        b.HasIndex(o => new { o.Status, o.DueOn });
        b.HasIndex(o => o.PersonId);
        b.HasIndex(o => new { o.PersonId, o.AuditSeq }).IsUnique();
    }
}

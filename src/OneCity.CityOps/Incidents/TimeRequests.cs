using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.CityOps.Incidents;

/// <summary>延期 (more time) or 挂起 (the clock paused).</summary>
internal enum TimeRequestKind
{
    /// <summary>Extra working time: the handling and closure deadlines move by it (延期).</summary>
    Extension = 1,

    /// <summary>The SLA clock pauses until the order is resumed; the deadlines then move by the paused time (挂起).</summary>
    Suspension = 2,
}

internal enum TimeRequestStatus
{
    /// <summary>Waiting for the dispatcher (or commander) of the jurisdiction.</summary>
    Pending = 1,

    Approved = 2,

    Rejected = 3,

    /// <summary>Overtaken before a decision: the unit gave its feedback or the incident was merged.</summary>
    Withdrawn = 4,
}

/// <summary>
/// A handling unit's request for an extension or a suspension of its work order, and the decision on it. Rows are never
/// deleted: the incident's history of extensions and suspensions stays readable (and counted in the KPIs).
/// </summary>
internal sealed class TimeRequest
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public long WorkOrderId { get; set; }

    public TimeRequestKind Kind { get; set; }

    public TimeRequestStatus Status { get; set; }

    /// <summary>The requesting unit (the lead unit holding the accepted work order).</summary>
    public required string UnitCode { get; set; }

    /// <summary>Extension: extra working hours (exclusive with <see cref="WorkingDays"/>).</summary>
    public int? WorkingHours { get; set; }

    /// <summary>Extension: extra working days of office hours.</summary>
    public int? WorkingDays { get; set; }

    public required string Reason { get; set; }

    /// <summary>Suspension: when the unit expects to resume (informative; resuming is an action).</summary>
    public DateOnly? ExpectedResumeOn { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionComment { get; set; }

    /// <summary>Suspension: when the clock started again, and who resumed it.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    public string? ResumedBy { get; set; }

    /// <summary>The deadlines before and after the change (an approved extension, or a resumed suspension).</summary>
    public DateTimeOffset? HandleDueBefore { get; set; }

    public DateTimeOffset? HandleDueAfter { get; set; }

    public DateTimeOffset? CloseDueBefore { get; set; }

    public DateTimeOffset? CloseDueAfter { get; set; }

    /// <summary>An approved suspension whose clock has not been resumed yet.</summary>
    public bool Active => Kind == TimeRequestKind.Suspension && Status == TimeRequestStatus.Approved && ResumedAt is null;
}

internal sealed class TimeRequestConfiguration : IEntityTypeConfiguration<TimeRequest>
{
    public void Configure(EntityTypeBuilder<TimeRequest> b)
    {
        b.ToTable("ops_time_requests");
        b.Property(r => r.UnitCode).HasMaxLength(40);
        b.Property(r => r.Reason).HasMaxLength(1000);
        b.Property(r => r.RequestedBy).HasMaxLength(64);
        b.Property(r => r.DecidedBy).HasMaxLength(64);
        b.Property(r => r.DecisionComment).HasMaxLength(1000);
        b.Property(r => r.ResumedBy).HasMaxLength(64);
        b.Ignore(r => r.Active);
        b.HasOne<WorkOrder>().WithMany().HasForeignKey(r => r.WorkOrderId);
        b.HasIndex(r => new { r.IncidentId, r.Status });
    }
}

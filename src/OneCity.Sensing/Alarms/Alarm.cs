using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Alarms;

/// <summary>
/// One alarm or warning of one device under one rule, from the moment it was raised until it cleared. While it is open
/// the same rule does not raise another for the device (de-duplication until cleared).
/// </summary>
internal sealed class Alarm
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public required string DeviceCode { get; set; }

    public int RuleId { get; set; }

    public RuleKind Kind { get; set; }

    public Severity Severity { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>The reading's own time that raised it.</summary>
    public DateTimeOffset ObservedAt { get; set; }

    public double Value { get; set; }

    public double? Threshold { get; set; }

    /// <summary>For a forecast: when the crossing is expected.</summary>
    public DateTimeOffset? ExpectedAt { get; set; }

    public required string Message { get; set; }

    public DateTimeOffset? ClearedAt { get; set; }

    public string? IncidentNumber { get; set; }

    public bool Synthetic { get; set; }
}

internal sealed class AlarmConfiguration : IEntityTypeConfiguration<Alarm>
{
    public void Configure(EntityTypeBuilder<Alarm> b)
    {
        b.ToTable("sens_alarms");
        b.Property(a => a.DeviceCode).HasMaxLength(60);
        b.Property(a => a.Message).HasMaxLength(500);
        b.Property(a => a.IncidentNumber).HasMaxLength(30);
        b.HasIndex(a => new { a.DeviceId, a.RaisedAt });
        b.HasIndex(a => a.ClearedAt);
    }
}

/// <summary>Rejected readings per device and reason (the device code as sent, also for unknown devices).</summary>
internal sealed class RejectionCount
{
    public required string DeviceCode { get; set; }

    public required string Reason { get; set; }

    public long Count { get; set; }

    public DateTimeOffset LastAt { get; set; }

    public string? LastDetail { get; set; }
}

internal sealed class RejectionCountConfiguration : IEntityTypeConfiguration<RejectionCount>
{
    public void Configure(EntityTypeBuilder<RejectionCount> b)
    {
        b.ToTable("sens_rejections");
        b.HasKey(r => new { r.DeviceCode, r.Reason });
        b.Property(r => r.DeviceCode).HasMaxLength(60);
        b.Property(r => r.Reason).HasMaxLength(20);
        b.Property(r => r.LastDetail).HasMaxLength(200);
    }
}

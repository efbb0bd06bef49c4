using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.CityOps.History;

/// <summary>
/// One request from another city's history (e.g. NYC 311), mapped to OneCity's categories and units, with the data
/// problems found in it. Kept apart from the city's own incidents: it serves analysis and training, not the loop.
/// </summary>
internal sealed class HistoryRecord
{
    public long Id { get; set; }

    public required string Source { get; set; }

    public required string ExternalId { get; set; }

    public string? CategoryCode { get; set; }

    public required string SourceCategory { get; set; }

    public string? UnitCode { get; set; }

    public required string SourceAgency { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null when the source had none, or a closing time before the creation (a recorded problem).</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public required string Status { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? Zip { get; set; }

    public string? Channel { get; set; }

    public string? Text { get; set; }

    /// <summary>Comma-separated problem codes found in the row (closed-before-created, placeholder-zip, …).</summary>
    public string? Problems { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
}

internal sealed class HistoryRecordConfiguration : IEntityTypeConfiguration<HistoryRecord>
{
    public void Configure(EntityTypeBuilder<HistoryRecord> b)
    {
        b.ToTable("ops_history");
        b.Property(r => r.Source).HasMaxLength(40);
        b.Property(r => r.ExternalId).HasMaxLength(40);
        b.Property(r => r.CategoryCode).HasMaxLength(12);
        b.Property(r => r.SourceCategory).HasMaxLength(120);
        b.Property(r => r.UnitCode).HasMaxLength(40);
        b.Property(r => r.SourceAgency).HasMaxLength(40);
        b.Property(r => r.Status).HasMaxLength(40);
        b.Property(r => r.Zip).HasMaxLength(10);
        b.Property(r => r.Channel).HasMaxLength(20);
        b.Property(r => r.Text).HasMaxLength(4000);
        b.Property(r => r.Problems).HasMaxLength(400);
        b.HasIndex(r => new { r.Source, r.ExternalId }).IsUnique();
        b.HasIndex(r => new { r.Source, r.CreatedAt });
    }
}

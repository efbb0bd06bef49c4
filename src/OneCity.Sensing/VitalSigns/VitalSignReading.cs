using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Sensing.VitalSigns;

/// <summary>One indicator's value in one area at one moment (the trend charts read these).</summary>
internal sealed class VitalSignReading
{
    public long Id { get; set; }

    public required string Indicator { get; set; }

    public required string AreaCode { get; set; }

    public DateTimeOffset At { get; set; }

    public double Value { get; set; }

    public VitalLevel Level { get; set; }
}

internal sealed class VitalSignReadingConfiguration : IEntityTypeConfiguration<VitalSignReading>
{
    public void Configure(EntityTypeBuilder<VitalSignReading> b)
    {
        b.ToTable("sens_vital_signs");
        b.Property(r => r.Indicator).HasMaxLength(40);
        b.Property(r => r.AreaCode).HasMaxLength(12);
        b.HasIndex(r => new { r.Indicator, r.AreaCode, r.At });
    }
}

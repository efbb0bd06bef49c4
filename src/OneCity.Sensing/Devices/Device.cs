using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Sensing.Devices;

/// <summary>One registered sensor: where it is, who owns it, what it measures, the range it can read and its thresholds.</summary>
internal sealed class Device
{
    /// <summary>Dense numeric id: the telemetry store and the rule state are keyed by it.</summary>
    public int Id { get; set; }

    /// <summary>The public id, e.g. <c>WL-310101-01</c>; the MQTT topic is <c>onecity/telemetry/{Code}</c>.</summary>
    public required string Code { get; set; }

    public DeviceType Type { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    /// <summary>WGS84.</summary>
    public double Longitude { get; set; }

    public double Latitude { get; set; }

    public required string DistrictCode { get; set; }

    public string? SubdistrictCode { get; set; }

    /// <summary>The owning department (a city department or a district bureau code such as <c>310101-SWJ</c>).</summary>
    public required string DepartmentCode { get; set; }

    /// <summary>The measurement unit, e.g. <c>m</c>.</summary>
    public required string Unit { get; set; }

    /// <summary>Readings outside [ValidMin, ValidMax] are physically impossible for the device and rejected.</summary>
    public double ValidMin { get; set; }

    public double ValidMax { get; set; }

    public double WarningThreshold { get; set; }

    public double AlarmThreshold { get; set; }

    /// <summary>A raised threshold alarm clears only below threshold − hysteresis, so a value hovering at the line raises it once.</summary>
    public double Hysteresis { get; set; }

    /// <summary>How often the device reports; offline detection counts missed periods.</summary>
    public int PeriodSeconds { get; set; }

    /// <summary>Readings are synthesised (the typhoon replay's virtual gauges), and labelled so wherever they are shown.</summary>
    public bool Synthetic { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> b)
    {
        b.ToTable("sens_devices");
        b.Property(d => d.Code).HasMaxLength(60);
        b.HasIndex(d => d.Code).IsUnique();
        b.Property(d => d.NameZh).HasMaxLength(100);
        b.Property(d => d.NameEn).HasMaxLength(100);
        b.Property(d => d.DistrictCode).HasMaxLength(12);
        b.Property(d => d.SubdistrictCode).HasMaxLength(12);
        b.Property(d => d.DepartmentCode).HasMaxLength(40);
        b.Property(d => d.Unit).HasMaxLength(16);
        b.HasIndex(d => new { d.DistrictCode, d.Type });
    }
}

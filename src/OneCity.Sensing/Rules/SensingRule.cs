using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.Sensing.Devices;

namespace OneCity.Sensing.Rules;

/// <summary>What a rule watches for.</summary>
internal enum RuleKind
{
    /// <summary>Value at or above a threshold (the device's own warning or alarm threshold unless the rule sets one), cleared below threshold − hysteresis.</summary>
    Threshold = 1,

    /// <summary>Change faster than <see cref="SensingRule.MaxChangePerMinute"/> between consecutive readings.</summary>
    RateOfChange = 2,

    /// <summary>No reading for <see cref="SensingRule.OfflinePeriods"/> reporting periods.</summary>
    Offline = 3,

    /// <summary>Robust anomaly: |value − median| / (1.4826 × MAD) over the last <see cref="SensingRule.Window"/> readings above <see cref="SensingRule.MadK"/>.</summary>
    Anomaly = 4,

    /// <summary>Holt's linear trend forecast predicts the alarm threshold is crossed within <see cref="SensingRule.HorizonMinutes"/>.</summary>
    Forecast = 5,
}

internal enum Severity
{
    /// <summary>预警: attention needed, nothing is wrong yet (a warning level, a predicted crossing).</summary>
    Warning = 1,

    /// <summary>告警: act now.</summary>
    Alarm = 2,
}

/// <summary>
/// An alarm rule for a device type, or for one device (which then replaces the type's rule of the same kind and
/// severity). Parameters a kind does not use are null.
/// </summary>
internal sealed class SensingRule
{
    public int Id { get; set; }

    public DeviceType? DeviceType { get; set; }

    public string? DeviceCode { get; set; }

    public RuleKind Kind { get; set; }

    public Severity Severity { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    /// <summary>Threshold rules: an explicit threshold; null uses the device's warning or alarm threshold by severity.</summary>
    public double? Threshold { get; set; }

    public double? MaxChangePerMinute { get; set; }

    public int? OfflinePeriods { get; set; }

    public int? Window { get; set; }

    public double? MadK { get; set; }

    public int? HorizonMinutes { get; set; }

    /// <summary>Raise a CityOps incident (for a forecast: a preventive work order) when the rule fires.</summary>
    public bool CreateIncident { get; set; }

    /// <summary>The CityOps category for the incident; null uses the device type's.</summary>
    public string? CategoryCode { get; set; }

    public bool Active { get; set; } = true;
}

internal sealed class SensingRuleConfiguration : IEntityTypeConfiguration<SensingRule>
{
    public void Configure(EntityTypeBuilder<SensingRule> b)
    {
        b.ToTable("sens_rules");
        b.Property(r => r.DeviceCode).HasMaxLength(60);
        b.Property(r => r.NameZh).HasMaxLength(100);
        b.Property(r => r.NameEn).HasMaxLength(100);
        b.Property(r => r.CategoryCode).HasMaxLength(12);
    }
}

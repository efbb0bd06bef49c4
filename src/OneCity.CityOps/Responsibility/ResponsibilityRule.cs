using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Responsibility;

/// <summary>
/// One line of the responsibility list (权责清单): problems of a category (and its sub-categories) in an area go to
/// the unit of a department line at a level, found in the incident's own area — or to one fixed unit.
/// </summary>
internal sealed class ResponsibilityRule
{
    public long Id { get; set; }

    public required string CategoryCode { get; set; }

    /// <summary>The area the rule covers; 310000 is the whole city. A longer (more specific) code wins.</summary>
    public required string AreaCode { get; set; }

    /// <summary>The level of the responsible unit: city, district or subdistrict.</summary>
    public AreaLevel UnitLevel { get; set; }

    /// <summary>The department line at that level (subdistrict and town offices are <c>BSC</c>).</summary>
    public string? UnitLine { get; set; }

    /// <summary>A fixed unit instead of level and line.</summary>
    public string? UnitCode { get; set; }

    /// <summary>Co-unit lines (协办) at the same level, comma-separated.</summary>
    public string? CoUnitLines { get; set; }

    public string? Note { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public IReadOnlyList<string> CoLines => string.IsNullOrEmpty(CoUnitLines) ? [] : CoUnitLines.Split(',');
}

internal sealed class ResponsibilityRuleConfiguration : IEntityTypeConfiguration<ResponsibilityRule>
{
    public void Configure(EntityTypeBuilder<ResponsibilityRule> b)
    {
        b.ToTable("ops_responsibility_rules");
        b.Property(r => r.CategoryCode).HasMaxLength(12);
        b.Property(r => r.AreaCode).HasMaxLength(20);
        b.Property(r => r.UnitLine).HasMaxLength(20);
        b.Property(r => r.UnitCode).HasMaxLength(40);
        b.Property(r => r.CoUnitLines).HasMaxLength(200);
        b.Property(r => r.Note).HasMaxLength(500);
        b.Property(r => r.UpdatedBy).HasMaxLength(64);
        b.HasIndex(r => new { r.CategoryCode, r.AreaCode });
    }
}

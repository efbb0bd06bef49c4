using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.GovServices.Catalogue;

/// <summary>A service in the catalogue; <see cref="DefinitionJson"/> holds the whole <see cref="ServiceDefinition"/>.</summary>
internal sealed class ServiceRow
{
    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    public required string DepartmentLine { get; set; }

    public ServiceKind Kind { get; set; }

    public required string DefinitionJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal enum BundleVersionStatus
{
    Draft = 1,
    Published = 2,
    Retired = 3,
}

/// <summary>One version of a bundle. The newest published version is the one applicants apply for.</summary>
internal sealed class BundleVersionRow
{
    public long Id { get; set; }

    public required string BundleCode { get; set; }

    public int Version { get; set; }

    public BundleVersionStatus Status { get; set; }

    public required string DefinitionJson { get; set; }

    public required string EditedBy { get; set; }

    public DateTimeOffset EditedAt { get; set; }

    public string? PublishedBy { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
}

internal sealed class ServiceRowConfiguration : IEntityTypeConfiguration<ServiceRow>
{
    public void Configure(EntityTypeBuilder<ServiceRow> b)
    {
        b.ToTable("gov_services");
        b.HasKey(s => s.Code);
        b.Property(s => s.Code).HasMaxLength(40);
        b.Property(s => s.NameZh).HasMaxLength(200);
        b.Property(s => s.NameEn).HasMaxLength(300);
        b.Property(s => s.DepartmentLine).HasMaxLength(10);
    }
}

internal sealed class BundleVersionRowConfiguration : IEntityTypeConfiguration<BundleVersionRow>
{
    public void Configure(EntityTypeBuilder<BundleVersionRow> b)
    {
        b.ToTable("gov_bundle_versions");
        b.Property(v => v.BundleCode).HasMaxLength(60);
        b.Property(v => v.EditedBy).HasMaxLength(100);
        b.Property(v => v.PublishedBy).HasMaxLength(100);
        b.HasIndex(v => new { v.BundleCode, v.Version }).IsUnique();
    }
}

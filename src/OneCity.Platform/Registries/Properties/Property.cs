using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Registries.Properties;

/// <summary>A registered real property (不动产) with its certificate number and owners.</summary>
internal sealed class Property
{
    /// <summary>The certificate number, e.g. 沪(2023)黄浦区不动产权第0001234号.</summary>
    public required string CertificateNumber { get; init; }

    public required string DistrictCode { get; init; }

    /// <summary>A dwelling's address is personal data when linked to its owner; stored encrypted with a masked copy.</summary>
    public required string AddressCipher { get; set; }

    public required string AddressMasked { get; set; }

    public required decimal FloorAreaSqm { get; init; }

    public required PropertyUse Use { get; init; }

    public required DateOnly RegisteredOn { get; set; }

    public bool Synthetic { get; init; }

    public List<PropertyOwner> Owners { get; init; } = [];
}

public enum PropertyUse
{
    Residential = 0,
    Commercial = 1,
    Office = 2,
    Industrial = 3,
}

internal sealed class PropertyOwner
{
    public long Id { get; init; }

    public required string CertificateNumber { get; init; }

    /// <summary>A person id or a credit code.</summary>
    public required string OwnerId { get; init; }

    public required decimal SharePercent { get; init; }
}

internal sealed class PropertyConfiguration : IEntityTypeConfiguration<Property>
{
    public void Configure(EntityTypeBuilder<Property> b)
    {
        b.ToTable("registry_properties");
        b.HasKey(p => p.CertificateNumber);
        b.Property(p => p.CertificateNumber).HasMaxLength(60);
        b.Property(p => p.DistrictCode).HasMaxLength(6);
        b.Property(p => p.AddressCipher).HasMaxLength(400);
        b.Property(p => p.AddressMasked).HasMaxLength(100);
        b.Property(p => p.FloorAreaSqm).HasPrecision(10, 2);
        b.HasMany(p => p.Owners).WithOne().HasForeignKey(o => o.CertificateNumber);
    }
}

internal sealed class PropertyOwnerConfiguration : IEntityTypeConfiguration<PropertyOwner>
{
    public void Configure(EntityTypeBuilder<PropertyOwner> b)
    {
        b.ToTable("registry_property_owners");
        b.HasKey(o => o.Id);
        b.Property(o => o.CertificateNumber).HasMaxLength(60);
        b.Property(o => o.OwnerId).HasMaxLength(20);
        b.Property(o => o.SharePercent).HasPrecision(5, 2);
        b.HasIndex(o => o.OwnerId);
    }
}

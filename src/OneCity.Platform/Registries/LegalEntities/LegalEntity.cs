using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Registries.LegalEntities;

/// <summary>A legal entity in the legal-entity registry (法人库), keyed by its unified social credit code.</summary>
internal sealed class LegalEntity
{
    public required string CreditCode { get; init; }

    public required string Name { get; set; }

    public required LegalEntityKind Kind { get; init; }

    /// <summary>The legal representative, a population-registry person.</summary>
    public required string LegalRepresentativeId { get; set; }

    public required string DistrictCode { get; set; }

    /// <summary>Registered business address: not personal data for a company.</summary>
    public required string Address { get; set; }

    public required DateOnly EstablishedOn { get; init; }

    /// <summary>Registered capital in units of 10,000 yuan.</summary>
    public decimal RegisteredCapital { get; set; }

    public required string Industry { get; set; }

    public LegalEntityStatus Status { get; set; }

    public bool Synthetic { get; init; }
}

public enum LegalEntityKind
{
    LimitedCompany = 0,
    IndividualBusiness = 1,
    Partnership = 2,
    SocialOrganisation = 3,
}

public enum LegalEntityStatus
{
    Active = 0,
    Deregistered = 1,
    Revoked = 2,
}

internal sealed class LegalEntityConfiguration : IEntityTypeConfiguration<LegalEntity>
{
    public void Configure(EntityTypeBuilder<LegalEntity> b)
    {
        b.ToTable("registry_legal_entities");
        b.HasKey(e => e.CreditCode);
        b.Property(e => e.CreditCode).HasMaxLength(18);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.LegalRepresentativeId).HasMaxLength(20);
        b.Property(e => e.DistrictCode).HasMaxLength(6);
        b.Property(e => e.Address).HasMaxLength(300);
        b.Property(e => e.Industry).HasMaxLength(100);
        b.Property(e => e.RegisteredCapital).HasPrecision(18, 2);
        b.HasIndex(e => e.LegalRepresentativeId);
        b.HasIndex(e => e.DistrictCode);
    }
}

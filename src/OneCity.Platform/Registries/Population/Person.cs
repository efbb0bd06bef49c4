using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Registries.Population;

/// <summary>
/// One resident in the population registry (人口库). Personal values are stored encrypted (SM4-GCM) with a masked
/// copy for display and a blind index for equality search; nothing personal is stored in clear except the birth
/// date and gender, which eligibility rules need (documented in docs/architecture/registries.md).
/// </summary>
internal sealed class Person
{
    public required string Id { get; init; }

    public required string NameCipher { get; set; }

    public required string NameMasked { get; set; }

    public required string IdNumberCipher { get; set; }

    public required string IdNumberMasked { get; set; }

    /// <summary>HMAC-SM3 of the normalised identity number.</summary>
    public required string IdNumberIndex { get; set; }

    public string? MobileCipher { get; set; }

    public string? MobileMasked { get; set; }

    public string? MobileIndex { get; set; }

    public required string AddressCipher { get; set; }

    public required string AddressMasked { get; set; }

    public required Gender Gender { get; init; }

    public required DateOnly BirthDate { get; init; }

    /// <summary>District of household registration (户籍), GB/T 2260 code.</summary>
    public required string HukouDistrictCode { get; set; }

    /// <summary>Neighbourhood (居委会/村委会) of residence, 12-digit code.</summary>
    public required string ResidenceAreaCode { get; set; }

    public MaritalStatus MaritalStatus { get; set; }

    public PersonStatus Status { get; set; }

    /// <summary>True for the generated demo population; shown on every page that displays the person.</summary>
    public bool Synthetic { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum Gender
{
    Female = 0,
    Male = 1,
}

public enum MaritalStatus
{
    Unmarried = 0,
    Married = 1,
    Divorced = 2,
    Widowed = 3,
}

public enum PersonStatus
{
    Alive = 0,
    Deceased = 1,
    Emigrated = 2,
}

/// <summary>A family relation between two residents, stored once per direction.</summary>
internal sealed class FamilyLink
{
    public long Id { get; init; }

    public required string PersonId { get; init; }

    public required string RelatedPersonId { get; init; }

    public required FamilyRelation Relation { get; init; }
}

public enum FamilyRelation
{
    Spouse = 0,
    Parent = 1,
    Child = 2,
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("registry_people");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).HasMaxLength(20);
        b.Property(p => p.NameCipher).HasMaxLength(200);
        b.Property(p => p.NameMasked).HasMaxLength(40);
        b.Property(p => p.IdNumberCipher).HasMaxLength(200);
        b.Property(p => p.IdNumberMasked).HasMaxLength(20);
        b.Property(p => p.IdNumberIndex).HasMaxLength(64);
        b.Property(p => p.MobileCipher).HasMaxLength(200);
        b.Property(p => p.MobileMasked).HasMaxLength(20);
        b.Property(p => p.MobileIndex).HasMaxLength(64);
        b.Property(p => p.AddressCipher).HasMaxLength(400);
        b.Property(p => p.AddressMasked).HasMaxLength(100);
        b.Property(p => p.HukouDistrictCode).HasMaxLength(6);
        b.Property(p => p.ResidenceAreaCode).HasMaxLength(12);
        b.HasIndex(p => p.IdNumberIndex).IsUnique();
        b.HasIndex(p => p.MobileIndex);
        b.HasIndex(p => p.HukouDistrictCode);
        b.HasIndex(p => p.ResidenceAreaCode);
    }
}

internal sealed class FamilyLinkConfiguration : IEntityTypeConfiguration<FamilyLink>
{
    public void Configure(EntityTypeBuilder<FamilyLink> b)
    {
        b.ToTable("registry_family_links");
        b.HasKey(l => l.Id);
        b.Property(l => l.PersonId).HasMaxLength(20);
        b.Property(l => l.RelatedPersonId).HasMaxLength(20);
        b.HasIndex(l => new { l.PersonId, l.RelatedPersonId, l.Relation }).IsUnique();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Registries.ELicences;

/// <summary>An electronically issued licence or certificate (电子证照), signed with the platform's SM2 key.</summary>
internal sealed class ELicence
{
    public required string Id { get; init; }

    /// <summary>A code from <see cref="ELicenceTypes"/>.</summary>
    public required string TypeCode { get; init; }

    /// <summary>The number printed on the licence.</summary>
    public required string Number { get; init; }

    public required HolderKind HolderKind { get; init; }

    /// <summary>Person id or credit code.</summary>
    public required string HolderId { get; init; }

    public required string IssuerDepartmentCode { get; init; }

    public required DateOnly IssuedOn { get; init; }

    public DateOnly? ValidUntil { get; init; }

    /// <summary>The licence's content as JSON; personal values inside are encrypted as a whole.</summary>
    public required string DataCipher { get; init; }

    /// <summary>Hex SM2 signature over the canonical payload (see <see cref="ELicenceSigner"/>).</summary>
    public required string Signature { get; init; }

    public ELicenceStatus Status { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public bool Synthetic { get; init; }
}

public enum HolderKind
{
    Person = 0,
    LegalEntity = 1,
}

public enum ELicenceStatus
{
    Valid = 0,
    Revoked = 1,
}

internal sealed class ELicenceConfiguration : IEntityTypeConfiguration<ELicence>
{
    public void Configure(EntityTypeBuilder<ELicence> b)
    {
        b.ToTable("registry_elicences");
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).HasMaxLength(40);
        b.Property(l => l.TypeCode).HasMaxLength(60);
        b.Property(l => l.Number).HasMaxLength(80);
        b.Property(l => l.HolderId).HasMaxLength(20);
        b.Property(l => l.IssuerDepartmentCode).HasMaxLength(40);
        b.Property(l => l.DataCipher).HasMaxLength(8000);
        b.Property(l => l.Signature).HasMaxLength(200);
        b.Property(l => l.RevokedReason).HasMaxLength(500);
        b.HasIndex(l => new { l.HolderId, l.TypeCode });
        b.HasIndex(l => new { l.TypeCode, l.Number }).IsUnique();
    }
}

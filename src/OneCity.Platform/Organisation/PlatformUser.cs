using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Organisation;

/// <summary>A person who signs in: citizen, company representative or staff.</summary>
public sealed class PlatformUser : IdentityUser
{
    /// <summary>Display name (not personal data for staff; for citizens it is masked where shown to others).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The department the user works for (null for citizens and companies).</summary>
    public string? DepartmentCode { get; set; }

    /// <summary>The area the user's authority covers (city, district, subdistrict …), as an area code.</summary>
    public string JurisdictionCode { get; set; } = AreaCodes.City;

    /// <summary>For citizens, the population-registry person this account belongs to.</summary>
    public string? PersonId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PlatformRole : IdentityRole
{
    public PlatformRole() { }

    public PlatformRole(string name) : base(name) { }
}

internal sealed class PlatformUserConfiguration : IEntityTypeConfiguration<PlatformUser>
{
    public void Configure(EntityTypeBuilder<PlatformUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.DepartmentCode).HasMaxLength(40);
        b.Property(u => u.JurisdictionCode).HasMaxLength(20);
        b.Property(u => u.PersonId).HasMaxLength(40);
        b.HasIndex(u => u.PersonId);
    }
}

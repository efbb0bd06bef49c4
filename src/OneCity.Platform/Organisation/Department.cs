using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Organisation;

/// <summary>A government department or office at city, district or subdistrict level.</summary>
public sealed class Department
{
    /// <summary>Stable code: <c>SH-MZ</c> (city civil affairs), <c>310101-MZ</c> (its Huangpu counterpart), <c>310101002-BSC</c> (a subdistrict office).</summary>
    public required string Code { get; init; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    public required AreaLevel Level { get; init; }

    /// <summary>The area the department serves.</summary>
    public required string AreaCode { get; init; }

    /// <summary>The functional line (MZ = civil affairs …) shared by a city department and its district counterparts.</summary>
    public required string Line { get; init; }

    /// <summary>The department one level up in the same line (district bureau → city bureau), if any.</summary>
    public string? ParentCode { get; init; }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.ToTable("departments");
        b.HasKey(d => d.Code);
        b.Property(d => d.Code).HasMaxLength(40);
        b.Property(d => d.NameZh).HasMaxLength(100);
        b.Property(d => d.NameEn).HasMaxLength(200);
        b.Property(d => d.AreaCode).HasMaxLength(20);
        b.Property(d => d.Line).HasMaxLength(20);
        b.Property(d => d.ParentCode).HasMaxLength(40);
        b.HasIndex(d => d.AreaCode);
        b.HasIndex(d => d.Line);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Geography;

/// <summary>
/// One administrative area (city, district, subdistrict, neighbourhood) with its boundary in WGS84.
/// Geometry is GeoJSON text so both providers store it the same way without a spatial extension.
/// </summary>
internal sealed class GeoArea
{
    public required string Code { get; set; }

    public AreaLevel Level { get; set; }

    public string? ParentCode { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    /// <summary>True when the geometry was generated (Voronoi inside the parent), not surveyed.</summary>
    public bool Synthetic { get; set; }

    /// <summary>Polygon or MultiPolygon, GeoJSON, WGS84 longitude/latitude.</summary>
    public string? GeometryJson { get; set; }

    /// <summary>Where the geometry came from and in which system it was declared, e.g. "DataV GeoAtlas, declared gcj02".</summary>
    public string? GeometrySource { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A 100 m unit grid (单元网格): one cell of <see cref="GridLattice"/> whose centre lies in a gridded district.</summary>
internal sealed class GeoGrid
{
    /// <summary>The neighbourhood's 12-digit code, a dash and a 4-digit sequence, e.g. 310101002001-0042.</summary>
    public required string Id { get; set; }

    public int Row { get; set; }

    public int Col { get; set; }

    public required string NeighbourhoodCode { get; set; }

    public required string SubdistrictCode { get; set; }

    public required string DistrictCode { get; set; }
}

internal sealed class GeoAreaConfiguration : IEntityTypeConfiguration<GeoArea>
{
    public void Configure(EntityTypeBuilder<GeoArea> b)
    {
        b.ToTable("geo_areas");
        b.HasKey(a => a.Code);
        b.Property(a => a.Code).HasMaxLength(12);
        b.Property(a => a.ParentCode).HasMaxLength(12);
        b.Property(a => a.NameZh).HasMaxLength(100);
        b.Property(a => a.NameEn).HasMaxLength(100);
        b.Property(a => a.GeometrySource).HasMaxLength(200);
        b.HasIndex(a => a.ParentCode);
        b.HasIndex(a => a.Level);
    }
}

internal sealed class GeoGridConfiguration : IEntityTypeConfiguration<GeoGrid>
{
    public void Configure(EntityTypeBuilder<GeoGrid> b)
    {
        b.ToTable("geo_grids");
        b.HasKey(g => g.Id);
        b.Property(g => g.Id).HasMaxLength(20);
        b.Property(g => g.NeighbourhoodCode).HasMaxLength(12);
        b.Property(g => g.SubdistrictCode).HasMaxLength(9);
        b.Property(g => g.DistrictCode).HasMaxLength(6);
        b.HasIndex(g => g.NeighbourhoodCode);
        b.HasIndex(g => new { g.Row, g.Col }).IsUnique();
    }
}

using NetTopologySuite.Geometries;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Geography;

/// <summary>An area as the locate answer shows it. <see cref="Synthetic"/>: its boundary is generated, not surveyed.</summary>
public sealed record AreaRef(string Code, string Name, string? NameEn, AreaLevel Level, bool Synthetic);

/// <summary>A 100 m unit grid; its id starts with its neighbourhood's code.</summary>
public sealed record GridRef(string Id, int Row, int Col);

/// <summary>Where a point is: district, subdistrict and neighbourhood (when known) and the unit grid (urban districts only).</summary>
public sealed record AreaLocation(AreaRef District, AreaRef? Subdistrict, AreaRef? Neighbourhood, GridRef? Grid)
{
    /// <summary>The most specific area code, e.g. for jurisdiction checks with <see cref="AreaCodes.Covers"/>.</summary>
    public string Code => Grid?.Id ?? Neighbourhood?.Code ?? Subdistrict?.Code ?? District.Code;
}

/// <summary>
/// Answers "which area is this point in" from the in-memory index; safe to call from any thread.
/// Registered as a singleton; rebuilt from the database at start and after an administrator replaces boundaries.
/// </summary>
public sealed class AreaLocator
{
    private volatile GeographySnapshot snapshot = GeographySnapshot.Empty;

    /// <summary>The area containing the point, or null outside the city.</summary>
    public AreaLocation? Locate(double lon, double lat, CoordinateSystem crs = CoordinateSystem.Wgs84)
    {
        if (crs == CoordinateSystem.Gcj02)
        {
            (lon, lat) = Gcj02.ToWgs84(lon, lat);
        }

        return snapshot.Locate(lon, lat);
    }

    /// <summary>Every named area down to neighbourhoods, for gazetteers that find places by name.</summary>
    public IReadOnlyList<AreaRef> NamedAreas() => snapshot.Areas.Values
        .Where(a => a.Level is >= AreaLevel.District and <= AreaLevel.Neighbourhood)
        .Select(a => a.ToRef()).ToList();

    /// <summary>A point inside the area (for a map marker when only the area is known), or null without geometry.</summary>
    public (double Lon, double Lat)? InteriorPoint(string code) =>
        snapshot.Areas.TryGetValue(code, out var a) && a.Geometry is { IsEmpty: false } g
            ? (g.InteriorPoint.X, g.InteriorPoint.Y)
            : null;

    /// <summary>The area with this code (city, district, subdistrict or neighbourhood), or null when unknown.</summary>
    public AreaRef? Find(string code) => snapshot.Areas.TryGetValue(code, out var a) ? a.ToRef() : null;

    /// <summary>
    /// A copy of the area's boundary in WGS84 (a Polygon or MultiPolygon), or null without geometry. Check
    /// <see cref="AreaRef.Synthetic"/> before publishing it: a synthetic boundary is generated, not surveyed.
    /// </summary>
    public Geometry? Boundary(string code) =>
        snapshot.Areas.TryGetValue(code, out var a) && a.Geometry is { IsEmpty: false } g ? g.Copy() : null;

    /// <summary>True when an area (city, district, subdistrict, neighbourhood) or a unit grid has this code.</summary>
    public bool Exists(string code) => snapshot.Areas.ContainsKey(code) || snapshot.GridIds.Contains(code);

    /// <summary>Number of unit grids known to the index.</summary>
    public int GridCount => snapshot.Grids.Count;

    internal GeographySnapshot Snapshot => snapshot;

    internal void Replace(GeographySnapshot next) => snapshot = next;
}

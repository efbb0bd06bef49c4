using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Union;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Geography;

/// <summary>An area while the geography is being built or rebuilt: the entity's fields with a parsed geometry.</summary>
internal sealed class AreaShape
{
    public required string Code { get; init; }

    public AreaLevel Level { get; init; }

    public string? ParentCode { get; init; }

    public required string NameZh { get; init; }

    public string? NameEn { get; init; }

    public bool Synthetic { get; set; }

    public Geometry? Geometry { get; set; }

    public string? Source { get; set; }

    public static AreaShape From(GeoArea a) => new()
    {
        Code = a.Code, Level = a.Level, ParentCode = a.ParentCode, NameZh = a.NameZh, NameEn = a.NameEn,
        Synthetic = a.Synthetic, Source = a.GeometrySource,
        Geometry = a.GeometryJson is null ? null : GeoJson.Read(a.GeometryJson),
    };

    public AreaRef ToRef() => new(Code, NameZh, NameEn, Level, Synthetic);
}

/// <summary>
/// One immutable state of the city's geography: areas, the unit grids and the index over the finest
/// areas ("leaves": neighbourhoods, or a coarser area where no finer one has geometry). Swapped whole.
/// </summary>
internal sealed class GeographySnapshot
{
    public static readonly GeographySnapshot Empty = Build([], []);

    private readonly AreaLocation[] leafLocations;
    private readonly GridRef[] gridRefs;
    private readonly AreaLocation?[] gridLocations;
    private readonly int[] gridLeaf;
    private readonly Lazy<HashSet<string>> gridIds;

    private GeographySnapshot(IReadOnlyList<AreaShape> areas, IReadOnlyList<GeoGrid>? grids, IReadOnlySet<string> griddedDistricts)
    {
        Areas = areas.ToDictionary(a => a.Code, StringComparer.Ordinal);
        var withGeometryChildren = areas.Where(a => a.Geometry is { IsEmpty: false } && a.ParentCode is not null)
            .Select(a => a.ParentCode!).ToHashSet(StringComparer.Ordinal);
        var leaves = new List<AreaShape>();
        var locations = new List<AreaLocation>();
        foreach (var a in areas.Where(a => a.Level is >= AreaLevel.District and <= AreaLevel.Neighbourhood
                     && a.Geometry is { IsEmpty: false } && !withGeometryChildren.Contains(a.Code))
                     .OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            var location = LocationOf(a);
            if (location is not null)
            {
                leaves.Add(a);
                locations.Add(location);
            }
        }

        Leaves = leaves;
        leafLocations = [.. locations];
        Index = RasterIndex.Build(leaves.Select(l => l.Geometry!).ToList());
        Grids = grids ?? GenerateGrids(griddedDistricts);
        gridRefs = Grids.Select(g => new GridRef(g.Id, g.Row, g.Col)).ToArray();
        gridIds = new(() => Grids.Select(g => g.Id).ToHashSet(StringComparer.Ordinal));
        var leafOf = leaves.Select((l, i) => (l.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        gridLocations = new AreaLocation?[Grids.Count];
        gridLeaf = new int[Grids.Count];
        for (var i = 0; i < Grids.Count; i++)
        {
            Index.SetGrid(Grids[i].Row, Grids[i].Col, i);
            gridLeaf[i] = -1;
            if (leafOf.TryGetValue(Grids[i].NeighbourhoodCode, out var leaf))
            {
                gridLeaf[i] = leaf;
                gridLocations[i] = leafLocations[leaf] with { Grid = gridRefs[i] };
            }
        }
    }

    public IReadOnlyDictionary<string, AreaShape> Areas { get; }

    public IReadOnlyList<AreaShape> Leaves { get; }

    public RasterIndex Index { get; }

    public IReadOnlyList<GeoGrid> Grids { get; }

    /// <summary>The unit grids' ids, for "does this grid exist" (built on first use).</summary>
    public IReadOnlySet<string> GridIds => gridIds.Value;

    /// <summary>Builds the snapshot; with <paramref name="grids"/> null the unit grids are generated over <paramref name="griddedDistricts"/>.</summary>
    public static GeographySnapshot Build(IReadOnlyList<AreaShape> areas, IReadOnlyList<GeoGrid>? grids, IReadOnlySet<string>? griddedDistricts = null) =>
        new(areas, grids, griddedDistricts ?? new HashSet<string>());

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> childrenJson = new(StringComparer.Ordinal);

    /// <summary>The children of an area as a simplified GeoJSON FeatureCollection in <paramref name="crs"/> (built once per snapshot, area and crs).</summary>
    public string ChildrenGeoJson(string code, CoordinateSystem crs = CoordinateSystem.Wgs84) => childrenJson.GetOrAdd(code + ":" + Gcj02.Name(crs), _ =>
    {
        var c = code;
        var features = new NetTopologySuite.Features.FeatureCollection();
        var children = Areas.Values
            .Where(a => a.Geometry is { IsEmpty: false } && (c == AreaCodes.City ? a.Level == AreaLevel.District : a.ParentCode == c))
            .OrderBy(a => a.Code, StringComparer.Ordinal);
        foreach (var a in children)
        {
            var simple = Gcj02.Convert(NetTopologySuite.Simplify.TopologyPreservingSimplifier.Simplify(a.Geometry, 0.0002), CoordinateSystem.Wgs84, crs);
            features.Add(new NetTopologySuite.Features.Feature(simple, new NetTopologySuite.Features.AttributesTable
            {
                { "code", a.Code }, { "name", a.NameZh }, { "nameEn", a.NameEn ?? a.NameZh }, { "level", a.Level.ToString().ToLowerInvariant() }, { "synthetic", a.Synthetic },
            }));
        }

        return System.Text.Json.JsonSerializer.Serialize(features, GeoJson.Options);
    });

    public AreaLocation? Locate(double lon, double lat)
    {
        var leaf = Index.Find(lon, lat, out var grid, out var interior);
        if (leaf < 0)
        {
            return null;
        }

        if (grid < 0)
        {
            return leafLocations[leaf];
        }

        // In a cell no boundary crosses, the point shares the leaf of the grid's centre: answer precomputed.
        return interior && gridLeaf[grid] == leaf
            ? gridLocations[grid]
            : leafLocations[leaf] with { Grid = gridRefs[grid] };
    }

    /// <summary>The districts that carry unit grids in the demo city: the <see cref="ShanghaiDistricts.District.Urban"/> ones.</summary>
    public static IReadOnlySet<string> DefaultGriddedDistricts { get; } =
        ShanghaiDistricts.All.Where(d => d.Urban).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>Fills in the geometry of every synthetic area, top-down, inside what its real siblings leave of the parent.</summary>
    public static void Synthesise(IReadOnlyList<AreaShape> areas)
    {
        var children = areas.Where(a => a.ParentCode is not null).ToLookup(a => a.ParentCode!, StringComparer.Ordinal);
        foreach (var level in new[] { AreaLevel.Subdistrict, AreaLevel.Neighbourhood })
        {
            var parents = areas.Where(a => a.Level == level - 1 && a.Geometry is { IsEmpty: false }).ToList();
            Parallel.ForEach(parents, parent =>
            {
                var kids = children[parent.Code].Where(c => c.Level == level).ToList();
                var synthetic = kids.Where(k => k.Synthetic).OrderBy(k => k.Code, StringComparer.Ordinal).ToList();
                if (synthetic.Count == 0)
                {
                    return;
                }

                var region = parent.Geometry!;
                var real = kids.Where(k => !k.Synthetic && k.Geometry is { IsEmpty: false }).Select(k => k.Geometry!).ToList();
                if (real.Count > 0)
                {
                    region = Synthesiser.Polygonal(region.Difference(UnaryUnionOp.Union(real)), GeoJson.Factory);
                }

                var parts = Synthesiser.Partition(region, synthetic.Select(s => s.Code).ToList());

                // A synthetic area with surveyed children takes the ground they cover (within the region) from its
                // synthetic siblings, so the children lie inside their parent and no sibling's cells overlap them.
                var claims = new Dictionary<string, Geometry>(StringComparer.Ordinal);
                foreach (var s in synthetic)
                {
                    var surveyed = children[s.Code].Where(k => !k.Synthetic && k.Geometry is { IsEmpty: false }).Select(k => k.Geometry!).ToList();
                    if (surveyed.Count > 0)
                    {
                        claims[s.Code] = Synthesiser.Polygonal(OverlayNGRobust.Overlay(UnaryUnionOp.Union(surveyed), region, SpatialFunction.Intersection), GeoJson.Factory);
                    }
                }

                var claimed = claims.Count == 0 ? null : UnaryUnionOp.Union(claims.Values.ToList());
                foreach (var s in synthetic)
                {
                    var cell = parts.GetValueOrDefault(s.Code) ?? GeoJson.Factory.CreatePolygon();
                    if (claimed is not null)
                    {
                        cell = Synthesiser.Polygonal(OverlayNGRobust.Overlay(cell, claimed, SpatialFunction.Difference), GeoJson.Factory);
                        if (claims.TryGetValue(s.Code, out var own))
                        {
                            cell = Synthesiser.Polygonal(OverlayNGRobust.Overlay(cell, own, SpatialFunction.Union), GeoJson.Factory);
                        }
                    }

                    s.Geometry = cell;
                    s.Source = "synthetic: Voronoi partition of " + parent.Code + (claims.ContainsKey(s.Code) ? ", extended over its surveyed children" : "");
                }
            });
        }
    }

    /// <summary>The city's outline is the union of its districts.</summary>
    public static void UniteCity(IReadOnlyList<AreaShape> areas)
    {
        var city = areas.FirstOrDefault(a => a.Level == AreaLevel.City);
        var districts = areas.Where(a => a.Level == AreaLevel.District && a.Geometry is { IsEmpty: false }).Select(a => a.Geometry!).ToList();
        if (city is not null && districts.Count > 0)
        {
            city.Geometry = Synthesiser.Polygonal(UnaryUnionOp.Union(districts), GeoJson.Factory);
            city.Source = "union of the districts";
        }
    }

    private AreaLocation? LocationOf(AreaShape leaf)
    {
        AreaRef? district = null, subdistrict = null, neighbourhood = null;
        for (var a = leaf; a is not null; a = a.ParentCode is null ? null : Areas.GetValueOrDefault(a.ParentCode))
        {
            switch (a.Level)
            {
                case AreaLevel.District: district = a.ToRef(); break;
                case AreaLevel.Subdistrict: subdistrict = a.ToRef(); break;
                case AreaLevel.Neighbourhood: neighbourhood = a.ToRef(); break;
            }
        }

        return district is null ? null : new AreaLocation(district, subdistrict, neighbourhood, null);
    }

    /// <summary>
    /// One grid per lattice cell whose centre lies in a neighbourhood of a gridded district; numbered
    /// row by row within the neighbourhood, so the id starts with the neighbourhood code.
    /// </summary>
    private List<GeoGrid> GenerateGrids(IReadOnlySet<string> griddedDistricts)
    {
        var found = new List<(int Leaf, int Row, int Col)>();
        if (griddedDistricts.Count == 0)
        {
            return [];
        }

        var (minRow, minCol, rows, cols) = Index.Bounds;
        for (var r = minRow; r < minRow + rows; r++)
        {
            for (var c = minCol; c < minCol + cols; c++)
            {
                var centre = GridLattice.Centre(r, c);
                var leaf = Index.Find(centre.X, centre.Y);
                if (leaf >= 0 && leafLocations[leaf] is { Neighbourhood: not null, Subdistrict: not null } loc && griddedDistricts.Contains(loc.District.Code))
                {
                    found.Add((leaf, r, c));
                }
            }
        }

        var grids = new List<GeoGrid>(found.Count);
        foreach (var group in found.GroupBy(f => f.Leaf).OrderBy(g => g.Key))
        {
            var seq = 0;
            var loc = leafLocations[group.Key];
            foreach (var (_, row, col) in group.OrderBy(g => g.Row).ThenBy(g => g.Col))
            {
                seq++;
                grids.Add(new GeoGrid
                {
                    Id = loc.Neighbourhood!.Code + "-" + seq.ToString("D4", CultureInfo.InvariantCulture),
                    Row = row, Col = col,
                    NeighbourhoodCode = loc.Neighbourhood.Code, SubdistrictCode = loc.Subdistrict!.Code, DistrictCode = loc.District.Code,
                });
            }
        }

        return grids;
    }
}

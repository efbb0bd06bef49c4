using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Geography;

/// <summary>
/// Keeps the hierarchy nested: a surveyed (non-synthetic) boundary below district level must lie within the
/// nearest area above it that also has a surveyed boundary, give or take <see cref="ToleranceDegrees"/> (sources
/// rarely agree to the metre); what sticks out within that tolerance is clipped off. Anything further out is
/// a wrong code or a wrong declared crs (GCJ-02 is ~500 m off WGS84 in Shanghai), not a survey difference.
/// Synthetic ancestors do not constrain: they are regenerated to fit their surveyed children.
/// </summary>
internal sealed class Containment(IReadOnlyDictionary<string, AreaShape> shapes)
{
    /// <summary>0.002° ≈ 190 m of longitude and 220 m of latitude at 31° N.</summary>
    public const double ToleranceDegrees = 0.002;

    private readonly Dictionary<string, (IPreparedGeometry Exact, IPreparedGeometry Tolerant)> prepared = new(StringComparer.Ordinal);

    /// <summary>The nearest ancestor with a surveyed boundary, below the city (whose outline is the union of the districts).</summary>
    public AreaShape? SurveyedAncestor(AreaShape area)
    {
        for (var p = Parent(area); p is not null && p.Level != AreaLevel.City; p = Parent(p))
        {
            if (!p.Synthetic && p.Geometry is { IsEmpty: false })
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>
    /// The geometry clipped to <paramref name="ancestor"/>, or null when it strays further than the tolerance
    /// (then <paramref name="outsideShare"/> says how much of it lies outside the ancestor, 0..1).
    /// </summary>
    public Geometry? Fit(Geometry geometry, AreaShape ancestor, out double outsideShare)
    {
        outsideShare = 0;
        if (!prepared.TryGetValue(ancestor.Code, out var p))
        {
            var g = ancestor.Geometry!;
            p = (PreparedGeometryFactory.Prepare(g), PreparedGeometryFactory.Prepare(g.Buffer(ToleranceDegrees)));
            prepared[ancestor.Code] = p;
        }

        if (p.Exact.Covers(geometry))
        {
            return geometry;
        }

        var inside = Synthesiser.Polygonal(OverlayNGRobust.Overlay(geometry, ancestor.Geometry!, SpatialFunction.Intersection), GeoJson.Factory);
        outsideShare = Math.Clamp(1 - (inside.Area / geometry.Area), 0, 1);
        return p.Tolerant.Covers(geometry) && !inside.IsEmpty && inside.Area > 0 ? inside : null;
    }

    private AreaShape? Parent(AreaShape a) => a.ParentCode is null ? null : shapes.GetValueOrDefault(a.ParentCode);
}

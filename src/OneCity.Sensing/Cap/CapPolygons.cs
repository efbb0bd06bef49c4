using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace OneCity.Sensing.Cap;

/// <summary>
/// An area's boundary as CAP polygons: "lat,lon lat,lon …" closed rings in WGS84 (CAP 1.2 §3.2.4, at least four pairs,
/// first = last). A polygon has no holes in CAP, so each part's outer ring is used (the warned area may include a
/// hole, never miss a part of the area). Kept small: at most <see cref="MaxParts"/> parts (the largest; parts smaller
/// than <see cref="MinPartShare"/> of the area, e.g. small islands, are left to the geocode) and at most
/// <see cref="MaxVertices"/> vertices per ring, simplified with a topology-preserving Douglas–Peucker whose tolerance
/// starts at about 20 m and doubles until the ring fits. Coordinates are written with 5 decimals (about 1 m).
/// </summary>
internal static class CapPolygons
{
    public const int MaxParts = 5;
    public const int MaxVertices = 100;
    public const double MinPartShare = 0.01;
    private const double StartTolerance = 0.0002;

    public static IReadOnlyList<string> From(Geometry? geometry)
    {
        if (geometry is null || geometry.IsEmpty)
        {
            return [];
        }

        var parts = Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>().Where(p => !p.IsEmpty).ToList();
        var total = parts.Sum(p => p.Area);
        if (total <= 0)
        {
            return [];
        }

        var result = new List<string>();
        foreach (var part in parts.OrderByDescending(p => p.Area).Where(p => p.Area >= total * MinPartShare).Take(MaxParts))
        {
            var shell = part.Factory.CreatePolygon(part.Shell.Coordinates);
            var ring = Ring(shell);
            for (var tolerance = StartTolerance; ring.Count > MaxVertices + 1 && tolerance < 1; tolerance *= 2)
            {
                ring = Ring(TopologyPreservingSimplifier.Simplify(shell, tolerance));
            }

            if (ring.Count >= 4 && ring.Count <= MaxVertices + 1)
            {
                result.Add(Format(ring));
            }
        }

        return result;
    }

    /// <summary>The outer ring's coordinates rounded to 5 decimals, repeated neighbours dropped, closed.</summary>
    private static List<(double Lat, double Lon)> Ring(Geometry simplified)
    {
        var coords = simplified switch
        {
            Polygon p => p.Shell.Coordinates,
            MultiPolygon m when m.NumGeometries > 0 => ((Polygon)m.Geometries.MaxBy(g => g.Area)!).Shell.Coordinates,
            _ => [],
        };
        var ring = new List<(double Lat, double Lon)>(coords.Length);
        foreach (var c in coords)
        {
            var point = (Math.Round(c.Y, 5), Math.Round(c.X, 5));
            if (ring.Count == 0 || ring[^1] != point)
            {
                ring.Add(point);
            }
        }

        if (ring.Count > 0 && ring[0] != ring[^1])
        {
            ring.Add(ring[0]);
        }

        return ring;
    }

    private static string Format(List<(double Lat, double Lon)> ring)
    {
        var sb = new StringBuilder(ring.Count * 20);
        foreach (var (lat, lon) in ring)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(lat.ToString("0.#####", CultureInfo.InvariantCulture)).Append(',').Append(lon.ToString("0.#####", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}

using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Triangulate;

namespace OneCity.Platform.Geography;

/// <summary>
/// Invents plausible boundaries for areas whose real ones are not published: a Voronoi partition of
/// the parent, one cell per child, seeded from each child's code (never from the clock) and evened out
/// with a few Lloyd steps. Same parent and codes, same geometry, on every machine and every run.
/// </summary>
internal static class Synthesiser
{
    private const int LloydSteps = 2;

    /// <summary>Partitions <paramref name="region"/> among <paramref name="codes"/>; the pieces cover it exactly.</summary>
    public static Dictionary<string, Geometry> Partition(Geometry region, IReadOnlyList<string> codes)
    {
        var result = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        if (codes.Count == 0 || region.IsEmpty)
        {
            return result;
        }

        if (codes.Count == 1)
        {
            result[codes[0]] = region;
            return result;
        }

        var factory = region.Factory;
        var locator = new IndexedPointInAreaLocator(region);
        var prepared = PreparedGeometryFactory.Prepare(region);
        var env = region.EnvelopeInternal;
        var seeds = new Coordinate[codes.Count];
        for (var i = 0; i < codes.Count; i++)
        {
            seeds[i] = Seed(codes[i], env, locator, region, seeds.AsSpan(0, i));
        }

        var clip = new Envelope(env);
        clip.ExpandBy(Math.Max(env.Width, env.Height));
        Geometry[] cells = [];
        for (var step = 0; step <= LloydSteps; step++)
        {
            cells = ClippedCells(seeds, region, prepared, clip, factory);
            if (step == LloydSteps)
            {
                break;
            }

            for (var i = 0; i < seeds.Length; i++)
            {
                if (cells[i].IsEmpty)
                {
                    continue;
                }

                // The centroid of a crescent can fall outside it; then the seed stays put.
                var c = cells[i].Centroid.Coordinate;
                if (locator.Locate(c) == Location.Interior && !seeds.Take(i).Contains(c))
                {
                    seeds[i] = c;
                }
            }
        }

        for (var i = 0; i < codes.Count; i++)
        {
            result[codes[i]] = cells[i];
        }

        return result;
    }

    private static Geometry[] ClippedCells(Coordinate[] seeds, Geometry region, IPreparedGeometry prepared, Envelope clip, GeometryFactory factory)
    {
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = clip };
        builder.SetSites(seeds);
        var diagram = builder.GetDiagram(factory);
        var bySeed = new Dictionary<Coordinate, Geometry>();
        for (var i = 0; i < diagram.NumGeometries; i++)
        {
            var cell = diagram.GetGeometryN(i);
            if (cell.UserData is Coordinate site)
            {
                bySeed[site] = cell;
            }
        }

        var cells = new Geometry[seeds.Length];
        for (var i = 0; i < seeds.Length; i++)
        {
            if (!bySeed.TryGetValue(seeds[i], out var cell))
            {
                cells[i] = factory.CreatePolygon();
                continue;
            }

            // Most cells lie well inside the parent; only those its boundary cuts need the (costly) overlay.
            cell.UserData = null;
            cells[i] = prepared.ContainsProperly(cell)
                ? cell
                : Polygonal(OverlayNGRobust.Overlay(cell, region, SpatialFunction.Intersection), factory);
        }

        return cells;
    }

    /// <summary>Drops the slivers of lower dimension an intersection can leave behind.</summary>
    internal static Geometry Polygonal(Geometry g, GeometryFactory factory)
    {
        if (g is Polygon or MultiPolygon)
        {
            return g;
        }

        var polygons = PolygonExtracter.GetPolygons(g).Cast<Polygon>().ToArray();
        return polygons.Length switch
        {
            0 => factory.CreatePolygon(),
            1 => polygons[0],
            _ => factory.CreateMultiPolygon(polygons),
        };
    }

    private static Coordinate Seed(string code, Envelope env, IndexedPointInAreaLocator locator, Geometry region, ReadOnlySpan<Coordinate> taken)
    {
        var state = Fnv1a(code);
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            var x = env.MinX + (env.Width * Unit(ref state));
            var y = env.MinY + (env.Height * Unit(ref state));
            var c = new Coordinate(x, y);
            if (locator.Locate(c) == Location.Interior && !taken.Contains(c))
            {
                return c;
            }
        }

        return region.InteriorPoint.Coordinate;
    }

    private static ulong Fnv1a(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in s)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }

        return h;
    }

    /// <summary>SplitMix64 in [0, 1): tiny, and its sequence is fixed forever, unlike a library RNG's.</summary>
    private static double Unit(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}

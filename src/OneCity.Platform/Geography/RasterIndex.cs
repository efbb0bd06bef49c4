using System.Runtime.InteropServices;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace OneCity.Platform.Geography;

/// <summary>
/// Point-in-polygon over many non-overlapping polygons ("leaves") at raster speed. Every cell of the
/// <see cref="GridLattice"/> that no leaf boundary touches is resolved once at build time to the leaf it
/// lies in (or none); a lookup there is two multiplications and an array read. For the few cells a boundary
/// crosses, each candidate leaf keeps its boundary segments inside the cell and whether a reference point
/// in the cell is inside; a lookup counts how many of those segments the line from the reference point to
/// the query point crosses, which is exact without walking the whole polygon. Where leaves overlap
/// (sloppy source data), the leaf with the lower index wins, everywhere.
/// </summary>
internal sealed class RasterIndex
{
    // In cell units (≈0.1 mm): a boundary that merely grazes a cell edge or corner marks both neighbours,
    // so an unmarked cell really is free of boundaries despite rounding.
    private const double Eps = 1e-6;

    private static readonly (double X, double Y)[] ReferenceOffsets = [(0.5, 0.5), (0.37, 0.61), (0.63, 0.29), (0.21, 0.83), (0.79, 0.17), (0.45, 0.07)];

    private readonly int c0;
    private readonly int r0;
    private readonly int nCols;
    private readonly int nRows;
    // Leaf (>= 0), outside (-1) or boundary record (-2 - record) and the unit grid (-1: none) side by side:
    // one cache line per lookup, as the raster is far bigger than the cache.
    private readonly Cell[] cells;
    private readonly int[] recStart;
    private readonly double[] recRef;
    private readonly int[] candLeaf;
    private readonly bool[] candInside;
    private readonly int[] candSegStart;
    private readonly double[] segs;
    private readonly IndexedPointInAreaLocator[] locators;
    private readonly STRtree<int> tree;

    private RasterIndex(IReadOnlyList<Geometry> leaves)
    {
        locators = leaves.Select(g => new IndexedPointInAreaLocator(g)).ToArray();
        tree = new STRtree<int>();
        for (var i = 0; i < leaves.Count; i++)
        {
            tree.Insert(leaves[i].EnvelopeInternal, i);
        }

        tree.Build();
        var env = new Envelope();
        foreach (var leaf in leaves)
        {
            env.ExpandToInclude(leaf.EnvelopeInternal);
        }

        if (env.IsNull)
        {
            cells = [];
            recStart = [0];
            recRef = [];
            candLeaf = [];
            candInside = [];
            candSegStart = [0];
            segs = [];
            return;
        }

        c0 = GridLattice.ColOf(env.MinX) - 1;
        r0 = GridLattice.RowOf(env.MinY) - 1;
        nCols = GridLattice.ColOf(env.MaxX) - c0 + 2;
        nRows = GridLattice.RowOf(env.MaxY) - r0 + 2;
        cells = new Cell[nCols * nRows];
        Array.Fill(cells, new Cell(int.MinValue, -1));

        var entries = new List<Entry>();
        var segments = new List<double>();
        for (var leaf = 0; leaf < leaves.Count; leaf++)
        {
            foreach (var ring in Rings(leaves[leaf]))
            {
                var seq = ring.CoordinateSequence;
                for (var i = 0; i + 1 < seq.Count; i++)
                {
                    var seg = segments.Count / 4;
                    double x1 = seq.GetX(i), y1 = seq.GetY(i), x2 = seq.GetX(i + 1), y2 = seq.GetY(i + 1);
                    segments.Add(x1);
                    segments.Add(y1);
                    segments.Add(x2);
                    segments.Add(y2);
                    Mark(entries, x1, y1, x2, y2, leaf, seg);
                }
            }
        }

        var span = CollectionsMarshal.AsSpan(entries);
        span.Sort();

        var recStarts = new List<int>();
        var refs = new List<double>();
        var leavesOut = new List<int>();
        var insideOut = new List<bool>();
        var segStarts = new List<int>();
        var segsOut = new List<double>();
        var candidates = new List<int>();
        var inside = new bool[leaves.Count];
        for (var i = 0; i < span.Length;)
        {
            var cell = span[i].Cell;
            var end = i;
            while (end < span.Length && span[end].Cell == cell)
            {
                end++;
            }

            candidates.Clear();
            for (var k = i; k < end; k++)
            {
                if (candidates.Count == 0 || candidates[^1] != span[k].Leaf)
                {
                    candidates.Add(span[k].Leaf);
                }
            }

            var refPoint = ChooseReference(cell, candidates, inside);

            // A leaf covering the whole cell has no boundary here but still competes (overlaps only).
            foreach (var other in tree.Query(new Envelope(refPoint)))
            {
                if (!candidates.Contains(other) && locators[other].Locate(refPoint) == Location.Interior)
                {
                    candidates.Add(other);
                    inside[other] = true;
                }
            }

            candidates.Sort();
            cells[cell].Value = -2 - recStarts.Count;
            recStarts.Add(leavesOut.Count);
            refs.Add(refPoint.X);
            refs.Add(refPoint.Y);
            foreach (var leaf in candidates)
            {
                leavesOut.Add(leaf);
                insideOut.Add(inside[leaf]);
                segStarts.Add(segsOut.Count / 4);
                var lastSeg = -1;
                for (var k = i; k < end; k++)
                {
                    if (span[k].Leaf == leaf && span[k].Seg != lastSeg)
                    {
                        lastSeg = span[k].Seg;
                        for (var c = 0; c < 4; c++)
                        {
                            segsOut.Add(segments[(lastSeg * 4) + c]);
                        }
                    }
                }
            }

            i = end;
        }

        recStarts.Add(leavesOut.Count);
        segStarts.Add(segsOut.Count / 4);
        recStart = [.. recStarts];
        recRef = [.. refs];
        candLeaf = [.. leavesOut];
        candInside = [.. insideOut];
        candSegStart = [.. segStarts];
        segs = [.. segsOut];
        BoundaryCells = recStarts.Count - 1;

        // Runs of boundary-free cells along a row share one answer: no boundary separates neighbours.
        for (var row = 0; row < nRows; row++)
        {
            var value = 0;
            var inRun = false;
            for (var col = 0; col < nCols; col++)
            {
                var idx = (row * nCols) + col;
                if (cells[idx].Value != int.MinValue)
                {
                    inRun = false;
                    continue;
                }

                if (!inRun)
                {
                    value = FindExact(GridLattice.WestOf(c0 + col) + (GridLattice.StepLon / 2), GridLattice.SouthOf(r0 + row) + (GridLattice.StepLat / 2));
                    inRun = true;
                }

                cells[idx].Value = value;
            }
        }
    }

    public int LeafCount => locators.Length;

    public int BoundaryCells { get; }

    public int CellCount => cells.Length;

    public static RasterIndex Build(IReadOnlyList<Geometry> leaves) => new(leaves);

    /// <summary>
    /// The index of the leaf containing the point, or -1. <paramref name="grid"/> is the unit grid of the
    /// lattice cell (-1: none); <paramref name="interior"/> says no boundary crosses the cell, so the
    /// point's leaf is also the leaf of the cell's centre.
    /// </summary>
    public int Find(double lon, double lat, out int grid, out bool interior)
    {
        var u = ((lon - GridLattice.OriginLon) * GridLattice.InvStepLon) - c0;
        var v = ((lat - GridLattice.OriginLat) * GridLattice.InvStepLat) - r0;
        // Written so that NaN fails too.
        if (!(u >= 0 && v >= 0 && u < nCols && v < nRows))
        {
            grid = -1;
            interior = false;
            return -1;
        }

        var cell = cells[((int)v * nCols) + (int)u];
        grid = cell.Grid;
        interior = cell.Value >= 0;
        return cell.Value >= -1 ? cell.Value : Resolve(-2 - cell.Value, lon, lat);
    }

    public int Find(double lon, double lat) => Find(lon, lat, out _, out _);

    /// <summary>Attaches a unit grid to its lattice cell; only while the owning snapshot is being built.</summary>
    public void SetGrid(int row, int col, int grid)
    {
        var cell = CellOf(row, col);
        if (cell >= 0)
        {
            cells[cell].Grid = grid;
        }
    }

    /// <summary>The raster cell of a lattice row/column, or -1 when the raster does not reach it.</summary>
    private int CellOf(int row, int col)
    {
        var r = row - r0;
        var c = col - c0;
        return r >= 0 && c >= 0 && r < nRows && c < nCols ? (r * nCols) + c : -1;
    }

    /// <summary>The lattice cells whose centres a lookup should consider, row by row.</summary>
    public (int MinRow, int MinCol, int Rows, int Cols) Bounds => (r0, c0, nRows, nCols);

    /// <summary>The slow, obviously correct answer: the first leaf, in index order, that covers the point.</summary>
    public int FindExact(double lon, double lat)
    {
        var p = new Coordinate(lon, lat);
        var best = -1;
        foreach (var i in tree.Query(new Envelope(p)))
        {
            if ((best < 0 || i < best) && locators[i].Locate(p) != Location.Exterior)
            {
                best = i;
            }
        }

        return best;
    }

    private int Resolve(int rec, double qx, double qy)
    {
        var px = recRef[2 * rec];
        var py = recRef[(2 * rec) + 1];
        var end = recStart[rec + 1];
        for (var k = recStart[rec]; k < end; k++)
        {
            var inside = candInside[k];
            var segEnd = candSegStart[k + 1];
            for (var s = candSegStart[k]; s < segEnd; s++)
            {
                var o = s * 4;
                if (Crosses(px, py, qx, qy, segs[o], segs[o + 1], segs[o + 2], segs[o + 3]))
                {
                    inside = !inside;
                }
            }

            if (inside)
            {
                return candLeaf[k];
            }
        }

        return -1;
    }

    // Zero counts as "not positive" on both tests, a consistent tie rule: when the line passes exactly
    // through a shared vertex, exactly one of the two segments at that vertex counts.
    private static bool Crosses(double px, double py, double qx, double qy, double ax, double ay, double bx, double by)
    {
        var d1 = ((bx - ax) * (py - ay)) - ((by - ay) * (px - ax));
        var d2 = ((bx - ax) * (qy - ay)) - ((by - ay) * (qx - ax));
        if (d1 > 0 == d2 > 0)
        {
            return false;
        }

        var d3 = ((qx - px) * (ay - py)) - ((qy - py) * (ax - px));
        var d4 = ((qx - px) * (by - py)) - ((qy - py) * (bx - px));
        return d3 > 0 != d4 > 0;
    }

    /// <summary>A point in the cell on none of the candidates' boundaries; records which candidates contain it.</summary>
    private Coordinate ChooseReference(int cell, List<int> candidates, bool[] inside)
    {
        var row = (cell / nCols) + r0;
        var col = (cell % nCols) + c0;
        foreach (var (fx, fy) in ReferenceOffsets)
        {
            var p = new Coordinate(GridLattice.WestOf(col) + (fx * GridLattice.StepLon), GridLattice.SouthOf(row) + (fy * GridLattice.StepLat));
            var onBoundary = false;
            foreach (var leaf in candidates)
            {
                var where = locators[leaf].Locate(p);
                inside[leaf] = where == Location.Interior;
                if (where == Location.Boundary)
                {
                    onBoundary = true;
                    break;
                }
            }

            if (!onBoundary)
            {
                return p;
            }
        }

        throw new InvalidOperationException($"No reference point off the boundaries in lattice cell {row}/{col}.");
    }

    private void Mark(List<Entry> entries, double x1, double y1, double x2, double y2, int leaf, int seg)
    {
        var ua = ((x1 - GridLattice.OriginLon) * GridLattice.InvStepLon) - c0;
        var va = ((y1 - GridLattice.OriginLat) * GridLattice.InvStepLat) - r0;
        var ub = ((x2 - GridLattice.OriginLon) * GridLattice.InvStepLon) - c0;
        var vb = ((y2 - GridLattice.OriginLat) * GridLattice.InvStepLat) - r0;
        if (ua > ub)
        {
            (ua, ub) = (ub, ua);
            (va, vb) = (vb, va);
        }

        var vMin = Math.Min(va, vb);
        var vMax = Math.Max(va, vb);
        var k0 = Math.Max(0, (int)Math.Floor(ua - Eps));
        var k1 = Math.Min(nCols - 1, (int)Math.Floor(ub + Eps));
        var du = ub - ua;
        for (var k = k0; k <= k1; k++)
        {
            double lo, hi;
            if (du < 1e-12)
            {
                lo = vMin;
                hi = vMax;
            }
            else
            {
                var slope = (vb - va) / du;
                var v1 = va + ((Math.Max(ua, k - Eps) - ua) * slope);
                var v2 = va + ((Math.Min(ub, k + 1 + Eps) - ua) * slope);
                lo = Math.Clamp(Math.Min(v1, v2), vMin, vMax);
                hi = Math.Clamp(Math.Max(v1, v2), vMin, vMax);
            }

            var j0 = Math.Max(0, (int)Math.Floor(lo - Eps));
            var j1 = Math.Min(nRows - 1, (int)Math.Floor(hi + Eps));
            for (var j = j0; j <= j1; j++)
            {
                entries.Add(new Entry((j * nCols) + k, leaf, seg));
            }
        }
    }

    private static IEnumerable<LineString> Rings(Geometry g)
    {
        for (var i = 0; i < g.NumGeometries; i++)
        {
            if (g.GetGeometryN(i) is Polygon p)
            {
                yield return p.ExteriorRing;
                foreach (var hole in p.InteriorRings)
                {
                    yield return hole;
                }
            }
        }
    }

    private struct Cell(int value, int grid)
    {
        public int Value = value;
        public int Grid = grid;
    }

    private readonly record struct Entry(int Cell, int Leaf, int Seg) : IComparable<Entry>
    {
        public int CompareTo(Entry other)
        {
            var c = Cell.CompareTo(other.Cell);
            if (c != 0)
            {
                return c;
            }

            c = Leaf.CompareTo(other.Leaf);
            return c != 0 ? c : Seg.CompareTo(other.Seg);
        }
    }
}

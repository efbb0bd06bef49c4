using NetTopologySuite.Geometries;

namespace OneCity.Platform.Geography;

/// <summary>
/// The fixed WGS84 lattice that both the 100 m unit grids and the spatial index use. A step of
/// 0.00105° longitude × 0.0009° latitude is 100 m × 100 m at 31.2° N (±0.7 % across Shanghai).
/// Fixed, not derived from the data, so grid rows and columns keep their meaning across re-imports.
/// </summary>
internal static class GridLattice
{
    public const double OriginLon = 120.80;
    public const double OriginLat = 30.60;
    public const double StepLon = 0.00105;
    public const double StepLat = 0.0009;
    public const double InvStepLon = 1 / StepLon;
    public const double InvStepLat = 1 / StepLat;

    public static int ColOf(double lon) => (int)Math.Floor((lon - OriginLon) * InvStepLon);

    public static int RowOf(double lat) => (int)Math.Floor((lat - OriginLat) * InvStepLat);

    public static double WestOf(int col) => OriginLon + (col * StepLon);

    public static double SouthOf(int row) => OriginLat + (row * StepLat);

    public static Coordinate Centre(int row, int col) => new(WestOf(col) + (StepLon / 2), SouthOf(row) + (StepLat / 2));

    public static Polygon Cell(int row, int col, GeometryFactory factory)
    {
        var w = WestOf(col);
        var s = SouthOf(row);
        var e = WestOf(col + 1);
        var n = SouthOf(row + 1);
        return factory.CreatePolygon([new(w, s), new(e, s), new(e, n), new(w, n), new(w, s)]);
    }
}

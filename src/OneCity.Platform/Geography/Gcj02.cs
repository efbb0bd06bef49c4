using NetTopologySuite.Geometries;

namespace OneCity.Platform.Geography;

/// <summary>The coordinate systems the geography API speaks. Storage is always WGS84.</summary>
public enum CoordinateSystem
{
    /// <summary>WGS84 longitude/latitude (GPS, EPSG:4326).</summary>
    Wgs84,

    /// <summary>GCJ-02, the obfuscated system Chinese web maps (AMap, Tencent, DataV) publish in.</summary>
    Gcj02,
}

/// <summary>
/// GCJ-02 ⇄ WGS84. The forward transform is the widely published formula (Krasovsky ellipsoid);
/// it is not invertible in closed form, so the inverse iterates the forward one until the residual
/// is far below a metre. Points outside China are unchanged, as the official maps leave them.
/// </summary>
public static class Gcj02
{
    private const double A = 6378245.0;
    private const double Ee = 0.00669342162296594323;

    /// <summary>Parses <c>wgs84</c> or <c>gcj02</c> (case-insensitive); null when it is neither.</summary>
    public static CoordinateSystem? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "wgs84" or "epsg:4326" => CoordinateSystem.Wgs84,
        "gcj02" or "gcj-02" => CoordinateSystem.Gcj02,
        _ => null,
    };

    public static string Name(CoordinateSystem crs) => crs == CoordinateSystem.Gcj02 ? "gcj02" : "wgs84";

    public static bool OutOfChina(double lon, double lat) => lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;

    public static (double Lon, double Lat) FromWgs84(double lon, double lat)
    {
        if (OutOfChina(lon, lat))
        {
            return (lon, lat);
        }

        var (dLon, dLat) = Offset(lon, lat);
        return (lon + dLon, lat + dLat);
    }

    public static (double Lon, double Lat) ToWgs84(double lon, double lat)
    {
        if (OutOfChina(lon, lat))
        {
            return (lon, lat);
        }

        // Fixed-point iteration: the offset varies slowly (metres per kilometre), so each step gains
        // about three orders of magnitude; a handful of steps reach a nanodegree (0.1 mm).
        var wLon = lon;
        var wLat = lat;
        for (var i = 0; i < 30; i++)
        {
            var (gLon, gLat) = FromWgs84(wLon, wLat);
            var eLon = gLon - lon;
            var eLat = gLat - lat;
            wLon -= eLon;
            wLat -= eLat;
            if (Math.Abs(eLon) < 1e-9 && Math.Abs(eLat) < 1e-9)
            {
                break;
            }
        }

        return (wLon, wLat);
    }

    public static (double Lon, double Lat) Convert(double lon, double lat, CoordinateSystem from, CoordinateSystem to) =>
        from == to ? (lon, lat)
        : to == CoordinateSystem.Wgs84 ? ToWgs84(lon, lat)
        : FromWgs84(lon, lat);

    /// <summary>A converted copy of the geometry; the input is left untouched.</summary>
    public static Geometry Convert(Geometry geometry, CoordinateSystem from, CoordinateSystem to)
    {
        if (from == to)
        {
            return geometry;
        }

        var copy = geometry.Copy();
        copy.Apply(new ConvertFilter(from, to));
        copy.GeometryChanged();
        return copy;
    }

    private static (double DLon, double DLat) Offset(double lon, double lat)
    {
        var x = lon - 105.0;
        var y = lat - 35.0;
        var dLat = TransformLat(x, y);
        var dLon = TransformLon(x, y);
        var radLat = lat / 180.0 * Math.PI;
        var magic = Math.Sin(radLat);
        magic = 1 - (Ee * magic * magic);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (A * (1 - Ee) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (A / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLon, dLat);
    }

    private static double TransformLat(double x, double y)
    {
        var r = -100.0 + (2.0 * x) + (3.0 * y) + (0.2 * y * y) + (0.1 * x * y) + (0.2 * Math.Sqrt(Math.Abs(x)));
        r += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        r += ((20.0 * Math.Sin(y * Math.PI)) + (40.0 * Math.Sin(y / 3.0 * Math.PI))) * 2.0 / 3.0;
        r += ((160.0 * Math.Sin(y / 12.0 * Math.PI)) + (320 * Math.Sin(y * Math.PI / 30.0))) * 2.0 / 3.0;
        return r;
    }

    private static double TransformLon(double x, double y)
    {
        var r = 300.0 + x + (2.0 * y) + (0.1 * x * x) + (0.1 * x * y) + (0.1 * Math.Sqrt(Math.Abs(x)));
        r += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        r += ((20.0 * Math.Sin(x * Math.PI)) + (40.0 * Math.Sin(x / 3.0 * Math.PI))) * 2.0 / 3.0;
        r += ((150.0 * Math.Sin(x / 12.0 * Math.PI)) + (300.0 * Math.Sin(x / 30.0 * Math.PI))) * 2.0 / 3.0;
        return r;
    }

    private sealed class ConvertFilter(CoordinateSystem from, CoordinateSystem to) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = Convert(seq.GetX(i), seq.GetY(i), from, to);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}

using OneCity.Platform.Geography;

namespace OneCity.Platform.Tests.Geography;

public sealed class Gcj02Tests
{
    public static TheoryData<double, double> Points => new()
    {
        { 121.4903, 31.2401 },  // the Bund
        { 121.4365, 31.1880 },  // Xujiahui
        { 121.5055, 31.2397 },  // Lujiazui
        { 121.3970, 31.6230 },  // Chongming
        { 116.3975, 39.9087 },  // Beijing
        { 87.6168, 43.8256 },   // Urumqi
        { 109.5120, 18.2528 },  // Sanya
        { 126.6424, 45.7567 },  // Harbin
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void RoundTripIsWithinOneMetre(double lon, double lat)
    {
        var (gLon, gLat) = Gcj02.FromWgs84(lon, lat);
        var (wLon, wLat) = Gcj02.ToWgs84(gLon, gLat);
        Assert.True(Metres(lon, lat, wLon, wLat) < 1.0, $"round trip drifted {Metres(lon, lat, wLon, wLat)} m");

        // And the other way round: a GCJ-02 point to WGS84 and back.
        var (w2Lon, w2Lat) = Gcj02.ToWgs84(lon, lat);
        var (g2Lon, g2Lat) = Gcj02.FromWgs84(w2Lon, w2Lat);
        Assert.True(Metres(lon, lat, g2Lon, g2Lat) < 1.0);
    }

    [Fact]
    public void TheOffsetInShanghaiIsHundredsOfMetresNorthWestward()
    {
        var (gLon, gLat) = Gcj02.FromWgs84(121.4737, 31.2304);
        Assert.InRange(gLon - 121.4737, 0.003, 0.006);
        Assert.InRange(gLat - 31.2304, -0.003, -0.001);
        Assert.InRange(Metres(121.4737, 31.2304, gLon, gLat), 300, 700);
    }

    [Theory]
    [InlineData(139.6917, 35.6895)]  // Tokyo
    [InlineData(-0.1276, 51.5072)]   // London
    [InlineData(151.2093, -33.8688)] // Sydney
    public void PointsOutsideChinaAreUnchanged(double lon, double lat)
    {
        Assert.Equal((lon, lat), Gcj02.FromWgs84(lon, lat));
        Assert.Equal((lon, lat), Gcj02.ToWgs84(lon, lat));
    }

    [Fact]
    public void GeometriesConvertVertexByVertexWithoutTouchingTheInput()
    {
        var square = GridLattice.Cell(700, 660, GeoJson.Factory);
        var before = square.Copy();
        var gcj = Gcj02.Convert(square, CoordinateSystem.Wgs84, CoordinateSystem.Gcj02);
        Assert.True(square.EqualsExact(before));
        var back = Gcj02.Convert(gcj, CoordinateSystem.Gcj02, CoordinateSystem.Wgs84);
        for (var i = 0; i < square.Coordinates.Length; i++)
        {
            Assert.True(Metres(square.Coordinates[i].X, square.Coordinates[i].Y, back.Coordinates[i].X, back.Coordinates[i].Y) < 0.01);
        }
    }

    [Theory]
    [InlineData("wgs84", CoordinateSystem.Wgs84)]
    [InlineData("GCJ02", CoordinateSystem.Gcj02)]
    [InlineData("gcj-02", CoordinateSystem.Gcj02)]
    [InlineData("bd09", null)]
    public void ParsesTheCrsParameter(string text, CoordinateSystem? expected) => Assert.Equal(expected, Gcj02.Parse(text));

    internal static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        const double r = 6371008.8;
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180;
        var a = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * r * Math.Asin(Math.Sqrt(a));
    }
}

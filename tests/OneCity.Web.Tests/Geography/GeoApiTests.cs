using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Geography;

public sealed class GeoApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task LocateFindsPointsInSeveralDistricts(Db db)
    {
        var client = apps.Client(db);
        // WGS84 positions: the Bund, Xujiahui, Lujiazui, Chongming island.
        foreach (var (lon, lat, district) in new[] { (121.4857, 31.2420, "310101"), (121.4330, 31.1905, "310104"), (121.5100, 31.2360, "310115"), (121.3970, 31.6230, "310151") })
        {
            var json = await client.GetFromJsonAsync<JsonElement>(Url(lon, lat));
            Assert.Equal(district, json.GetProperty("district").GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("district").GetProperty("name").GetString()));
            var sub = json.GetProperty("subdistrict");
            Assert.StartsWith(district, sub.GetProperty("code").GetString(), StringComparison.Ordinal);
            Assert.True(sub.GetProperty("synthetic").GetBoolean());
            var neighbourhood = json.GetProperty("neighbourhood");
            Assert.StartsWith(sub.GetProperty("code").GetString()!, neighbourhood.GetProperty("code").GetString(), StringComparison.Ordinal);
            Assert.True(neighbourhood.GetProperty("synthetic").GetBoolean());
            var grid = json.GetProperty("grid");
            if (district is "310101" or "310104")
            {
                Assert.Matches("^\\d{12}-\\d{4}$", grid.GetProperty("id").GetString());
            }
            else
            {
                // Pudong and Chongming are not urban districts in the demo: no unit grids.
                Assert.Equal(JsonValueKind.Null, grid.ValueKind);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task LocateConvertsGcj02Input(Db db)
    {
        var client = apps.Client(db);
        var wgs = await client.GetFromJsonAsync<JsonElement>(Url(121.4857, 31.2420));
        // The same place as a Chinese web map gives it.
        var gcj = await client.GetFromJsonAsync<JsonElement>("/api/geo/locate?lon=121.490183&lat=31.240029&crs=gcj02");
        Assert.Equal(wgs.GetProperty("neighbourhood").GetProperty("code").GetString(), gcj.GetProperty("neighbourhood").GetProperty("code").GetString());
        Assert.Equal("gcj02", gcj.GetProperty("crs").GetString());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task PointsOutsideTheCityAreNotFound(Db db)
    {
        var client = apps.Client(db);
        foreach (var (lon, lat) in new[] { (120.1551, 30.2741), (122.15, 31.05), (0.0, 0.0) })
        {
            var response = await client.GetAsync(Url(lon, lat));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("outside the city", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadCoordinatesAreRejected(Db db)
    {
        var client = apps.Client(db);
        foreach (var (query, field) in new[]
                 {
                     ("lon=abc&lat=31.2", "lon"), ("lon=121.4&lat=91", "lat"), ("lon=181&lat=31", "lon"),
                     ("lat=31.2", "lon"), ("lon=121.4&lat=NaN", "lat"), ("lon=121.4&lat=31.2&crs=bd09", "crs"),
                 })
        {
            var response = await client.GetAsync("/api/geo/locate?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AreasComeWithTheirGeometry(Db db)
    {
        var client = apps.Client(db);
        var district = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101");
        Assert.Equal("黄浦区", district.GetProperty("name").GetString());
        Assert.Equal("Huangpu District", district.GetProperty("nameEn").GetString());
        Assert.False(district.GetProperty("synthetic").GetBoolean());
        Assert.Contains(district.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
        Assert.Equal(10, district.GetProperty("children").GetArrayLength());
        Assert.True(district.GetProperty("grids").GetInt32() > 1000);

        var sub = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013");
        Assert.Equal("外滩街道", sub.GetProperty("name").GetString());
        Assert.True(sub.GetProperty("synthetic").GetBoolean());
        Assert.StartsWith("synthetic", sub.GetProperty("source").GetString(), StringComparison.Ordinal);

        // GCJ-02 output is the same outline shifted by a few hundred metres.
        var wgs = First(district.GetProperty("geometry"));
        var gcj = First((await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101?crs=gcj02")).GetProperty("geometry"));
        Assert.InRange(gcj.Lon - wgs.Lon, 0.003, 0.006);

        var bund = await client.GetFromJsonAsync<JsonElement>(Url(121.4857, 31.2420));
        var gridId = bund.GetProperty("grid").GetProperty("id").GetString()!;
        var grid = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/" + gridId);
        Assert.Equal("grid", grid.GetProperty("level").GetString());
        Assert.Equal("Polygon", grid.GetProperty("geometry").GetProperty("type").GetString());
        Assert.True(grid.GetProperty("synthetic").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/geo/areas/310199")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/geo/areas/abc")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ChildrenGeoJsonHonoursCrsAndMarksSyntheticBoundaries(Db db)
    {
        var client = apps.Client(db);
        var wgs = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101/children.geojson");
        var gcj = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101/children.geojson?crs=gcj02");
        var explicitWgs = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101/children.geojson?crs=wgs84");
        Assert.Equal("FeatureCollection", gcj.GetProperty("type").GetString());
        var wgsFeatures = wgs.GetProperty("features").EnumerateArray().ToList();
        var gcjFeatures = gcj.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(10, wgsFeatures.Count);
        Assert.Equal(wgsFeatures.Select(Code), gcjFeatures.Select(Code));
        Assert.All(gcjFeatures, f => Assert.True(f.GetProperty("properties").GetProperty("synthetic").GetBoolean()));
        Assert.Equal(First(wgsFeatures[0].GetProperty("geometry")), First(explicitWgs.GetProperty("features")[0].GetProperty("geometry")));
        for (var i = 0; i < wgsFeatures.Count; i++)
        {
            // The same outline as a Chinese web map draws it: shifted east by a few hundred metres, south by ~200 m.
            var (wLon, wLat) = First(wgsFeatures[i].GetProperty("geometry"));
            var (gLon, gLat) = First(gcjFeatures[i].GetProperty("geometry"));
            Assert.InRange(gLon - wLon, 0.003, 0.006);
            Assert.InRange(gLat - wLat, -0.003, -0.001);
            var (backLon, backLat) = OneCity.Platform.Geography.Gcj02.ToWgs84(gLon, gLat);
            Assert.InRange(Math.Abs(backLon - wLon) * 95_000 + Math.Abs(backLat - wLat) * 111_000, 0, 1);
        }

        var districts = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas/310000/children.geojson?crs=gcj02");
        Assert.Equal(16, districts.GetProperty("features").GetArrayLength());
        Assert.All(districts.GetProperty("features").EnumerateArray(), f => Assert.False(f.GetProperty("properties").GetProperty("synthetic").GetBoolean()));

        foreach (var (url, field) in new[] { ("/api/geo/areas/310101/children.geojson?crs=bd09", "crs"), ("/api/geo/areas/abc/children.geojson", "code") })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{url}: {problem}");
        }

        static string Code(JsonElement f) => f.GetProperty("properties").GetProperty("code").GetString()!;
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AreasCanBeSearched(Db db)
    {
        var client = apps.Client(db);
        var found = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas?q=" + Uri.EscapeDataString("外滩"));
        Assert.Contains(found.EnumerateArray(), a => a.GetProperty("code").GetString() == "310101013");
        var districts = await client.GetFromJsonAsync<JsonElement>("/api/geo/areas?level=district&limit=100");
        Assert.Equal(16, districts.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/geo/areas?level=planet")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyAnAdministratorMayUploadBoundaries(Db db)
    {
        using var form = GeoUploadTests.Form("{}", "district", "wgs84");
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).PostAsync("/api/geo/boundaries", form)).StatusCode);
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        using var form2 = GeoUploadTests.Form("{}", "district", "wgs84");
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.PostAsync("/api/geo/boundaries", form2)).StatusCode);
    }

    internal static string Url(double lon, double lat, string crs = "wgs84") =>
        string.Create(CultureInfo.InvariantCulture, $"/api/geo/locate?lon={lon}&lat={lat}&crs={crs}");

    private static (double Lon, double Lat) First(JsonElement geometry)
    {
        var c = geometry.GetProperty("coordinates");
        while (c[0].ValueKind == JsonValueKind.Array)
        {
            c = c[0];
        }

        return (c[0].GetDouble(), c[1].GetDouble());
    }
}

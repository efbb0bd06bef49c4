using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Geography;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Geography;

/// <summary>Uploads change the city's boundaries, so they run on their own platform per database, never the shared one.</summary>
public sealed class GeoUploadTests
{
    private const string Square = """{"type":"Polygon","coordinates":[[[121.10,31.10],[121.12,31.10],[121.12,31.12],[121.10,31.12],[121.10,31.10]]]}""";

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnAdministratorReplacesBoundariesAndBadFilesChangeNothing(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        await using var app = new OneCityFactory(db);
        var admin = await app.ClientAsAsync("admin");
        var bundBefore = await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(121.4857, 31.2420));
        Assert.Equal("310101", bundBefore.GetProperty("district").GetProperty("code").GetString());

        // Bad files: 400 naming the field, nothing stored.
        foreach (var (file, level, crs, field) in new[]
                 {
                     ("not json", "district", "wgs84", "file"),
                     ("""{"type":"Point","coordinates":[1,2]}""", "district", "wgs84", "file.type"),
                     ("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"310101"},"geometry":{"type":"LineString","coordinates":[[121,31],[121.1,31.1]]}}]}""", "district", "wgs84", "file.features[0].geometry"),
                     ("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":""" + Square + "}]}", "district", "wgs84", "file.features[0].properties.code"),
                     ("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"310199"},"geometry":""" + Square + "}]}", "district", "wgs84", "file.features[0].properties.code"),
                     ("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"310101"},"geometry":{"type":"Polygon","coordinates":[[[200,31],[201,31],[201,32],[200,31]]]}}]}""", "district", "wgs84", "file.features[0].geometry"),
                     (FeatureCollection("310101", Square), "province", "wgs84", "level"),
                     (FeatureCollection("310101", Square), "district", "bd09", "crs"),
                 })
        {
            using var form = Form(file, level, crs);
            var response = await admin.PostAsync("/api/geo/boundaries", form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        var unchanged = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101");
        Assert.False(unchanged.GetProperty("source").GetString()!.StartsWith("uploaded", StringComparison.Ordinal));

        // A real replacement: Huangpu becomes a square out west (numeric adcode, as DataV files have it).
        using (var form = Form(FeatureCollection("310101", Square, numeric: true), "district", "wgs84"))
        {
            var response = await admin.PostAsync("/api/geo/boundaries", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, result.GetProperty("replaced").GetInt32());
            Assert.True(result.GetProperty("syntheticRebuilt").GetInt32() >= 10);
            Assert.True(result.GetProperty("grids").GetInt32() >= 40_000);
        }

        var inSquare = await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(121.11, 31.11));
        Assert.Equal("310101", inSquare.GetProperty("district").GetProperty("code").GetString());
        Assert.StartsWith("310101", inSquare.GetProperty("grid").GetProperty("id").GetString(), StringComparison.Ordinal);
        var bundAfter = await admin.GetAsync(GeoApiTests.Url(121.4857, 31.2420));
        if (bundAfter.StatusCode == HttpStatusCode.OK)
        {
            var json = await bundAfter.Content.ReadFromJsonAsync<JsonElement>();
            Assert.NotEqual("310101", json.GetProperty("district").GetProperty("code").GetString());
        }

        var huangpu = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101");
        Assert.False(huangpu.GetProperty("synthetic").GetBoolean());
        Assert.StartsWith("uploaded", huangpu.GetProperty("source").GetString(), StringComparison.Ordinal);
        var sub = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013");
        Assert.True(sub.GetProperty("synthetic").GetBoolean());
        var ring = sub.GetProperty("geometry").GetProperty("coordinates");
        while (ring[0].ValueKind == JsonValueKind.Array)
        {
            ring = ring[0];
        }

        Assert.InRange(ring[0].GetDouble(), 121.0999, 121.1201);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task SubdistrictDeclaredGcj02AndNeighbourhoodUploadsAnswerLocateAndCarryTheirGrids(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        await using var app = new OneCityFactory(db);
        var admin = await app.ClientAsAsync("admin");
        // 外滩街道 as a square of about 760 m × 670 m in central Huangpu, given in GCJ-02 as a Chinese web map would.
        var gcjCorners = new[] { (121.480, 31.222), (121.488, 31.222), (121.488, 31.228), (121.480, 31.228) };
        var wgsCorners = gcjCorners.Select(c => Gcj02.ToWgs84(c.Item1, c.Item2)).ToArray();
        var (west, south, east, north) = (wgsCorners.Min(c => c.Lon), wgsCorners.Min(c => c.Lat), wgsCorners.Max(c => c.Lon), wgsCorners.Max(c => c.Lat));
        foreach (var (lon, lat) in wgsCorners)
        {
            var before = await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(lon, lat));
            Assert.Equal("310101", before.GetProperty("district").GetProperty("code").GetString());
        }

        var probe = (Lon: (west + east) / 2, Lat: (south + north) / 2);
        var gridBefore = (await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(probe.Lon, probe.Lat))).GetProperty("grid").GetProperty("id").GetString()!;

        using (var form = Form(FeatureCollection("310101013", Polygon(gcjCorners)), "subdistrict", "gcj02"))
        {
            var result = await Ok(await admin.PostAsync("/api/geo/boundaries", form));
            Assert.Equal("subdistrict", result.GetProperty("level").GetString());
            Assert.Equal("gcj02", result.GetProperty("crs").GetString());
            Assert.Equal(0, result.GetProperty("reverted").GetArrayLength());
        }

        // Stored in WGS84: every corner is the conversion of the declared GCJ-02 corner, within a metre; GCJ-02 output gives the file back.
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013");
        Assert.False(stored.GetProperty("synthetic").GetBoolean());
        Assert.Contains("declared gcj02", stored.GetProperty("source").GetString(), StringComparison.Ordinal);
        AssertSameCorners(wgsCorners, Vertices(stored.GetProperty("geometry")));
        var asGcj = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013?crs=gcj02");
        AssertSameCorners(gcjCorners.Select(c => (c.Item1, c.Item2)).ToArray(), Vertices(asGcj.GetProperty("geometry")));

        // Locate answers from the new boundary, in either crs; the synthetic neighbourhoods were re-synthesised inside it.
        var located = await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(probe.Lon, probe.Lat));
        Assert.Equal("310101013", located.GetProperty("subdistrict").GetProperty("code").GetString());
        Assert.False(located.GetProperty("subdistrict").GetProperty("synthetic").GetBoolean());
        Assert.StartsWith("310101013", located.GetProperty("neighbourhood").GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.True(located.GetProperty("neighbourhood").GetProperty("synthetic").GetBoolean());
        var gcjProbe = Gcj02.FromWgs84(probe.Lon, probe.Lat);
        var locatedGcj = await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(gcjProbe.Lon, gcjProbe.Lat, "gcj02"));
        Assert.Equal("310101013", locatedGcj.GetProperty("subdistrict").GetProperty("code").GetString());
        foreach (var child in (await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013")).GetProperty("children").EnumerateArray())
        {
            var area = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/" + child.GetProperty("code").GetString());
            Assert.True(area.GetProperty("synthetic").GetBoolean());
            Assert.All(Vertices(area.GetProperty("geometry")), v =>
            {
                Assert.InRange(v.Lon, west - 1e-9, east + 1e-9);
                Assert.InRange(v.Lat, south - 1e-9, north + 1e-9);
            });
        }

        // 汉口路居委会 as a smaller square inside it, in WGS84: locate and the unit grid there follow.
        var hankou = new[] { (probe.Lon - 0.0015, probe.Lat - 0.001), (probe.Lon + 0.0015, probe.Lat - 0.001), (probe.Lon + 0.0015, probe.Lat + 0.001), (probe.Lon - 0.0015, probe.Lat + 0.001) };
        using (var form = Form(FeatureCollection("310101013001", Polygon(hankou)), "neighbourhood", "wgs84"))
        {
            var result = await Ok(await admin.PostAsync("/api/geo/boundaries", form));
            Assert.Equal("neighbourhood", result.GetProperty("level").GetString());
            Assert.Equal(1, result.GetProperty("replaced").GetInt32());
        }

        var inHankou = await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(probe.Lon, probe.Lat));
        Assert.Equal("310101013001", inHankou.GetProperty("neighbourhood").GetProperty("code").GetString());
        Assert.False(inHankou.GetProperty("neighbourhood").GetProperty("synthetic").GetBoolean());
        Assert.Equal("310101013", inHankou.GetProperty("subdistrict").GetProperty("code").GetString());
        var gridAfter = inHankou.GetProperty("grid").GetProperty("id").GetString()!;
        Assert.StartsWith("310101013001-", gridAfter, StringComparison.Ordinal);
        Assert.NotEqual(gridBefore, gridAfter);
        var hankouArea = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013001");
        Assert.False(hankouArea.GetProperty("synthetic").GetBoolean());
        Assert.InRange(hankouArea.GetProperty("grids").GetInt32(), 4, 12);
        AssertSameCorners(hankou, Vertices(hankouArea.GetProperty("geometry")));

        // Just outside it, but still in the subdistrict: one of its synthetic siblings.
        var beside = await admin.GetFromJsonAsync<JsonElement>(GeoApiTests.Url(probe.Lon + 0.0030, probe.Lat));
        Assert.StartsWith("310101013", beside.GetProperty("neighbourhood").GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.NotEqual("310101013001", beside.GetProperty("neighbourhood").GetProperty("code").GetString());
        Assert.True(beside.GetProperty("neighbourhood").GetProperty("synthetic").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BoundariesStayNestedAndGridsCannotBeUploaded(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        await using var app = new OneCityFactory(db);
        var admin = await app.ClientAsAsync("admin");

        // Grids are the index's fixed lattice: refused with the reason, whatever the file.
        using (var form = Form(FeatureCollection("310101013001", Square), "grid", "wgs84"))
        {
            var problem = await BadRequest(await admin.PostAsync("/api/geo/boundaries", form), "level");
            Assert.Contains("lattice", problem.GetProperty("errors").GetProperty("level")[0].GetString(), StringComparison.Ordinal);
        }

        // A neighbourhood far outside its district (its subdistrict is synthetic, so the district is what it must fit): refused, nothing stored.
        using (var form = Form(FeatureCollection("310101013001", Square), "neighbourhood", "wgs84"))
        {
            var problem = await BadRequest(await admin.PostAsync("/api/geo/boundaries", form), "file.features[0].geometry");
            Assert.Contains("must lie within district 310101", problem.GetProperty("errors").GetProperty("file.features[0].geometry")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013001")).GetProperty("synthetic").GetBoolean());

        // 外滩街道, then two of its neighbourhoods: one inside, one sticking out of it by ~100 m (clipped to the subdistrict).
        var (w, s, e, n) = (121.4760, 31.2240, 121.4840, 31.2300);
        using (var form = Form(FeatureCollection("310101013", Box(w, s, e, n)), "subdistrict", "wgs84"))
        {
            await Ok(await admin.PostAsync("/api/geo/boundaries", form));
        }

        var file = $$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"310101013001"},"geometry":{{Box(w + 0.001, s + 0.001, w + 0.003, s + 0.003)}}},{"type":"Feature","properties":{"code":"310101013003"},"geometry":{{Box(e - 0.002, s + 0.001, e + 0.001, s + 0.003)}}}]}""";
        using (var form = Form(file, "neighbourhood", "wgs84"))
        {
            var result = await Ok(await admin.PostAsync("/api/geo/boundaries", form));
            Assert.Equal(2, result.GetProperty("replaced").GetInt32());
        }

        var clipped = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013003");
        Assert.False(clipped.GetProperty("synthetic").GetBoolean());
        Assert.InRange(Vertices(clipped.GetProperty("geometry")).Max(v => v.Lon), e - 1e-9, e + 1e-9);

        // A grid inspector on the highest-numbered grid of a Huangpu neighbourhood: the smaller new Huangpu has no such cell.
        string lastGrid;
        using (var scope = app.Services.CreateScope())
        {
            lastGrid = (await scope.ServiceProvider.GetRequiredService<OneCity.Platform.Data.PlatformDbContext>().Set<GeoGrid>()
                .Where(g => g.DistrictCode == "310101").Select(g => g.Id).ToListAsync()).OrderBy(g => g, StringComparer.Ordinal).Last();
        }

        var inspector = OneCity.Web.Tests.Organisation.Accounts.NewName("gl");
        (await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = inspector, displayName = "网格员 " + inspector, role = OneCity.Platform.Organisation.Roles.GridInspector, departmentCode = "310101-MZ",
            jurisdictionCode = lastGrid, password = OneCity.Web.Tests.Organisation.Accounts.Password,
        })).EnsureSuccessStatusCode();

        // Huangpu replaced by a square far away: its surveyed subdistrict and neighbourhoods no longer fit inside,
        // so they go back to synthetic (listed), re-synthesised inside the new Huangpu, and their grids follow.
        // Giving up surveyed boundaries needs a confirmation: without it, 400 naming them, nothing stored.
        using (var form = Form(FeatureCollection("310101", Square), "district", "wgs84"))
        {
            var problem = await BadRequest(await admin.PostAsync("/api/geo/boundaries", form), "revertNested");
            Assert.Contains("310101013001", problem.GetProperty("errors").GetProperty("revertNested")[0].GetString(), StringComparison.Ordinal);
            Assert.False((await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101013")).GetProperty("synthetic").GetBoolean());
        }

        using (var form = Form(FeatureCollection("310101", Square), "district", "wgs84"))
        {
            form.Add(new StringContent("true"), "revertNested");
            var result = await Ok(await admin.PostAsync("/api/geo/boundaries", form));
            var reverted = result.GetProperty("reverted").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.Equal(new[] { "310101013", "310101013001", "310101013003" }, reverted);
            Assert.Contains(inspector, result.GetProperty("gridJurisdictionsLost").EnumerateArray().Select(u => u.GetString()));
        }

        foreach (var code in new[] { "310101013", "310101013001", "310101013003" })
        {
            var area = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/" + code);
            Assert.True(area.GetProperty("synthetic").GetBoolean(), code);
            Assert.StartsWith("synthetic", area.GetProperty("source").GetString(), StringComparison.Ordinal);
            Assert.All(Vertices(area.GetProperty("geometry")), v => Assert.InRange(v.Lon, 121.0999, 121.1201));
        }

        var old = await admin.GetAsync(GeoApiTests.Url((w + e) / 2, (s + n) / 2));
        if (old.StatusCode == HttpStatusCode.OK)
        {
            var json = await old.Content.ReadFromJsonAsync<JsonElement>();
            Assert.NotEqual("310101", json.GetProperty("district").GetProperty("code").GetString());
        }

        var grids = await admin.GetFromJsonAsync<JsonElement>("/api/geo/areas/310101");
        Assert.InRange(grids.GetProperty("grids").GetInt32(), 400, 600);
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> BadRequest(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        return problem;
    }

    private static string Box(double w, double s, double e, double n) => Polygon([(w, s), (e, s), (e, n), (w, n)]);

    private static string Polygon((double Lon, double Lat)[] corners) =>
        "{\"type\":\"Polygon\",\"coordinates\":[[" + string.Join(",", corners.Append(corners[0]).Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.Lon},{c.Lat}]"))) + "]]}";

    private static List<(double Lon, double Lat)> Vertices(JsonElement geometry)
    {
        var result = new List<(double, double)>();
        Walk(geometry.GetProperty("coordinates"));
        return result;

        void Walk(JsonElement c)
        {
            if (c[0].ValueKind == JsonValueKind.Number)
            {
                result.Add((c[0].GetDouble(), c[1].GetDouble()));
                return;
            }

            foreach (var item in c.EnumerateArray())
            {
                Walk(item);
            }
        }
    }

    /// <summary>Each expected corner is a stored vertex within a metre, and the stored ring has no other vertices.</summary>
    private static void AssertSameCorners((double Lon, double Lat)[] expected, List<(double Lon, double Lat)> actual)
    {
        Assert.Equal(expected.Length + 1, actual.Count);
        foreach (var (lon, lat) in expected)
        {
            var nearest = actual.Min(v => Math.Sqrt(Math.Pow((v.Lon - lon) * 111_320 * Math.Cos(lat * Math.PI / 180), 2) + Math.Pow((v.Lat - lat) * 110_574, 2)));
            Assert.True(nearest < 1, string.Create(CultureInfo.InvariantCulture, $"({lon}, {lat}) is {nearest:F2} m from the nearest stored vertex"));
        }
    }

    internal static MultipartFormDataContent Form(string file, string level, string crs)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(content, "file", "boundaries.geojson");
        form.Add(new StringContent(level), "level");
        form.Add(new StringContent(crs), "crs");
        return form;
    }

    private static string FeatureCollection(string code, string geometry, bool numeric = false) =>
        $$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"{{(numeric ? "adcode" : "code")}}":{{(numeric ? code : "\"" + code + "\"")}}},"geometry":{{geometry}}}]}""";

}

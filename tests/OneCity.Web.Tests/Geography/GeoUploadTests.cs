using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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

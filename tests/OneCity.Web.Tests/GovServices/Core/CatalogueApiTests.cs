using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Core;

public sealed class CatalogueApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheCatalogueHasThirtyServicesFromTenDepartmentsAndFiltersThem(Db db)
    {
        var client = apps.Client(db);
        var all = await client.GetFromJsonAsync<JsonElement>("/api/services");
        Assert.True(all.GetArrayLength() >= 30);
        Assert.True(all.EnumerateArray().Select(s => s.GetProperty("departmentLine").GetString()).Distinct().Count() >= 10);

        var ga = await client.GetFromJsonAsync<JsonElement>("/api/services?department=SH-GA");
        Assert.NotEmpty(ga.EnumerateArray());
        Assert.All(ga.EnumerateArray(), s => Assert.Equal("GA", s.GetProperty("departmentLine").GetString()));

        var licences = await client.GetFromJsonAsync<JsonElement>("/api/services?kind=Licence");
        Assert.All(licences.EnumerateArray(), s => Assert.Equal("Licence", s.GetProperty("kind").GetString()));

        var text = await client.GetFromJsonAsync<JsonElement>("/api/services?q=" + Uri.EscapeDataString("出生医学证明"));
        Assert.Contains(text.EnumerateArray(), s => s.GetProperty("code").GetString() == "SH-WJ-001");

        var bad = await client.GetAsync("/api/services?kind=mayoral-decree");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kind", out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AServiceIsPublishedAsCpsvJsonLd(Db db)
    {
        var client = apps.Client(db);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/services/SH-WJ-001");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
        var response = await client.SendAsync(request);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var ld = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(ld.GetProperty("@type").EnumerateArray(), t => t.GetString() == "GovernmentService");
        Assert.Contains(ld.GetProperty("@type").EnumerateArray(), t => t.GetString() == "cpsv:PublicService");
        Assert.Equal("http://purl.org/vocab/cpsv#", ld.GetProperty("@context").GetProperty("cpsv").GetString());
        Assert.Contains(ld.GetProperty("name").EnumerateArray(), n => n.GetProperty("@language").GetString() == "zh");
        Assert.NotEmpty(ld.GetProperty("hasInput").EnumerateArray());
        Assert.StartsWith("P", ld.GetProperty("processingTime").GetString(), StringComparison.Ordinal);

        var plain = await client.GetFromJsonAsync<JsonElement>("/api/services/SH-WJ-001");
        Assert.Equal("SH-WJ-001", plain.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/services/NOPE")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheSeededBundlesAreListedWithTheirGraph(Db db)
    {
        var client = apps.Client(db);
        var bundles = await client.GetFromJsonAsync<JsonElement>("/api/bundles");
        var codes = bundles.EnumerateArray().Select(b => b.GetProperty("code").GetString()).ToList();
        Assert.Contains("newborn", codes);
        Assert.Contains("start-company", codes);
        Assert.Contains("property-transfer", codes);
        Assert.Contains("dog-registration", codes);
        Assert.True(codes.Count >= 5);

        var newborn = await client.GetFromJsonAsync<JsonElement>("/api/bundles/newborn");
        var steps = newborn.GetProperty("definition").GetProperty("steps");
        Assert.Equal(10, steps.GetArrayLength());
        var card = steps.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "social-security-card");
        Assert.Contains(card.GetProperty("dependsOn").EnumerateArray(), d => d.GetString() == "hukou");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/bundles/nope")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocumentsEveryGovServicesOperation()
    {
        var doc = await apps.Client(Db.Sqlite).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/services", "/api/services/{code}", "/api/bundles", "/api/bundles/{code}", "/api/bundles/{code}/preview", "/api/applications", "/api/applications/{number}" })
        {
            Assert.True(paths.TryGetProperty(p, out _), p);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.OpenData;
using OneCity.Platform.Audit;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.OpenDataApi;

public sealed class OpenDataApiTests(Apps apps)
{
    /// <summary>A valid unified social credit code (the check character computed by trying all of them).</summary>
    public static string CreditCode(string first17 = "91310000MA1K00001") =>
        "0123456789ABCDEFGHJKLMNPQRTUWXY".Select(c => first17 + c).First(OpenDataService.IsCreditCode);

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnonymousVisitorsSearchAndDownloadOpenDatasets(Db db)
    {
        var client = apps.Client(db);
        var found = await client.GetFromJsonAsync<JsonElement>("/api/open/datasets?q=toilets");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "SH-LH-public-toilets");
        var all = await client.GetFromJsonAsync<JsonElement>("/api/open/datasets?pageSize=100");
        Assert.All(all.GetProperty("items").EnumerateArray(), i => Assert.NotEqual("NotOpen", i.GetProperty("openType").GetString()));
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "SH-GA-population");

        var csv = await client.GetAsync("/open/datasets/SH-LH-public-toilets/download.csv");
        csv.EnsureSuccessStatusCode();
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("toiletId,name,", lines[0], StringComparison.Ordinal);
        Assert.Equal(251, lines.Length);
        Assert.Contains("公厕", lines[1], StringComparison.Ordinal);

        var json = await client.GetFromJsonAsync<JsonElement>("/open/datasets/SH-LH-public-toilets/download.json");
        Assert.Equal(250, json.GetArrayLength());
        var geo = await client.GetFromJsonAsync<JsonElement>("/open/datasets/SH-LH-public-toilets/download.geojson");
        Assert.Equal("FeatureCollection", geo.GetProperty("type").GetString());
        var coords = geo.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        Assert.InRange(coords[0].GetDouble(), 120.8, 122.2);
        Assert.InRange(coords[1].GetDouble(), 30.6, 31.9);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/open/datasets/SH-JT-bus-lines/download.geojson")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/open/datasets/SH-GA-population/download.csv")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheStatisticalReleaseNeverShowsSmallCounts(Db db)
    {
        var cells = await apps.Client(db).GetFromJsonAsync<JsonElement>("/open/datasets/SH-DSJ-cases-by-subdistrict-month/download.json");
        Assert.True(cells.GetArrayLength() > 10);
        Assert.Contains(cells.EnumerateArray(), c => c.GetProperty("suppressed").GetBoolean());
        foreach (var c in cells.EnumerateArray())
        {
            var n = c.GetProperty("cases");
            Assert.True(n.ValueKind == JsonValueKind.Null || n.GetInt32() >= 5);
            Assert.Equal(n.ValueKind == JsonValueKind.Null, c.GetProperty("suppressed").GetBoolean());
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ConditionalOpenDataNeedsAnApprovedAgreementAndIsMetered(Db db)
    {
        const string code = "SH-CG-cases";
        var anonymous = apps.Client(db);
        var meta = await anonymous.GetFromJsonAsync<JsonElement>($"/api/open/datasets/{code}");
        Assert.Equal("sign-in-required", meta.GetProperty("access").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/open/datasets/{code}/download.csv")).StatusCode);

        var citizen = await apps.ClientAs(db, "citizen");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync($"/open/datasets/{code}/download.csv")).StatusCode);
        var invalid = await citizen.PostAsJsonAsync("/api/open/agreements", new { datasetCode = code, purpose = "", organisationCreditCode = "91310000MA1K000010" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("purpose", out _));
        var openOne = await citizen.PostAsJsonAsync("/api/open/agreements", new { datasetCode = "SH-LH-parks", purpose = "研究", organisationCreditCode = CreditCode() });
        Assert.Equal(HttpStatusCode.BadRequest, openOne.StatusCode);

        var applied = await citizen.PostAsJsonAsync("/api/open/agreements", new { datasetCode = code, purpose = "城市治理研究", organisationCreditCode = CreditCode() });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var id = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync("/api/open/agreements", new { datasetCode = code, purpose = "again", organisationCreditCode = CreditCode() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync($"/api/open/agreements/{id}/approve", new { })).StatusCode);

        var steward = await apps.ClientAs(db, "steward");
        var noTerms = await steward.PostAsJsonAsync($"/api/open/agreements/{id}/approve", new { monthlyRowQuota = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, noTerms.StatusCode);
        var approved = await steward.PostAsJsonAsync($"/api/open/agreements/{id}/approve",
            new { expiresAt = DateTimeOffset.UtcNow.AddYears(1), monthlyRowQuota = 600, monthlyCallQuota = 10, terms = "仅用于研究，不得转让" });
        approved.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await steward.PostAsJsonAsync($"/api/open/agreements/{id}/reject", new { reason = "late" })).StatusCode);

        var first = await citizen.GetAsync($"/open/datasets/{code}/download.csv");
        first.EnsureSuccessStatusCode();
        var second = await citizen.GetAsync($"/open/datasets/{code}/download.json");
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Contains("quota", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var mine = await citizen.GetFromJsonAsync<JsonElement>("/api/open/agreements/mine");
        var view = mine.EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == id);
        Assert.Equal(400, view.GetProperty("rowsThisMonth").GetInt64());
        Assert.Equal(1, view.GetProperty("callsThisMonth").GetInt32());

        using var scope = apps.Get(db).Services.CreateScope();
        var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
        Assert.True((await ledger.SearchAsync(new AuditSearch(Action: "datahub.open.approve", ObjectId: id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Total == 1);
        Assert.True((await ledger.SearchAsync(new AuditSearch(Action: "datahub.open.use", ObjectId: id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Total == 1);
    }
}

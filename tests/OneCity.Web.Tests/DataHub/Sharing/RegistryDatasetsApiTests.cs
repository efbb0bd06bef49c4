using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Contracts;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.DataHub.Sharing.SharingHelpers;

namespace OneCity.Web.Tests.DataHub.Sharing;

/// <summary>The e-licence, property and geography registries through the data API and the in-process client.</summary>
public sealed class RegistryDatasetsApiTests(Apps apps)
{
    private const string ELicences = "SH-DSJ-elicences";
    private const string Properties = "SH-GH-property";
    private const string Geography = "SH-GH-geography";
    private const string Citizen = "P00000001";

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ELicencesAreServedFilteredMaskedAndRecorded(Db db)
    {
        var purpose = Purpose("licence");
        await GrantOnAsync(db, ELicences, purpose, ["id", "typeCode", "number", "holderKind", "holderId", "validUntil", "status"], ["holderId"], ["holderId"]);
        var (client, clientId) = await ClientAsync(db);
        var citizen = await apps.ClientAs(db, "citizen");
        var own = await citizen.GetFromJsonAsync<JsonElement>("/api/registries/me/elicences", TestContext.Current.CancellationToken);
        var marriage = own.EnumerateArray().First(l => l.GetProperty("type").GetString() == "marriage-certificate" && l.GetProperty("holderId").GetString() == Citizen);
        var id = marriage.GetProperty("id").GetString()!;

        // Key lookup: granted fields only, the number masked, the holder granted in clear.
        var record = await OkJson(await Fetch(client, $"/api/datahub/data/{ELicences}/records/{id}", purpose));
        Assert.Equal(id, record.GetProperty("id").GetString());
        Assert.Equal("marriage-certificate", record.GetProperty("typeCode").GetString());
        Assert.Equal("Person", record.GetProperty("holderKind").GetString());
        Assert.Equal(Citizen, record.GetProperty("holderId").GetString());
        Assert.Matches(@"^\*+$", record.GetProperty("number").GetString()!);
        Assert.NotEqual(marriage.GetProperty("number").GetString(), record.GetProperty("number").GetString());
        Assert.Equal("Valid", record.GetProperty("status").GetString());
        Assert.False(record.TryGetProperty("issuerDepartmentCode", out _));
        Assert.False(record.TryGetProperty("issuedOn", out _));

        // Filters: holder, type, status.
        var page = await OkJson(await Fetch(client, $"/api/datahub/data/{ELicences}/records?holderId={Citizen}&limit=50", purpose));
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(own.EnumerateArray().Count(l => l.GetProperty("holderId").GetString() == Citizen), items.Count);
        Assert.All(items, i => Assert.Equal(Citizen, i.GetProperty("holderId").GetString()));
        var typed = await OkJson(await Fetch(client, $"/api/datahub/data/{ELicences}/records?holderId={Citizen}&typeCode=resident-id-card", purpose));
        Assert.Single(typed.GetProperty("items").EnumerateArray());
        var idCard = typed.GetProperty("items")[0];
        Assert.Equal("resident-id-card", idCard.GetProperty("typeCode").GetString());
        Assert.Matches(@"^\*{18}$", idCard.GetProperty("number").GetString()!); // the number of an identity card is the identity number
        var revoked = await OkJson(await Fetch(client, $"/api/datahub/data/{ELicences}/records?holderId={Citizen}&status=Revoked", purpose));
        Assert.Empty(revoked.GetProperty("items").EnumerateArray());
        var byType = await OkJson(await Fetch(client, $"/api/datahub/data/{ELicences}/records?typeCode=business-licence&limit=3", purpose));
        Assert.Equal(3, byType.GetProperty("items").GetArrayLength());
        Assert.All(byType.GetProperty("items").EnumerateArray(), i => Assert.Equal("LegalEntity", i.GetProperty("holderKind").GetString()));

        // Unknown type, unknown status, a granted field that cannot be filtered, a field beyond the grant.
        Assert.Equal(HttpStatusCode.BadRequest, (await Fetch(client, $"/api/datahub/data/{ELicences}/records?typeCode=pilot-licence", purpose)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Fetch(client, $"/api/datahub/data/{ELicences}/records?status=1", purpose)).StatusCode);
        var number = await Fetch(client, $"/api/datahub/data/{ELicences}/records?number=123", purpose);
        Assert.Equal(HttpStatusCode.BadRequest, number.StatusCode);
        Assert.Contains("holderId", await number.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Fetch(client, $"/api/datahub/data/{ELicences}/records?issuedOn=2020-01-01", purpose)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Fetch(client, $"/api/datahub/data/{ELicences}/records/EL99999999", purpose)).StatusCode);

        // The ledger names the holders who are persons; business licences touch no person.
        var entries = await ReadsOfAsync(db, clientId);
        Assert.Contains(entries, e => e.GetProperty("objectId").GetString() == id && Subjects(e).SequenceEqual([Citizen]));
        Assert.Contains(entries, e => e.GetProperty("objectId").GetString()!.Contains("typeCode=business-licence", StringComparison.Ordinal) && Subjects(e).Count == 0);
        Assert.All(entries, e => Assert.Equal(purpose, e.GetProperty("purpose").GetString()));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task PropertiesAreServedFilteredMaskedAndRecorded(Db db)
    {
        var purpose = Purpose("property");
        await GrantOnAsync(db, Properties, purpose, ["certificateNumber", "districtCode", "address", "floorAreaSqm", "use", "ownerIds"], []);
        var (client, clientId) = await ClientAsync(db);
        var clerk = await apps.ClientAs(db, "clerk");
        var owned = await clerk.GetFromJsonAsync<JsonElement>($"/api/registries/people/{Citizen}/properties", TestContext.Current.CancellationToken);
        var home = owned[0];
        var certificate = home.GetProperty("certificateNumber").GetString()!;
        var owners = home.GetProperty("owners").EnumerateArray().Select(o => o.GetProperty("ownerId").GetString()!).ToList();
        Assert.All(home.GetProperty("owners").EnumerateArray(), o => Assert.Equal("Person", o.GetProperty("ownerKind").GetString()));

        // Key lookup by certificate number (with parentheses and Chinese): address and owners masked.
        var record = await OkJson(await Fetch(client, $"/api/datahub/data/{Properties}/records/{Uri.EscapeDataString(certificate)}", purpose));
        Assert.Equal(certificate, record.GetProperty("certificateNumber").GetString());
        Assert.EndsWith("****", record.GetProperty("address").GetString()!, StringComparison.Ordinal);
        Assert.Matches(@"^\*+$", record.GetProperty("ownerIds").GetString()!);
        Assert.True(record.GetProperty("floorAreaSqm").GetDecimal() > 0);
        Assert.Equal("Residential", record.GetProperty("use").GetString());
        Assert.False(record.TryGetProperty("registeredOn", out _));

        // Filters: owner (alone or jointly) and district.
        var mine = await OkJson(await Fetch(client, $"/api/datahub/data/{Properties}/records?ownerIds={Citizen}", purpose));
        Assert.Equal(owned.GetArrayLength(), mine.GetProperty("items").GetArrayLength());
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("certificateNumber").GetString() == certificate);
        var district = await OkJson(await Fetch(client, $"/api/datahub/data/{Properties}/records?districtCode=310104&limit=10", purpose));
        Assert.Equal(10, district.GetProperty("items").GetArrayLength());
        Assert.True(district.GetProperty("hasMore").GetBoolean());
        Assert.All(district.GetProperty("items").EnumerateArray(), i => Assert.Equal("310104", i.GetProperty("districtCode").GetString()));
        var second = await OkJson(await Fetch(client, $"/api/datahub/data/{Properties}/records?districtCode=310104&limit=10&offset=10", purpose));
        Assert.Empty(second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("certificateNumber").GetString())
            .Intersect(district.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("certificateNumber").GetString())));
        Assert.Equal(HttpStatusCode.BadRequest, (await Fetch(client, $"/api/datahub/data/{Properties}/records?districtCode=31", purpose)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Fetch(client, $"/api/datahub/data/{Properties}/records?use=Residential", purpose)).StatusCode);

        // The ledger names every owner who is a person.
        var entries = await ReadsOfAsync(db, clientId);
        Assert.Contains(entries, e => e.GetProperty("objectId").GetString() == certificate && Subjects(e).Order().SequenceEqual(owners.Order()));
        Assert.Contains(entries, e => e.GetProperty("objectId").GetString()!.StartsWith($"ownerIds={Citizen}", StringComparison.Ordinal) && Subjects(e).Contains(Citizen));
        Assert.Contains(entries, e => e.GetProperty("objectId").GetString()!.StartsWith("districtCode=310104", StringComparison.Ordinal) && Subjects(e).Count >= 10);

        // The citizen sees the use in their data tracker.
        var auditor = await apps.ClientAs(db, "auditor");
        var tracked = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?subject={Citizen}&actor={clientId}&pageSize=100", TestContext.Current.CancellationToken);
        Assert.True(tracked.GetProperty("items").GetArrayLength() >= 2);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task GeographyIsServedFilteredAndRecorded(Db db)
    {
        var purpose = Purpose("geo");
        await GrantOnAsync(db, Geography, purpose, ["code", "nameZh", "level", "parentCode", "geometry"], [], pending: false);
        var (client, clientId) = await ClientAsync(db);

        var huangpu = await OkJson(await Fetch(client, $"/api/datahub/data/{Geography}/records/310101", purpose));
        Assert.Equal("黄浦区", huangpu.GetProperty("nameZh").GetString());
        Assert.Equal("district", huangpu.GetProperty("level").GetString());
        Assert.Equal("310000", huangpu.GetProperty("parentCode").GetString());
        Assert.Contains(huangpu.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
        Assert.False(huangpu.TryGetProperty("synthetic", out _));

        var districts = await OkJson(await Fetch(client, $"/api/datahub/data/{Geography}/records?level=district&limit=100", purpose));
        Assert.Equal(16, districts.GetProperty("items").GetArrayLength());
        var subdistricts = await OkJson(await Fetch(client, $"/api/datahub/data/{Geography}/records?parentCode=310101&limit=100", purpose));
        Assert.NotEmpty(subdistricts.GetProperty("items").EnumerateArray());
        Assert.All(subdistricts.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("310101", i.GetProperty("parentCode").GetString());
            Assert.Equal("subdistrict", i.GetProperty("level").GetString());
        });

        // Unit grids: a neighbourhood's grids, and one grid by id with its 100 m square.
        var neighbourhoods = await OkJson(await Fetch(client, $"/api/datahub/data/{Geography}/records?level=neighbourhood&parentCode={subdistricts.GetProperty("items")[0].GetProperty("code").GetString()}", purpose));
        var neighbourhood = neighbourhoods.GetProperty("items")[0].GetProperty("code").GetString()!;
        var grids = await OkJson(await Fetch(client, $"/api/datahub/data/{Geography}/records?level=grid&parentCode={neighbourhood}&limit=5", purpose));
        var grid = grids.GetProperty("items")[0];
        Assert.StartsWith(neighbourhood + "-", grid.GetProperty("code").GetString()!, StringComparison.Ordinal);
        var one = await OkJson(await Fetch(client, $"/api/datahub/data/{Geography}/records/{grid.GetProperty("code").GetString()}", purpose));
        Assert.Equal("grid", one.GetProperty("level").GetString());
        Assert.Equal("Polygon", one.GetProperty("geometry").GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await Fetch(client, $"/api/datahub/data/{Geography}/records?level=province", purpose)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Fetch(client, $"/api/datahub/data/{Geography}/records?nameZh=黄浦区", purpose)).StatusCode);

        var entries = await ReadsOfAsync(db, clientId);
        Assert.Contains(entries, e => e.GetProperty("objectId").GetString() == "310101" && Subjects(e).Count == 0);
        Assert.True(entries.Count >= 6);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task GovServicesQueriesELicencesAndPropertiesThroughItsGrants(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var hub = apps.Get(db).Services.GetRequiredService<DataHubClient>();
        var gov = DataHubClients.GovServices;
        var licences = await hub.QueryAsync(gov, ELicences, new Dictionary<string, string> { ["holderId"] = Citizen, ["typeCode"] = "marriage-certificate" }, "govservices-prefill", ct: ct);
        var licence = Assert.Single(licences);
        Assert.StartsWith("EL", (string)licence["id"]!, StringComparison.Ordinal);
        Assert.Equal("Valid", licence["status"]);
        Assert.Equal(
            ["id", "typeCode", "number", "holderKind", "holderId", "issuerDepartmentCode", "issuedOn", "validUntil", "status"],
            licence.Keys.ToArray());
        Assert.Matches(@"^\*+$", (string)licence["number"]!);

        var properties = await hub.QueryAsync(gov, Properties, new Dictionary<string, string> { ["ownerIds"] = Citizen }, "govservices-prefill", 10, ct: ct);
        Assert.NotEmpty(properties);
        var home = properties[0];
        Assert.DoesNotContain("*", (string)home["address"]!, StringComparison.Ordinal); // granted in clear for pre-filling
        Assert.Matches(@"^\*+$", (string)home["ownerIds"]!);
        Assert.False(home.ContainsKey("registeredOn"));

        var few = await hub.QueryAsync(gov, ELicences, new Dictionary<string, string> { ["typeCode"] = "business-licence" }, "govservices-prefill", 2, ct: ct);
        Assert.Equal(2, few.Count);
        Assert.Empty(await hub.QueryAsync(gov, ELicences, new Dictionary<string, string> { ["holderId"] = "P99999999" }, "govservices-prefill", ct: ct));

        // The same refusals as the HTTP API.
        var purpose = await Assert.ThrowsAsync<DataHubAccessDeniedException>(() =>
            hub.QueryAsync(gov, ELicences, new Dictionary<string, string> { ["holderId"] = Citizen }, "marketing", ct: ct));
        Assert.Equal(403, purpose.Status);
        var noGrant = await Assert.ThrowsAsync<DataHubAccessDeniedException>(() =>
            hub.QueryAsync(gov, Geography, new Dictionary<string, string>(), "govservices-prefill", ct: ct));
        Assert.Equal(403, noGrant.Status);
        var unknown = await Assert.ThrowsAsync<DataHubAccessDeniedException>(() =>
            hub.QueryAsync(gov, ELicences, new Dictionary<string, string> { ["salary"] = "1" }, "govservices-prefill", ct: ct));
        Assert.Equal((400, "salary"), (unknown.Status, unknown.Field));
        var limit = await Assert.ThrowsAsync<DataHubAccessDeniedException>(() =>
            hub.QueryAsync(gov, ELicences, new Dictionary<string, string>(), "govservices-prefill", 0, ct: ct));
        Assert.Equal((400, "limit"), (limit.Status, limit.Field));
        var missing = await Assert.ThrowsAsync<DataHubAccessDeniedException>(() =>
            hub.QueryAsync(gov, "SH-XX-nothing", new Dictionary<string, string>(), "govservices-prefill", ct: ct));
        Assert.Equal(404, missing.Status);

        // Recorded with the holder as subject, as the module's client.
        var auditor = await apps.ClientAs(db, "auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?actor={gov}&action=datahub.data.read&subject={Citizen}&pageSize=100", ct);
        Assert.Contains(entries.GetProperty("items").EnumerateArray(), e => e.GetProperty("objectType").GetString() == ELicences);
        Assert.Contains(entries.GetProperty("items").EnumerateArray(), e => e.GetProperty("objectType").GetString() == Properties);
    }

    /// <summary>deptadmin (SH-MZ) asks for the dataset; the city data steward approves conditional requests.</summary>
    private async Task GrantOnAsync(Db db, string dataset, string purpose, string[] fields, string[] clear, string[]? approvedClear = null, bool pending = true)
    {
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        var request = await PostOk(deptadmin, "/api/datahub/sharing/requests", Request(dataset, purpose, fields, clear));
        if (!pending)
        {
            Assert.Equal("Approved", request.GetProperty("status").GetString());
            return;
        }

        Assert.Equal("Pending", request.GetProperty("status").GetString());
        var steward = await apps.ClientAs(db, "steward");
        var approved = await PostOk(steward, $"/api/datahub/sharing/requests/{request.GetProperty("id").GetInt64()}/approve",
            approvedClear is null ? new { } : new { clearFields = approvedClear });
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
    }

    private async Task<(HttpClient Client, string ClientId)> ClientAsync(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var created = await PostOk(admin, "/api/datahub/clients", new { departmentCode = "SH-MZ", displayName = "registry datasets test" });
        var id = created.GetProperty("clientId").GetString()!;
        return (await TokenClient(apps, db, id, created.GetProperty("clientSecret").GetString()!), id);
    }

    private static async Task<JsonElement> OkJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<List<JsonElement>> ReadsOfAsync(Db db, string clientId)
    {
        var auditor = await apps.ClientAs(db, "auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?actor={clientId}&action=datahub.data.read&pageSize=100");
        return entries.GetProperty("items").EnumerateArray().ToList();
    }

    private static List<string> Subjects(JsonElement entry) =>
        entry.TryGetProperty("subjects", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
}

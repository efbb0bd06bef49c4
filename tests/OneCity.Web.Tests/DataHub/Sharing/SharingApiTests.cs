using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Data;
using OneCity.DataHub.Tracker;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.DataHub.Sharing.SharingHelpers;

namespace OneCity.Web.Tests.DataHub.Sharing;

public sealed class SharingApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ARequestApprovedNarrowerGivesOnlyGrantedFieldsMasked(Db db)
    {
        var purpose = Purpose("allowance");
        var (_, grantId) = await GrantedAsync(apps, db, purpose, ["personId", "name", "idNumber", "mobile", "address"], ["name", "idNumber"],
            new { fields = new[] { "personId", "name", "idNumber", "address" }, clearFields = new[] { "name" } });
        var steward = await apps.ClientAs(db, "steward");
        var grants = await steward.GetFromJsonAsync<JsonElement>("/api/datahub/sharing/grants");
        var grant = grants.EnumerateArray().Single(g => g.GetProperty("id").GetInt64() == grantId);
        Assert.Equal(["personId", "name", "idNumber", "address"], grant.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToArray());
        Assert.Equal(["name"], grant.GetProperty("clearFields").EnumerateArray().Select(f => f.GetString()!).ToArray());

        var client = await DataClientFor(apps, db, "SH-MZ");
        var person = await SomePersonId(apps, db);
        var response = await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = JsonDocument.Parse(text).RootElement;
        Assert.Equal(person, record.GetProperty("personId").GetString());
        Assert.DoesNotContain("*", record.GetProperty("name").GetString()!, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}\*{10}[\dX]{4}$", record.GetProperty("idNumber").GetString()!);
        Assert.Contains("****", record.GetProperty("address").GetString()!, StringComparison.Ordinal);
        Assert.False(record.TryGetProperty("mobile", out _));
        Assert.False(record.TryGetProperty("gender", out _));

        // A field beyond the grant, asked for by name or as a filter: 403 naming it.
        var beyond = await Fetch(client, $"/api/datahub/data/{Population}/records/{person}?fields=personId,mobile", purpose);
        Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
        Assert.Contains("mobile", await beyond.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var filter = await Fetch(client, $"/api/datahub/data/{Population}/records?mobile=13800000000", purpose);
        Assert.Equal(HttpStatusCode.Forbidden, filter.StatusCode);

        // Queries return granted fields only, within the row scope.
        var page = await Fetch(client, $"/api/datahub/data/{Population}/records?limit=5", purpose);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var items = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        Assert.InRange(items.GetArrayLength(), 1, 5);
        Assert.All(items.EnumerateArray(), i => Assert.False(i.TryGetProperty("mobile", out _)));

        // Wrong purpose: 403, and recorded in the ledger with the client as actor.
        var wrong = await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", "marketing");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("purpose", await wrong.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var auditor = await apps.ClientAs(db, "auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?action=datahub.data.&pageSize=100");
        var list = entries.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(list, e => e.GetProperty("action").GetString() == "datahub.data.refused" && e.GetProperty("purpose").GetString() == "marketing"
            && e.GetProperty("role").GetString() == "system-client" && e.GetProperty("department").GetString() == "SH-MZ");
        Assert.Contains(list, e => e.GetProperty("action").GetString() == "datahub.data.read" && e.GetProperty("purpose").GetString() == purpose
            && e.GetProperty("subjects").EnumerateArray().Any(s => s.GetString() == person) && e.GetProperty("details").GetString()!.Contains($"grant={grantId}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RevokedGrantsStopAtOnce(Db db)
    {
        var purpose = Purpose("revoke");
        var (_, grantId) = await GrantedAsync(apps, db, purpose, ["personId", "gender"], []);
        var client = await DataClientFor(apps, db, "SH-MZ");
        var person = await SomePersonId(apps, db);
        Assert.Equal(HttpStatusCode.OK, (await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose)).StatusCode);

        var steward = await apps.ClientAs(db, "steward");
        var noReason = await steward.PostAsJsonAsync($"/api/datahub/sharing/grants/{grantId}/revoke", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await PostOk(steward, $"/api/datahub/sharing/grants/{grantId}/revoke", new { reason = "purpose fulfilled" });
        var after = await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task DenyNeedsAReasonAndUnconditionalIsGrantedAtOnce(Db db)
    {
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        var request = await PostOk(deptadmin, "/api/datahub/sharing/requests", Request(Population, Purpose("deny"), ["personId"]));
        var id = request.GetProperty("id").GetInt64();
        var steward = await apps.ClientAs(db, "steward");
        var bad = await steward.PostAsJsonAsync($"/api/datahub/sharing/requests/{id}/deny", new { });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var denied = await PostOk(steward, $"/api/datahub/sharing/requests/{id}/deny", new { reason = "no statutory basis for this purpose" });
        Assert.Equal("Denied", denied.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await steward.PostAsJsonAsync($"/api/datahub/sharing/requests/{id}/approve", new { })).StatusCode);

        var mine = await deptadmin.GetFromJsonAsync<JsonElement>("/api/datahub/sharing/requests?role=mine");
        Assert.Contains(mine.EnumerateArray(), r => r.GetProperty("id").GetInt64() == id && r.GetProperty("decisionReason").GetString() == "no statutory basis for this purpose");

        var open = await PostOk(deptadmin, "/api/datahub/sharing/requests", Request(LegalEntities, Purpose("open"), ["creditCode", "name"]));
        Assert.Equal("Approved", open.GetProperty("status").GetString());
        Assert.True(open.GetProperty("grantId").GetInt64() > 0);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ValidationNamesEveryBadField(Db db)
    {
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        var response = await deptadmin.PostAsJsonAsync("/api/datahub/sharing/requests", new
        {
            dataset = Population, fields = new[] { "personId", "salary" }, clearFields = new[] { "mobile" }, purposeCode = "",
            purposeDescription = "x", legalBasisKind = "whim", legalBasis = "", from = InDays(10), to = InDays(5),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "fields", "clearFields", "purposeCode", "legalBasisKind", "legalBasis", "to" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.Contains("salary", errors.GetProperty("fields")[0].GetString()!, StringComparison.Ordinal);

        var reviewer = await apps.ClientAs(db, "reviewer"); // Huangpu only
        var outside = await reviewer.PostAsJsonAsync("/api/datahub/sharing/requests", Request(Population, Purpose("scope"), ["personId"], rowScope: "310104"));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("rowScope", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Approval cannot widen.
        var request = await PostOk(deptadmin, "/api/datahub/sharing/requests", Request(Population, Purpose("widen"), ["personId", "name"]));
        var steward = await apps.ClientAs(db, "steward");
        var widen = await steward.PostAsJsonAsync($"/api/datahub/sharing/requests/{request.GetProperty("id").GetInt64()}/approve",
            new { fields = new[] { "personId", "idNumber" }, clearFields = new[] { "name" }, to = InDays(400) });
        Assert.Equal(HttpStatusCode.BadRequest, widen.StatusCode);
        var widenErrors = (await widen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(widenErrors.TryGetProperty("fields", out _));
        Assert.True(widenErrors.TryGetProperty("clearFields", out _));
        Assert.True(widenErrors.TryGetProperty("to", out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task InjectionAndMalformedParametersAre400AndRecorded(Db db)
    {
        var purpose = Purpose("inject");
        await GrantedAsync(apps, db, purpose, ["personId", "idNumber", "residenceAreaCode"], []);
        var client = await DataClientFor(apps, db, "SH-MZ");
        string[] urls =
        [
            $"/api/datahub/data/{Population}/records?idNumber=' OR 1=1 --",
            $"/api/datahub/data/{Population}/records?idNumber=x\"; DROP TABLE datahub_grants; --",
            $"/api/datahub/data/{Population}/records?residenceAreaCode=<script>",
            $"/api/datahub/data/{Population}/records/P1' OR '1'='1",
            $"/api/datahub/data/{Population}/records/..%2F..%2Fetc",
            $"/api/datahub/data/{Population}/records?limit=abc",
            $"/api/datahub/data/{Population}/records?limit=1000",
            $"/api/datahub/data/{Population}/records?offset=-1",
            $"/api/datahub/data/{Population}/records?name[$ne]=1",
            $"/api/datahub/data/{Population}/records?salary=1",
        ];
        foreach (var url in urls)
        {
            var response = await Fetch(client, url, purpose);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var missing = await client.GetAsync($"/api/datahub/data/{Population}/records/P00000001");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("X-Purpose", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var auditor = await apps.ClientAs(db, "auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?action=datahub.data.refused&pageSize=100");
        Assert.True(entries.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("purpose").GetString() == purpose) >= urls.Length);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RateLimitAnswers429WithRetryAfter(Db db)
    {
        var purpose = Purpose("rate");
        await GrantedAsync(apps, db, purpose, ["personId"], [], new { rateLimitPerMinute = 3 });
        var client = await DataClientFor(apps, db, "SH-MZ");
        var person = await SomePersonId(apps, db);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose)).StatusCode);
        }

        var limited = await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ConsentBasedGrantsReturnOnlyConsentingPersons(Db db)
    {
        var purpose = Purpose("consent");
        await GrantedAsync(apps, db, purpose, ["personId", "gender"], [], kind: "consent");
        var client = await DataClientFor(apps, db, "SH-MZ");
        var person = await SomePersonId(apps, db, "310104");
        Assert.Equal(HttpStatusCode.NotFound, (await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose)).StatusCode);

        using (var scope = apps.Get(db).Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<DataHubDbContext>();
            context.Add(new Consent { PersonId = person, GranteeDepartmentCode = "SH-MZ", Purpose = purpose, GivenAt = DateTimeOffset.UtcNow });
            await context.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task DemoClientsAndTokens(Db db)
    {
        var client = await TokenClient(apps, db, "onecity-demo-sh-rs", "OneCity-demo-client-RS-1");
        var person = await SomePersonId(apps, db);
        var response = await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", "social-insurance-enrolment");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Bad secret: no token. Identity bearer tokens do not open the data API; OpenIddict tokens do not open other APIs.
        var anonymous = apps.Client(db);
        var bad = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "onecity-demo-sh-rs", ["client_secret"] = "wrong", ["scope"] = "datahub.api",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode is HttpStatusCode.Unauthorized ? HttpStatusCode.BadRequest : bad.StatusCode);
        var password = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "admin", ["password"] = "OneCity-demo-1", ["client_id"] = "onecity-demo-sh-rs", ["client_secret"] = "OneCity-demo-client-RS-1",
        }));
        Assert.False(password.IsSuccessStatusCode);
        var staff = await apps.ClientAs(db, "steward");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fetch(staff, $"/api/datahub/data/{Population}/records/{person}", "social-insurance-enrolment")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/datahub/sharing/grants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/datahub/sharing/grants")).StatusCode);
        var forged = apps.Client(db);
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fetch(forged, $"/api/datahub/data/{Population}/records/{person}", "x")).StatusCode);

        // A disabled client stops at once.
        var admin = await apps.ClientAs(db, "admin");
        var created = await PostOk(admin, "/api/datahub/clients", new { departmentCode = "SH-RS", displayName = "to disable" });
        var id = created.GetProperty("clientId").GetString()!;
        var temp = await TokenClient(apps, db, id, created.GetProperty("clientSecret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await Fetch(temp, $"/api/datahub/data/{Population}/records/{person}", "social-insurance-enrolment")).StatusCode);
        await PostOk(admin, $"/api/datahub/clients/{id}/disable", new { });
        Assert.Equal(HttpStatusCode.Forbidden, (await Fetch(temp, $"/api/datahub/data/{Population}/records/{person}", "social-insurance-enrolment")).StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/datahub/clients");
        Assert.DoesNotContain("secret", list.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task GovServicesReadsThroughItsGrantInProcess(Db db)
    {
        var person = await SomePersonId(apps, db);
        var hub = apps.Get(db).Services.GetRequiredService<OneCity.DataHub.Contracts.DataHubClient>();
        var record = await hub.GetRecordAsync(OneCity.DataHub.Contracts.DataHubClients.GovServices, Population, person, "govservices-prefill", TestContext.Current.CancellationToken);
        Assert.NotNull(record);
        Assert.Equal(person, record["personId"]);
        var denied = await Assert.ThrowsAsync<OneCity.DataHub.Contracts.DataHubAccessDeniedException>(() =>
            hub.GetRecordAsync(OneCity.DataHub.Contracts.DataHubClients.GovServices, Population, person, "marketing", TestContext.Current.CancellationToken));
        Assert.Equal(403, denied.Status);
    }
}

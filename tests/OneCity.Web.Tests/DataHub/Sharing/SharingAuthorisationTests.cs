using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.DataHub.Sharing.SharingHelpers;

namespace OneCity.Web.Tests.DataHub.Sharing;

public sealed class SharingAuthorisationTests(Apps apps)
{
    // Every endpoint × role: see DataHub/AuthorisationMatrixTests.

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task DecisionsBelongToTheOwnerDepartment(Db db)
    {
        // SH-GA owns the population dataset: the civil-affairs administrator (SH-MZ) cannot decide; the city data steward can.
        var reviewer = await apps.ClientAs(db, "reviewer");
        var request = await PostOk(reviewer, "/api/datahub/sharing/requests", Request(Population, Purpose("owner"), ["personId"]));
        Assert.Equal("310101", request.GetProperty("rowScope").GetString()); // limited to the requester's jurisdiction
        var id = request.GetProperty("id").GetInt64();
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/datahub/sharing/requests/{id}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/datahub/sharing/requests/{id}/withdraw", new { })).StatusCode);
        var incoming = await deptadmin.GetFromJsonAsync<JsonElement>("/api/datahub/sharing/requests?role=incoming");
        Assert.DoesNotContain(incoming.EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        var steward = await apps.ClientAs(db, "steward");
        var stewardIncoming = await steward.GetFromJsonAsync<JsonElement>("/api/datahub/sharing/requests?role=incoming");
        Assert.Contains(stewardIncoming.EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        await PostOk(reviewer, $"/api/datahub/sharing/requests/{id}/withdraw", new { });
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ExpiredGrantsAndTokensStopAtOnce(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var deptadmin = await factory.ClientAsAsync("deptadmin");
        var purpose = Purpose("expiry");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var request = await PostOk(deptadmin, "/api/datahub/sharing/requests", new
        {
            dataset = Population, fields = new[] { "personId" }, purposeCode = purpose, purposeDescription = "expiry test", legalBasisKind = "statutory",
            legalBasis = "test statute", from = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            to = today.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        var steward = await factory.ClientAsAsync("steward");
        await PostOk(steward, $"/api/datahub/sharing/requests/{request.GetProperty("id").GetInt64()}/approve", new { });
        var created = await PostOk(steward, "/api/datahub/clients", new { departmentCode = "SH-MZ", displayName = "expiry" });
        var clientId = created.GetProperty("clientId").GetString()!;
        var secret = created.GetProperty("clientSecret").GetString()!;

        async Task<HttpClient> Fresh()
        {
            var c = factory.CreateApiClient();
            c.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(c, clientId, secret));
            return c;
        }

        var url = $"/api/datahub/data/{Population}/records/P00000001";
        var client = await Fresh();
        Assert.Equal(HttpStatusCode.OK, (await Fetch(client, url, purpose)).StatusCode);

        // The token lives 30 minutes.
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fetch(client, url, purpose)).StatusCode);

        // The expired token is recorded under the client it names (its signature is still the platform's), with the reason.
        var auditor = await factory.ClientAsAsync("auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?action=datahub.data.unauthenticated&actor={clientId}&pageSize=10");
        Assert.Contains(entries.GetProperty("items").EnumerateArray(), e => e.GetProperty("details").GetString() == "reason=token expired; status=401"
            && e.GetProperty("department").GetString() == "SH-MZ" && e.GetProperty("objectType").GetString() == Population);

        // The grant ends with its period: a fresh token gets 403 at once.
        clock.Advance(TimeSpan.FromDays(3));
        var expired = await Fetch(await Fresh(), url, purpose);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

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
    private static readonly string[] Users = ["admin", "auditor", "dispatcher", "citizen", "company", "clerk", "reviewer", "deptadmin", "inspector", "steward", "commander"];

    private sealed record Case(string Method, string Path, object? Body, string[] Allowed);

    /// <summary>Every sharing endpoint × every demo role: allowed roles get past authorisation (2xx, 400, 404), the rest 403, anonymous 401.</summary>
    private static readonly Case[] Cases =
    [
        new("GET", "/api/datahub/sharing/datasets", null, ["admin", "auditor", "reviewer", "deptadmin", "steward"]),
        new("POST", "/api/datahub/sharing/requests", new { }, ["reviewer", "deptadmin", "steward"]),
        new("GET", "/api/datahub/sharing/requests?role=mine", null, ["admin", "auditor", "reviewer", "deptadmin", "steward"]),
        new("GET", "/api/datahub/sharing/requests?role=incoming", null, ["admin", "auditor", "reviewer", "deptadmin", "steward"]),
        new("POST", "/api/datahub/sharing/requests/999999999/approve", new { }, ["deptadmin", "steward"]),
        new("POST", "/api/datahub/sharing/requests/999999999/deny", new { reason = "x" }, ["deptadmin", "steward"]),
        new("POST", "/api/datahub/sharing/requests/999999999/withdraw", new { }, ["reviewer", "deptadmin", "steward"]),
        new("GET", "/api/datahub/sharing/grants", null, ["admin", "auditor", "reviewer", "deptadmin", "steward"]),
        new("POST", "/api/datahub/sharing/grants/999999999/revoke", new { reason = "x" }, ["admin", "deptadmin", "steward"]),
        new("POST", "/api/datahub/clients", new { }, ["admin", "steward"]),
        new("GET", "/api/datahub/clients", null, ["admin", "auditor", "steward"]),
        new("POST", "/api/datahub/clients/no-such-client/disable", new { }, ["admin", "steward"]),
        new("GET", $"/api/datahub/data/{Population}/records/P00000001", null, []),
        new("GET", $"/api/datahub/data/{Population}/records?limit=1", null, []),
    ];

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EveryEndpointByEveryRole(Db db)
    {
        var failures = new List<string>();
        var anonymous = apps.Client(db);
        foreach (var c in Cases)
        {
            var status = await SendAsync(anonymous, c);
            if (status != HttpStatusCode.Unauthorized)
            {
                failures.Add($"anonymous {c.Method} {c.Path}: {(int)status}");
            }
        }

        foreach (var user in Users)
        {
            var client = await apps.ClientAs(db, user);
            foreach (var c in Cases)
            {
                var status = await SendAsync(client, c);
                var allowed = c.Allowed.Contains(user);
                var ok = c.Path.StartsWith("/api/datahub/data", StringComparison.Ordinal)
                    ? status == HttpStatusCode.Unauthorized // staff bearer tokens never open the data API
                    : allowed ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500 : status == HttpStatusCode.Forbidden;
                if (!ok)
                {
                    failures.Add($"{user} {c.Method} {c.Path}: {(int)status}");
                }
            }
        }

        Assert.Empty(failures);
    }

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

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, Case c)
    {
        using var message = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        message.Headers.Add("X-Purpose", "matrix");
        if (c.Body is not null)
        {
            message.Content = JsonContent.Create(c.Body);
        }

        using var response = await client.SendAsync(message);
        return response.StatusCode;
    }
}

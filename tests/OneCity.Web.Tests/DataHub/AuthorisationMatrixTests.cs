using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.DataHub.Sharing.SharingHelpers;

namespace OneCity.Web.Tests.DataHub;

/// <summary>
/// Every DataHub endpoint (read from the route table: minimal APIs whose handler is in the DataHub assembly, and the
/// host's DataHub pages) × every demo role, anonymous callers and a data API client, with the status class each must
/// get. An endpoint without a row, or a row without an endpoint, fails the test.
/// </summary>
public sealed class AuthorisationMatrixTests(Apps apps)
{
    /// <summary>What a caller gets: a success, the answer of a handler that ran (not found / invalid input), or a refusal.</summary>
    public enum Outcome
    {
        Success,
        NotFound,
        Invalid,
        Forbidden,
        Unauthorized,
        Login,
    }

    private const string Anonymous = "(anonymous)";
    private const string DataClient = "(data client)";

    private static readonly string[] Users =
        ["admin", "auditor", "steward", "deptadmin", "reviewer", "reviewer-wj", "unit-zj", "clerk", "dispatcher", "dispatcher-hp", "commander", "inspector", "citizen", "company"];

    private static readonly string[] Everyone = [Anonymous, DataClient, .. Users];
    private static readonly string[] Staff = Users.Except(["citizen", "company"]).ToArray();
    private static readonly string[] Citizens = ["citizen", "company"];
    private static readonly string[] Stewards = ["steward", "admin"];
    private static readonly string[] SharingReaders = ["reviewer", "reviewer-wj", "unit-zj", "deptadmin", "steward", "auditor", "admin"];
    private static readonly string[] Requesters = ["reviewer", "reviewer-wj", "unit-zj", "deptadmin", "steward"];
    private static readonly string[] Deciders = ["deptadmin", "steward"];
    private static readonly string[] Revokers = ["deptadmin", "steward", "admin"];

    /// <summary>One endpoint: the route as the table names it, a concrete request, who gets past authorisation and what they get.</summary>
    private sealed record Row(string Method, string Route, string Path, object? Body, string[] Allowed, Outcome Then)
    {
        public string Key => $"{Method} {Route}";

        public bool IsPage => Route.StartsWith("page:", StringComparison.Ordinal);
    }

    private const string NoId = "999999999";
    private const string Bus = "SH-JT-bus-lines";

    private static Row Page(string route, string path, string[] allowed) => new("GET", "page:" + route, path, null, allowed, Outcome.Success);

    private static readonly Row[] Rows =
    [
        // Catalogue
        new("GET", "/api/datahub/catalogue", "/api/datahub/catalogue", null, Staff, Outcome.Success),
        new("GET", "/api/datahub/catalogue/{code}", $"/api/datahub/catalogue/{Bus}", null, Staff, Outcome.Success),
        new("PUT", "/api/datahub/catalogue/{code}/classification", "/api/datahub/catalogue/NO-SUCH/classification",
            new { level = "general", sharingType = "unconditional", openType = "open", reason = "matrix" }, Stewards, Outcome.NotFound),
        new("PUT", "/api/datahub/catalogue/{code}/fields/{field}/classification", "/api/datahub/catalogue/NO-SUCH/fields/x/classification",
            new { personalClass = "none", required = false, reason = "matrix" }, Stewards, Outcome.NotFound),
        new("POST", "/api/datahub/catalogue/{code}/publish", "/api/datahub/catalogue/NO-SUCH/publish", new { }, Stewards, Outcome.NotFound),
        new("POST", "/api/datahub/catalogue/{code}/unpublish", "/api/datahub/catalogue/NO-SUCH/unpublish", new { }, Stewards, Outcome.NotFound),

        // Open-data portal
        new("GET", "/api/open/datasets", "/api/open/datasets", null, Everyone, Outcome.Success),
        new("GET", "/api/open/datasets/{code}", $"/api/open/datasets/{Bus}", null, Everyone, Outcome.Success),
        new("GET", "/open/datasets/{code}/download.csv", $"/open/datasets/{Bus}/download.csv", null, Everyone, Outcome.Success),
        new("GET", "/open/datasets/{code}/download.json", $"/open/datasets/{Bus}/download.json", null, Everyone, Outcome.Success),
        new("GET", "/open/datasets/{code}/download.geojson", "/open/datasets/SH-JT-bus-stops/download.geojson", null, Everyone, Outcome.Success),
        new("POST", "/api/open/agreements", "/api/open/agreements", new { }, Citizens, Outcome.Invalid),
        new("GET", "/api/open/agreements/mine", "/api/open/agreements/mine", null, Citizens, Outcome.Success),
        new("GET", "/api/open/agreements", "/api/open/agreements", null, Stewards, Outcome.Success),
        new("POST", "/api/open/agreements/{id:long}/approve", $"/api/open/agreements/{NoId}/approve",
            new { expiresAt = InDays(30), monthlyRowQuota = 1000, monthlyCallQuota = 10, terms = "matrix" }, Stewards, Outcome.NotFound),
        new("POST", "/api/open/agreements/{id:long}/reject", $"/api/open/agreements/{NoId}/reject", new { reason = "matrix" }, Stewards, Outcome.NotFound),

        // CKAN action API and DCAT-AP: anonymous, read-only
        new("GET", "/api/3/action/{action}", "/api/3/action/package_list", null, Everyone, Outcome.Success),
        new("POST", "/api/3/action/{action}", "/api/3/action/package_search", new { rows = 1 }, Everyone, Outcome.Success),
        new("GET", "/api/action/{action}", "/api/action/organization_list", null, Everyone, Outcome.Success),
        new("POST", "/api/action/{action}", "/api/action/status_show", new { }, Everyone, Outcome.Success),
        new("GET", "/catalog", "/catalog", null, Everyone, Outcome.Success),
        new("GET", "/catalog.jsonld", "/catalog.jsonld", null, Everyone, Outcome.Success),
        new("GET", "/catalog.ttl", "/catalog.ttl", null, Everyone, Outcome.Success),
        new("GET", "/catalog.rdf", "/catalog.rdf", null, Everyone, Outcome.Success),

        // Sharing requests, grants, clients
        new("GET", "/api/datahub/sharing/datasets", "/api/datahub/sharing/datasets", null, SharingReaders, Outcome.Success),
        new("POST", "/api/datahub/sharing/requests", "/api/datahub/sharing/requests", new { }, Requesters, Outcome.Invalid),
        new("GET", "/api/datahub/sharing/requests", "/api/datahub/sharing/requests?role=incoming", null, SharingReaders, Outcome.Success),
        new("POST", "/api/datahub/sharing/requests/{id:long}/approve", $"/api/datahub/sharing/requests/{NoId}/approve", new { }, Deciders, Outcome.NotFound),
        new("POST", "/api/datahub/sharing/requests/{id:long}/deny", $"/api/datahub/sharing/requests/{NoId}/deny", new { reason = "matrix" }, Deciders, Outcome.NotFound),
        new("POST", "/api/datahub/sharing/requests/{id:long}/withdraw", $"/api/datahub/sharing/requests/{NoId}/withdraw", new { }, Requesters, Outcome.NotFound),
        new("GET", "/api/datahub/sharing/grants", "/api/datahub/sharing/grants", null, SharingReaders, Outcome.Success),
        new("POST", "/api/datahub/sharing/grants/{id:long}/revoke", $"/api/datahub/sharing/grants/{NoId}/revoke", new { reason = "matrix" }, Revokers, Outcome.NotFound),
        new("POST", "/api/datahub/clients", "/api/datahub/clients", new { }, Stewards, Outcome.Invalid),
        new("GET", "/api/datahub/clients", "/api/datahub/clients", null, [.. Stewards, "auditor"], Outcome.Success),
        new("POST", "/api/datahub/clients/{clientId}/disable", "/api/datahub/clients/no-such-client/disable", new { }, Stewards, Outcome.NotFound),

        // The data API and its token endpoint: only data API clients; no staff or citizen token opens it.
        new("GET", "/api/datahub/data/{dataset}/records/{key}", $"/api/datahub/data/{Population}/records/P00000001", null, [DataClient], Outcome.Forbidden),
        new("GET", "/api/datahub/data/{dataset}/records", $"/api/datahub/data/{Population}/records?limit=1", null, [DataClient], Outcome.Forbidden),
        new("POST", "/connect/token", "/connect/token", null, Everyone, Outcome.Invalid),

        // Data tracker, consent, objections
        new("GET", "/api/datahub/tracker/accesses", "/api/datahub/tracker/accesses", null, Citizens, Outcome.Success),
        new("GET", "/api/datahub/tracker/objections", "/api/datahub/tracker/objections", null, Citizens, Outcome.Success),
        new("POST", "/api/datahub/tracker/objections", "/api/datahub/tracker/objections", new { }, Citizens, Outcome.Invalid),
        new("GET", "/api/datahub/tracker/consents", "/api/datahub/tracker/consents", null, Citizens, Outcome.Success),
        new("POST", "/api/datahub/tracker/consents", "/api/datahub/tracker/consents", new { }, Citizens, Outcome.Invalid),
        new("POST", "/api/datahub/tracker/consents/{id:long}/withdraw", $"/api/datahub/tracker/consents/{NoId}/withdraw", new { }, Citizens, Outcome.NotFound),
        new("GET", "/api/datahub/objections", "/api/datahub/objections", null, Stewards, Outcome.Success),
        new("POST", "/api/datahub/objections/{id:long}/resolve", $"/api/datahub/objections/{NoId}/resolve", new { outcome = "upheld", response = "matrix" }, Stewards, Outcome.NotFound),

        // Pages (the host compiles them; anonymous callers are sent to the login page)
        Page("/Workbench/DataHub/Index", "/workbench/datahub", Staff),
        Page("/Workbench/DataHub/Dataset", $"/workbench/datahub/datasets/{Bus}", Staff),
        Page("/Workbench/DataHub/Agreements", "/workbench/datahub/agreements", Stewards),
        Page("/Workbench/DataHub/Clients/Index", "/workbench/datahub/clients", Stewards),
        Page("/Workbench/DataHub/Sharing/Index", "/workbench/datahub/sharing", SharingReaders),
        Page("/Workbench/Objections/Index", "/workbench/objections", Stewards),
        Page("/Portal/DataTracker/Index", "/portal/data-tracker", Citizens),
        Page("/Portal/OpenData/Index", "/portal/open-data", Citizens),
        Page("/Open/Index", "/open", Everyone),
        Page("/Open/Dataset", $"/open/datasets/{Bus}", Everyone),
    ];

    /// <summary>The host's pages that belong to DataHub.</summary>
    private static bool IsDataHubPage(string viewPath) =>
        viewPath.StartsWith("/Workbench/DataHub/", StringComparison.Ordinal)
        || viewPath is "/Workbench/Objections/Index" or "/Portal/DataTracker/Index" or "/Portal/OpenData/Index" or "/Open/Index" or "/Open/Dataset";

    [Fact]
    public void EveryDataHubEndpointHasARow()
    {
        var dataHub = typeof(DataHubModule).Assembly;
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in apps.Get(Db.Sqlite).Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<MethodInfo>()?.DeclaringType?.Assembly == dataHub)
            {
                var route = "/" + e.RoutePattern.RawText!.Trim('/');
                foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                {
                    routes.Add($"{method} {route}");
                }
            }
            else if (e.Metadata.GetMetadata<PageActionDescriptor>() is { } page && IsDataHubPage(page.ViewEnginePath))
            {
                routes.Add("GET page:" + page.ViewEnginePath);
            }
        }

        var rows = Rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var missing = routes.Except(rows).Order().Select(r => "no matrix row for " + r).Concat(rows.Except(routes).Order().Select(r => "no endpoint for row " + r)).ToList();
        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EveryEndpointByEveryRole(Db db)
    {
        var callers = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { [Anonymous] = apps.Client(db), [DataClient] = await DataClientFor(apps, db, "SH-MZ") };
        foreach (var user in Users)
        {
            callers[user] = await apps.ClientAs(db, user);
        }

        var failures = new List<string>();
        foreach (var row in Rows)
        {
            foreach (var (who, client) in callers)
            {
                var expected = Expected(row, who);
                using var response = await SendAsync(client, row);
                var actual = Classify(response);
                if (actual != expected)
                {
                    failures.Add($"{who} {row.Method} {row.Path}: expected {expected}, got {(int)response.StatusCode} ({actual})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static Outcome Expected(Row row, string who)
    {
        if (row.Allowed.Contains(who))
        {
            return row.Then;
        }

        return who switch
        {
            Anonymous => row.IsPage ? Outcome.Login : Outcome.Unauthorized,
            // A data API token is no platform account: every other endpoint refuses it as unauthenticated.
            DataClient => Outcome.Unauthorized,
            _ when row.Route.StartsWith("/api/datahub/data/", StringComparison.Ordinal) => Outcome.Unauthorized,
            _ => Outcome.Forbidden,
        };
    }

    private static Outcome? Classify(HttpResponseMessage response) => (int)response.StatusCode switch
    {
        // Over Kestrel the client follows the redirect: the login page's answer is what arrives.
        >= 200 and < 300 when response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase) == true => Outcome.Login,
        >= 200 and < 300 => Outcome.Success,
        302 when response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true => Outcome.Login,
        400 or 422 => Outcome.Invalid,
        401 => Outcome.Unauthorized,
        403 => Outcome.Forbidden,
        404 => Outcome.NotFound,
        _ => null,
    };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Row row)
    {
        using var message = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
        message.Headers.Add("X-Purpose", "matrix");
        if (row.Route == "/connect/token")
        {
            message.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password" });
        }
        else if (row.Body is not null)
        {
            message.Content = JsonContent.Create(row.Body);
        }

        return await client.SendAsync(message);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task DepartmentsSeeOnlyTheirOwnRequestsAndGrants(Db db)
    {
        // SH-MZ (deptadmin) asks for SH-GA's population data; SH-RS and the Huangpu civil-affairs reviewer are other departments.
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        var request = await PostOk(deptadmin, "/api/datahub/sharing/requests", Request(Population, Purpose("juris"), ["personId"]));
        var id = request.GetProperty("id").GetInt64();
        var (_, grantId) = await GrantedAsync(apps, db, Purpose("juris"), ["personId"], []);

        static async Task<List<long>> Ids(HttpClient c, string url) =>
            (await c.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();

        Assert.Contains(id, await Ids(deptadmin, "/api/datahub/sharing/requests?role=mine"));
        Assert.Contains(grantId, await Ids(deptadmin, "/api/datahub/sharing/grants"));
        foreach (var other in new[] { "reviewer-rs", "reviewer", "reviewer-wj" })
        {
            var client = await apps.ClientAs(db, other);
            Assert.DoesNotContain(id, await Ids(client, "/api/datahub/sharing/requests?role=mine"));
            Assert.DoesNotContain(id, await Ids(client, "/api/datahub/sharing/requests?role=incoming"));
            Assert.DoesNotContain(grantId, await Ids(client, "/api/datahub/sharing/grants"));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/datahub/sharing/requests/{id}/withdraw", new { })).StatusCode);
        }

        // The city's data steward and the auditor see every department's; a grant is revoked only by its owner's side.
        var steward = await apps.ClientAs(db, "steward");
        Assert.Contains(id, await Ids(steward, "/api/datahub/sharing/requests?role=incoming"));
        var auditor = await apps.ClientAs(db, "auditor");
        Assert.Contains(grantId, await Ids(auditor, "/api/datahub/sharing/grants"));
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/datahub/sharing/grants/{grantId}/revoke", new { reason = "not mine" })).StatusCode);
        await PostOk(deptadmin, $"/api/datahub/sharing/requests/{id}/withdraw", new { });
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task CitizensSeeOnlyTheirOwnTrackerEntries(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var me = (await citizen.GetFromJsonAsync<JsonElement>("/api/registries/me")).GetProperty("id").GetString()!;
        var other = await SomePersonId(apps, db, "310104");
        Assert.NotEqual(me, other);

        // One department system reads both records.
        var purpose = Purpose("tracker");
        await GrantedAsync(apps, db, purpose, ["personId", "name"], []);
        var client = await DataClientFor(apps, db, "SH-MZ");
        foreach (var person in new[] { me, other })
        {
            Assert.Equal(HttpStatusCode.OK, (await Fetch(client, $"/api/datahub/data/{Population}/records/{person}", purpose)).StatusCode);
        }

        var auditor = await apps.ClientAs(db, "auditor");
        var otherSeq = (await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?subject={other}&action=datahub.data.read&pageSize=1"))
            .GetProperty("items")[0].GetProperty("seq").GetInt64();

        var accesses = await citizen.GetFromJsonAsync<JsonElement>("/api/datahub/tracker/accesses?pageSize=100");
        var seqs = accesses.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("seq").GetInt64()).ToList();
        Assert.Contains(accesses.GetProperty("items").EnumerateArray(), a => a.GetProperty("purpose").GetString() == purpose);
        Assert.DoesNotContain(otherSeq, seqs);

        // Objecting to someone else's entry is answered as if it did not exist.
        var objection = await citizen.PostAsJsonAsync("/api/datahub/tracker/objections", new { auditSeq = otherSeq, reason = "not my record" });
        Assert.Equal(HttpStatusCode.NotFound, objection.StatusCode);
    }
}

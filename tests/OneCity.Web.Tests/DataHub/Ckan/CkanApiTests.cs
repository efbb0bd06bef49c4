using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Ckan;

public sealed class CkanApiTests(Apps apps)
{
    private const string Action = "/api/3/action/";

    private async Task<(HttpClient Client, CkanSeed Seed, string Base)> SetupAsync(Db db)
    {
        var client = apps.Client(db);
        var seed = await CkanSeed.EnsureAsync(apps.Get(db));
        return (client, seed, client.BaseAddress!.GetLeftPart(UriPartial.Authority));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string pathAndQuery)
    {
        var response = await client.GetAsync(pathAndQuery);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<JsonElement> ResultAsync(HttpClient client, string pathAndQuery)
    {
        var (status, body) = await GetAsync(client, pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        return body.GetProperty("result");
    }

    private static List<string> Names(JsonElement search) =>
        [.. search.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task PackageShowServesAPublishedDatasetInCkansShape(Db db)
    {
        var (client, seed, baseUrl) = await SetupAsync(db);
        var name = seed.Bus.ToLowerInvariant();
        var (status, body) = await GetAsync(client, Action + "package_show?id=" + name);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"{baseUrl}/api/3/action/help_show?name=package_show", body.GetProperty("help").GetString());
        Assert.True(body.GetProperty("success").GetBoolean());
        var p = body.GetProperty("result");
        Assert.Equal(name, p.GetProperty("name").GetString());
        Assert.Equal("公交站点", p.GetProperty("title").GetString());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", p.GetProperty("id").GetString());
        Assert.Equal("active", p.GetProperty("state").GetString());
        Assert.Equal("dataset", p.GetProperty("type").GetString());
        Assert.False(p.GetProperty("private").GetBoolean());
        Assert.Equal("2026-03-04T08:00:00.000000", p.GetProperty("metadata_modified").GetString());
        Assert.Equal("2026-02-02T08:00:00.000000", p.GetProperty("metadata_created").GetString());
        Assert.Equal("cc-by-4-0", p.GetProperty("license_id").GetString());
        Assert.Equal("CC-BY-4.0", p.GetProperty("license_title").GetString());
        Assert.Equal($"{baseUrl}/open/datasets/{seed.Bus}", p.GetProperty("url").GetString());
        Assert.Contains("\"站名\"", p.GetProperty("notes").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, p.GetProperty("num_tags").GetInt32());
        Assert.Contains("bus", p.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var org = p.GetProperty("organization");
        Assert.Equal("sh-jt", org.GetProperty("name").GetString());
        Assert.Equal("上海市交通委员会", org.GetProperty("title").GetString());
        Assert.Equal(org.GetProperty("id").GetString(), p.GetProperty("owner_org").GetString());
        Assert.True(org.GetProperty("is_organization").GetBoolean());
        var extras = p.GetProperty("extras").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("open", extras["open_type"]);
        Assert.Equal("daily", extras["update_frequency"]);
        Assert.Equal("general", extras["level"]);
        Assert.Equal("unconditional", extras["sharing_type"]);
        Assert.Equal("true", extras["spatial"]);
        Assert.Equal("交通出行 / transport", extras["theme"]);

        Assert.Equal(3, p.GetProperty("num_resources").GetInt32());
        var resources = p.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(["CSV", "JSON", "GeoJSON"], resources.Select(r => r.GetProperty("format").GetString()));
        Assert.Equal(["text/csv", "application/json", "application/geo+json"], resources.Select(r => r.GetProperty("mimetype").GetString()));
        Assert.Equal([0, 1, 2], resources.Select(r => r.GetProperty("position").GetInt32()));
        Assert.Equal($"{baseUrl}/open/datasets/{seed.Bus}/download.geojson", resources[2].GetProperty("url").GetString());
        Assert.All(resources, r => Assert.Equal(p.GetProperty("id").GetString(), r.GetProperty("package_id").GetString()));
        Assert.All(resources, r => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", r.GetProperty("last_modified").GetString()));

        // By id too, and case-insensitively by the code itself.
        var byId = await ResultAsync(client, Action + "package_show?id=" + p.GetProperty("id").GetString());
        Assert.Equal(name, byId.GetProperty("name").GetString());
        var byCode = await ResultAsync(client, Action + "package_show?id=" + seed.Bus);
        Assert.Equal(name, byCode.GetProperty("name").GetString());

        // A non-spatial dataset has no GeoJSON.
        var air = await ResultAsync(client, Action + "package_show?id=" + seed.Air.ToLowerInvariant());
        Assert.Equal(["CSV", "JSON"], air.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("format").GetString()));
        Assert.Equal("conditional_open", air.GetProperty("extras").EnumerateArray().Single(e => e.GetProperty("key").GetString() == "open_type").GetProperty("value").GetString());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task UnpublishedAndNotOpenDatasetsAreInvisible(Db db)
    {
        var (client, seed, baseUrl) = await SetupAsync(db);
        foreach (var code in new[] { seed.Draft, seed.Closed })
        {
            var response = await client.GetAsync(Action + "package_show?id=" + code.ToLowerInvariant());
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(
                $$$"""{"help":"{{{baseUrl}}}/api/3/action/help_show?name=package_show","success":false,"error":{"__type":"Not Found Error","message":"Not found"}}""",
                JsonSerializer.Serialize(body));
        }

        var list = await ResultAsync(client, Action + "package_list");
        var names = list.EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains(seed.Bus.ToLowerInvariant(), names);
        Assert.DoesNotContain(seed.Draft.ToLowerInvariant(), names);
        Assert.DoesNotContain(seed.Closed.ToLowerInvariant(), names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var search = await ResultAsync(client, Action + $"package_search?fq=tags:{seed.Tag}&rows=100");
        Assert.Equal(3, search.GetProperty("count").GetInt32());
        var current = await ResultAsync(client, Action + "current_package_list_with_resources?limit=1000");
        Assert.DoesNotContain(current.EnumerateArray(), p => p.GetProperty("name").GetString()!.StartsWith($"ckant-{seed.Run}-d", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ErrorsFollowCkan(Db db)
    {
        var (client, _, baseUrl) = await SetupAsync(db);
        async Task Expect(string query, HttpStatusCode status, string error)
        {
            var response = await client.GetAsync(Action + query);
            Assert.Equal(status, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(body.GetProperty("success").GetBoolean());
            Assert.StartsWith($"{baseUrl}/api/3/action/help_show?name=", body.GetProperty("help").GetString(), StringComparison.Ordinal);
            Assert.Equal(error, JsonSerializer.Serialize(body.GetProperty("error")));
        }

        await Expect("no_such_action", HttpStatusCode.BadRequest, """{"__type":"Bad Request","message":"Bad request - Action name not known: no_such_action"}""");
        await Expect("package_search?rows=ten", HttpStatusCode.Conflict, """{"__type":"Validation Error","rows":["Invalid integer"]}""");
        await Expect("package_search?start=-1", HttpStatusCode.Conflict, """{"__type":"Validation Error","start":["Must be a natural number"]}""");
        await Expect("package_show", HttpStatusCode.Conflict, """{"__type":"Validation Error","id":["Missing value"]}""");
        await Expect("organization_show?id=no-such-org", HttpStatusCode.NotFound, """{"__type":"Not Found Error","message":"Not found"}""");
        await Expect("resource_show?id=00000000-0000-0000-0000-000000000000", HttpStatusCode.NotFound, """{"__type":"Not Found Error","message":"Not found"}""");
        await Expect("organization_list?all_fields=maybe", HttpStatusCode.Conflict, """{"__type":"Validation Error","all_fields":["Value must be one of: true, false"]}""");

        var badSort = await client.GetAsync(Action + "package_search?sort=popularity%20desc");
        Assert.Equal(HttpStatusCode.Conflict, badSort.StatusCode);
        var sortBody = await badSort.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Search Query Error", sortBody.GetProperty("error").GetProperty("__type").GetString());
        var badField = await client.GetAsync(Action + "package_search?fq=nosuchfield:x");
        Assert.Equal(HttpStatusCode.Conflict, badField.StatusCode);

        var badJson = await client.PostAsync(Action + "package_search", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);

        // As in CKAN (ckan.search.rows_max), rows beyond 1000 are capped, not refused.
        var many = await ResultAsync(client, Action + "package_search?rows=5000");
        Assert.True(many.GetProperty("results").GetArrayLength() <= 1000);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task PackageSearchSupportsQFqRowsStartAndSort(Db db)
    {
        var (client, seed, _) = await SetupAsync(db);
        var fq = $"fq=tags:{seed.Tag}";
        string Lower(string code) => code.ToLowerInvariant();

        var all = await ResultAsync(client, Action + $"package_search?{fq}");
        Assert.Equal(3, all.GetProperty("count").GetInt32());
        // Default sort: score, then newest change first.
        Assert.Equal([Lower(seed.Bus), Lower(seed.Air), Lower(seed.Roads)], Names(all));
        Assert.Equal("score desc, metadata_modified desc", all.GetProperty("sort").GetString());
        Assert.Equal(JsonValueKind.Object, all.GetProperty("facets").ValueKind);
        Assert.Equal(JsonValueKind.Object, all.GetProperty("search_facets").ValueKind);

        // Plain terms in Chinese and English, title and tags; all terms must match.
        Assert.Equal([Lower(seed.Bus)], Names(await ResultAsync(client, Action + $"package_search?{fq}&q=公交")));
        Assert.Equal([Lower(seed.Bus)], Names(await ResultAsync(client, Action + $"package_search?{fq}&q=BUS%20stops")));
        Assert.Empty(Names(await ResultAsync(client, Action + $"package_search?{fq}&q=bus%20air")));
        Assert.Equal([Lower(seed.Air)], Names(await ResultAsync(client, Action + $"package_search?{fq}&q=%22air%20quality%22")));
        // The organisation's name is searched too.
        Assert.Equal([Lower(seed.Air)], Names(await ResultAsync(client, Action + $"package_search?{fq}&q=生态环境局")));
        // field:value in q.
        Assert.Equal([Lower(seed.Roads)], Names(await ResultAsync(client, Action + $"package_search?{fq}&q=title:road")));
        Assert.Equal([Lower(seed.Roads)], Names(await ResultAsync(client, Action + $"package_search?q=name:{Lower(seed.Roads)}")));
        Assert.Equal(3, (await ResultAsync(client, Action + $"package_search?{fq}&q=*:*")).GetProperty("count").GetInt32());

        // fq clauses, space or AND separated, negation.
        Assert.Equal([Lower(seed.Bus), Lower(seed.Roads)], Names(await ResultAsync(client, Action + $"package_search?fq=tags:{seed.Tag}%20organization:sh-jt")));
        Assert.Equal([Lower(seed.Bus)], Names(await ResultAsync(client, Action + $"package_search?fq=tags:{seed.Tag}%20AND%20res_format:GeoJSON")));
        Assert.Equal([Lower(seed.Air)], Names(await ResultAsync(client, Action + $"package_search?fq=tags:{seed.Tag}%20-organization:sh-jt")));
        Assert.Equal([Lower(seed.Bus), Lower(seed.Roads)], Names(await ResultAsync(client, Action + $"package_search?fq=tags:{seed.Tag}%20%2Bopen_type:open")));
        Assert.Equal([Lower(seed.Air)], Names(await ResultAsync(client, Action + $"package_search?fq=tags:{seed.Tag}%20tags:%22air%20quality%22")));

        // Sorts.
        Assert.Equal([Lower(seed.Roads), Lower(seed.Air), Lower(seed.Bus)], Names(await ResultAsync(client, Action + $"package_search?{fq}&sort=metadata_modified%20asc")));
        Assert.Equal([Lower(seed.Bus), Lower(seed.Air), Lower(seed.Roads)], Names(await ResultAsync(client, Action + $"package_search?{fq}&sort=metadata_modified%20desc")));
        // title_string sorts by the Chinese title's code points: 公 < 空 < 道.
        Assert.Equal([Lower(seed.Bus), Lower(seed.Air), Lower(seed.Roads)], Names(await ResultAsync(client, Action + $"package_search?{fq}&sort=title_string%20asc")));
        Assert.Equal([Lower(seed.Roads), Lower(seed.Air), Lower(seed.Bus)], Names(await ResultAsync(client, Action + $"package_search?{fq}&sort=title_string%20desc")));
        Assert.Equal([Lower(seed.Air), Lower(seed.Bus), Lower(seed.Roads)], Names(await ResultAsync(client, Action + $"package_search?{fq}&sort=name%20asc")));

        // rows and start page through the same order; count is the total.
        var page = await ResultAsync(client, Action + $"package_search?{fq}&sort=name%20asc&rows=1&start=1");
        Assert.Equal(3, page.GetProperty("count").GetInt32());
        Assert.Equal([Lower(seed.Bus)], Names(page));
        Assert.Empty(Names(await ResultAsync(client, Action + $"package_search?{fq}&rows=10&start=3")));
        Assert.Empty(Names(await ResultAsync(client, Action + $"package_search?{fq}&rows=0")));

        // Facets.
        var faceted = await ResultAsync(client, Action + $"package_search?{fq}&facet.field=%5B%22organization%22,%22res_format%22%5D");
        Assert.Equal(2, faceted.GetProperty("facets").GetProperty("organization").GetProperty("sh-jt").GetInt32());
        Assert.Equal(1, faceted.GetProperty("facets").GetProperty("res_format").GetProperty("GeoJSON").GetInt32());
        var items = faceted.GetProperty("search_facets").GetProperty("organization").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("sh-jt", items[0].GetProperty("name").GetString());
        Assert.Equal("上海市交通委员会", items[0].GetProperty("display_name").GetString());
        Assert.Equal(2, items[0].GetProperty("count").GetInt32());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task PostWithAJsonBodyWorksLikeGet(Db db)
    {
        var (client, seed, _) = await SetupAsync(db);
        var response = await client.PostAsJsonAsync(Action + "package_search", new Dictionary<string, object>
        {
            ["fq"] = $"tags:{seed.Tag}",
            ["rows"] = 2,
            ["start"] = 0,
            ["sort"] = "name asc",
            ["facet.field"] = new[] { "tags" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var result = body.GetProperty("result");
        Assert.Equal(3, result.GetProperty("count").GetInt32());
        Assert.Equal([seed.Air.ToLowerInvariant(), seed.Bus.ToLowerInvariant()], Names(result));
        Assert.Equal(3, result.GetProperty("facets").GetProperty("tags").GetProperty(seed.Tag).GetInt32());

        var show = await client.PostAsJsonAsync(Action + "package_show", new { id = seed.Roads.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        var badRows = await client.PostAsJsonAsync(Action + "package_search", new { rows = "many" });
        Assert.Equal(HttpStatusCode.Conflict, badRows.StatusCode);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OrganisationsAreTheOwningDepartments(Db db)
    {
        var (client, seed, baseUrl) = await SetupAsync(db);
        var names = (await ResultAsync(client, Action + "organization_list")).EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains("sh-jt", names);
        Assert.Contains("sh-hj", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var full = (await ResultAsync(client, Action + "organization_list?all_fields=true")).EnumerateArray().ToList();
        var jt = full.Single(o => o.GetProperty("name").GetString() == "sh-jt");
        Assert.Equal("上海市交通委员会", jt.GetProperty("title").GetString());
        Assert.True(jt.GetProperty("package_count").GetInt32() >= 2);
        Assert.Equal("organization", jt.GetProperty("type").GetString());

        var show = await ResultAsync(client, Action + "organization_show?id=sh-jt&include_datasets=true");
        Assert.Equal(jt.GetProperty("id").GetString(), show.GetProperty("id").GetString());
        var packages = show.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains(seed.Bus.ToLowerInvariant(), packages);
        Assert.Contains(seed.Roads.ToLowerInvariant(), packages);
        Assert.DoesNotContain(seed.Air.ToLowerInvariant(), packages);
        Assert.DoesNotContain(seed.Draft.ToLowerInvariant(), packages);

        // By id as well; without include_datasets no packages.
        var byId = await ResultAsync(client, Action + "organization_show?id=" + jt.GetProperty("id").GetString());
        Assert.Equal("sh-jt", byId.GetProperty("name").GetString());
        Assert.False(byId.TryGetProperty("packages", out _));
        Assert.StartsWith(baseUrl, byId.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ResourceShowAndCurrentPackageList(Db db)
    {
        var (client, seed, baseUrl) = await SetupAsync(db);
        var package = await ResultAsync(client, Action + "package_show?id=" + seed.Bus.ToLowerInvariant());
        var csv = package.GetProperty("resources")[0];
        var resource = await ResultAsync(client, Action + "resource_show?id=" + csv.GetProperty("id").GetString());
        Assert.Equal(JsonSerializer.Serialize(csv), JsonSerializer.Serialize(resource));
        Assert.Equal($"{baseUrl}/open/datasets/{seed.Bus}/download.csv", resource.GetProperty("url").GetString());

        // Newest change first, with resources; limit and offset page through it.
        var all = (await ResultAsync(client, Action + "current_package_list_with_resources?limit=1000")).EnumerateArray().ToList();
        var ours = all.Select(p => p.GetProperty("name").GetString()).Where(n => n!.StartsWith($"ckant-{seed.Run}", StringComparison.Ordinal)).ToList();
        Assert.Equal([seed.Bus.ToLowerInvariant(), seed.Air.ToLowerInvariant(), seed.Roads.ToLowerInvariant()], ours);
        Assert.All(all, p => Assert.True(p.GetProperty("resources").GetArrayLength() >= 2));
        var modified = all.Select(p => p.GetProperty("metadata_modified").GetString()).ToList();
        Assert.Equal(modified.OrderDescending(StringComparer.Ordinal), modified);
        var second = (await ResultAsync(client, Action + "current_package_list_with_resources?limit=1&offset=1")).EnumerateArray().Single();
        Assert.Equal(all[1].GetProperty("name").GetString(), second.GetProperty("name").GetString());
        // CKAN's default limit is 10.
        Assert.Equal(Math.Min(10, all.Count), (await ResultAsync(client, Action + "current_package_list_with_resources")).GetArrayLength());

        // The unversioned path answers too.
        var unversioned = await client.GetAsync("/api/action/package_show?id=" + seed.Bus.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, unversioned.StatusCode);
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Sharing;

internal static class SharingHelpers
{
    public const string Population = "SH-GA-population";
    public const string LegalEntities = "SH-SJ-legal-entities";

    public static string Purpose(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string InDays(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static object Request(string dataset, string purpose, string[] fields, string[]? clear = null, string kind = "statutory", string? rowScope = null) => new
    {
        dataset,
        fields,
        clearFields = clear ?? [],
        purposeCode = purpose,
        purposeDescription = "测试用途 test purpose",
        legalBasisKind = kind,
        legalBasis = kind == "consent" ? "市民授权" : "《中华人民共和国社会保险法》第五十八条",
        from = Today,
        to = InDays(30),
        rowScope,
    };

    public static async Task<JsonElement> PostOk(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A client registered by the admin for the department, with a token for the data API.</summary>
    public static async Task<HttpClient> DataClientFor(Apps apps, Db db, string department)
    {
        var admin = await apps.ClientAs(db, "admin");
        var created = await PostOk(admin, "/api/datahub/clients", new { departmentCode = department, displayName = "test client " + department });
        return await TokenClient(apps, db, created.GetProperty("clientId").GetString()!, created.GetProperty("clientSecret").GetString()!);
    }

    public static async Task<string> TokenAsync(HttpClient client, string clientId, string secret)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "datahub.api",
        }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpClient> TokenClient(Apps apps, Db db, string clientId, string secret)
    {
        var client = apps.Client(db);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, clientId, secret));
        return client;
    }

    public static Task<HttpResponseMessage> Fetch(HttpClient client, string url, string purpose)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.Add("X-Purpose", purpose);
        return client.SendAsync(message);
    }

    public static async Task<string> SomePersonId(Apps apps, Db db, string area = "310101")
    {
        var admin = await apps.ClientAs(db, "admin");
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/registries/people?area={area}&pageSize=1");
        return page.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    /// <summary>deptadmin (SH-MZ) asks for population data; the city data steward approves with the given narrowing.</summary>
    public static async Task<(long RequestId, long GrantId)> GrantedAsync(Apps apps, Db db, string purpose, string[] fields, string[] clear, object? approve = null, string kind = "statutory")
    {
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        var request = await PostOk(deptadmin, "/api/datahub/sharing/requests", Request(Population, purpose, fields, clear, kind));
        Assert.Equal("Pending", request.GetProperty("status").GetString());
        var id = request.GetProperty("id").GetInt64();
        var steward = await apps.ClientAs(db, "steward");
        var approved = await PostOk(steward, $"/api/datahub/sharing/requests/{id}/approve", approve ?? new { });
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        return (id, approved.GetProperty("grantId").GetInt64());
    }
}

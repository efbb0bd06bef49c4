using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps.Open311;

/// <summary>Helpers for the Open311 conformance tests: format checks, the spec's error documents, form posts.</summary>
internal static class O311
{
    public const string DemoKey = "onecity-demo-key";

    /// <summary>A subdistrict the other CityOps tests do not use (湖南路街道, 徐汇), so duplicate merging leaves these reports alone.</summary>
    public const string Subdistrict = "310104004";

    /// <summary>The spec's request fields, in its order.</summary>
    public static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
        "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
    ];

    public static readonly string[] ServiceFields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];

    private static readonly Random Random = new();

    public static string Tag() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>A point in <see cref="Subdistrict"/>, a random few hundred metres from its interior point.</summary>
    public static (double Lon, double Lat) Point(OneCityFactory app) =>
        Ops.PointIn(app, Subdistrict, eastMetres: Random.Next(-250, 250), northMetres: Random.Next(-250, 250));

    public static string Mobile() => "139" + Random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<XDocument> Xml(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", body, StringComparison.Ordinal);
        var doc = XDocument.Parse(body);
        Assert.Equal(XNamespace.None, doc.Root!.Name.Namespace);
        return doc;
    }

    /// <summary>The spec's JSON errors: an array of {code, description}; the first code is the HTTP status. Returns the descriptions.</summary>
    public static async Task<string> JsonError(HttpResponseMessage response, HttpStatusCode expected)
    {
        var errors = await Json(response, expected);
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.NotEqual(0, errors.GetArrayLength());
        foreach (var e in errors.EnumerateArray())
        {
            Assert.Equal(["code", "description"], e.EnumerateObject().Select(p => p.Name));
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("description").GetString()));
        }

        Assert.Equal((int)expected, errors[0].GetProperty("code").GetInt32());
        return string.Join(" | ", errors.EnumerateArray().Select(e => e.GetProperty("description").GetString()));
    }

    /// <summary>The spec's XML errors: &lt;errors&gt;&lt;error&gt;&lt;code/&gt;&lt;description/&gt;&lt;/error&gt;&lt;/errors&gt;.</summary>
    public static async Task<string> XmlError(HttpResponseMessage response, HttpStatusCode expected)
    {
        var doc = await Xml(response, expected);
        Assert.Equal("errors", doc.Root!.Name.LocalName);
        var errors = doc.Root.Elements().ToList();
        Assert.NotEmpty(errors);
        foreach (var e in errors)
        {
            Assert.Equal("error", e.Name.LocalName);
            Assert.Equal(["code", "description"], e.Elements().Select(x => x.Name.LocalName));
            Assert.False(string.IsNullOrWhiteSpace(e.Element("description")!.Value));
        }

        Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), errors[0].Element("code")!.Value);
        return string.Join(" | ", errors.Select(e => e.Element("description")!.Value));
    }

    /// <summary>A W3C date-time in Shanghai's offset, as every date the API returns.</summary>
    public static DateTimeOffset W3c(string? value)
    {
        Assert.NotNull(value);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$", value);
        return DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Posts a request with the demo key (form-encoded, as the spec says) and returns its service_request_id and token.</summary>
    public static async Task<(string Id, string Token)> Post(HttpClient client, params (string Name, string Value)[] fields)
    {
        var answer = await Json(await client.PostAsync("/open311/v2/requests.json", Form([("api_key", DemoKey), .. fields])), HttpStatusCode.Created);
        var request = Assert.Single(answer.EnumerateArray());
        return (request.GetProperty("service_request_id").GetString()!, request.GetProperty("token").GetString()!);
    }

    public static async Task<JsonElement> One(HttpClient client, string id)
    {
        var list = await Json(await client.GetAsync($"/open311/v2/requests/{id}.json"));
        return Assert.Single(list.EnumerateArray());
    }

    public static IEnumerable<string> Ids(JsonElement list) => list.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!);

    public static IEnumerable<string> Ids(XDocument list) => list.Root!.Elements("request").Select(r => r.Element("service_request_id")!.Value);

    /// <summary>The incident number of a report (to act on it as a dispatcher).</summary>
    public static async Task<string> IncidentNumber(OneCityFactory app, string reportId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
        var id = long.Parse(reportId, System.Globalization.CultureInfo.InvariantCulture);
        return await db.Set<Report>().Where(r => r.Id == id).Join(db.Set<Incident>(), r => r.IncidentId, i => i.Id, (r, i) => i.Number).SingleAsync();
    }
}

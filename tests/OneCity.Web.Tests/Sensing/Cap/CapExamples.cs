using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OneCity.Web.Tests.Sensing.Cap;

/// <summary>The real CAP messages copied into the test project (Examples/SOURCE.md) and helpers to post CAP over HTTP.</summary>
internal static class CapExamples
{
    /// <summary>The CAP 1.2 examples: every one must be accepted.</summary>
    public static readonly string[] Cap12 = ["australia.xml", "canada.xml", "canada_signed.xml", "thunderstorm.xml", "wcatwc-warning.xml"];

    /// <summary>The CAP 1.1 examples that are valid against the CAP 1.1 schema (accepted, as version 1.1).</summary>
    public static readonly string[] Cap11 = ["earthquake.xml", "weather.xml"];

    public static TheoryData<string> Cap12Names => [.. Cap12];

    public static TheoryData<string> Cap11Names => [.. Cap11];

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Sensing", "Cap", "Examples", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    /// <summary>A minimal valid CAP 1.2 alert; the placeholders let a test break one thing at a time.</summary>
    public static string Minimal(
        string identifier, string sender = "test@example.org", string sent = "2026-07-25T10:00:00+08:00", string severity = "Severe",
        string @event = "Flood", string extraInfo = "", string expires = "2026-07-26T10:00:00+08:00") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>{identifier}</identifier>
          <sender>{sender}</sender>
          <sent>{sent}</sent>
          <status>Actual</status>
          <msgType>Alert</msgType>
          <scope>Public</scope>
          <info>
            <language>en-US</language>
            <category>Met</category>
            <event>{@event}</event>
            <urgency>Expected</urgency>
            <severity>{severity}</severity>
            <certainty>Likely</certainty>
            <expires>{expires}</expires>
            <headline>Test alert {identifier}</headline>{extraInfo}
            <area>
              <areaDesc>Huangpu</areaDesc>
              <polygon>31.2,121.4 31.3,121.4 31.3,121.5 31.2,121.4</polygon>
              <geocode><valueName>GB/T 2260</valueName><value>310101</value></geocode>
            </area>
          </info>
        </alert>
        """;

    public static string Tag() => "T" + Guid.NewGuid().ToString("N")[..12];

    public static ByteArrayContent Content(byte[] bytes, string type = "application/cap+xml")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    public static ByteArrayContent Content(string xml, string type = "application/cap+xml") => Content(Encoding.UTF8.GetBytes(xml), type);

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The ProblemDetails' <c>errors</c> as field → messages.</summary>
    public static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response)
    {
        var problem = await Json(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());
    }
}

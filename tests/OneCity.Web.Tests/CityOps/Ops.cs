using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Geography;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>Helpers for CityOps tests: points inside areas, a tiny real PNG, and loop actions that must succeed.</summary>
public static class Ops
{
    /// <summary>A 1×1 PNG: a real image by its magic bytes.</summary>
    public static readonly string Png = Convert.ToBase64String(Convert.FromHexString(
        "89504E470D0A1A0A0000000D4948445200000001000000010806000000" + "1F15C4890000000D49444154789C6360000002000001E221BC330000000049454E44AE426082"));

    /// <summary>A point inside the area, shifted by a few metres so tests do not stand on each other's incidents.</summary>
    public static (double Lon, double Lat) PointIn(OneCityFactory app, string areaCode, double eastMetres = 0, double northMetres = 0)
    {
        var p = app.Services.GetRequiredService<AreaLocator>().InteriorPoint(areaCode) ?? throw new InvalidOperationException($"No geometry for {areaCode}.");
        return (p.Lon + (eastMetres / (111_320.0 * 0.857)), p.Lat + (northMetres / 111_320.0));
    }

    public static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> Act(HttpClient client, string number, string action, object? body = null) =>
        await Ok(await client.PostAsJsonAsync($"/api/cityops/incidents/{number}/{action}", body ?? new { }));

    public static async Task<JsonElement> Field(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), body);
        return problem;
    }

    public static async Task<JsonElement> Get(HttpClient client, string number) =>
        await Ok(await client.GetAsync($"/api/cityops/incidents/{number}"));

    public static IEnumerable<string> Timeline(JsonElement incident) =>
        incident.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("action").GetString()!);

    public static string Status(JsonElement incident) => incident.GetProperty("summary").GetProperty("status").GetString()!;
}

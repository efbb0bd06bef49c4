using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Sensing.Plans;
using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing.Plans;

/// <summary>Helpers for the emergency-plan tests: triggers through the in-process service, tasks by key, calls that must succeed.</summary>
internal static class Emergency
{
    public static CapTrigger Alert(string ev, string severity, params string[] geocodes) =>
        new("CN-SH-" + Guid.NewGuid().ToString("N")[..12], "sh-meteo@example.cn", ev, severity, "Expected", "Likely", [], geocodes, "zh-CN", ev);

    public static async Task<IReadOnlyList<TriggerResult>> CapAsync(OneCityFactory app, CapTrigger alert)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmergencyPlans>().ProposeFromCapAsync(alert, TestContext.Current.CancellationToken);
    }

    public static async Task<IReadOnlyList<TriggerResult>> VitalSignAsync(OneCityFactory app, string indicator, string area, string level, double value)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmergencyPlans>().ProposeFromVitalSignAsync(indicator, area, level, value, TestContext.Current.CancellationToken);
    }

    public static JsonElement Task(JsonElement detail, string key) =>
        detail.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("key").GetString() == key);

    public static long Id(JsonElement e) => e.GetProperty("id").GetInt64();

    public static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static async Task<JsonElement> Post(HttpClient client, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await Ops.Ok(await client.PostAsJsonAsync(path, body ?? new { }), expected);

    public static async Task<JsonElement> Get(HttpClient client, string path) => await Ops.Ok(await client.GetAsync(path));

    public static async Task Status(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
    }

    /// <summary>Dismisses pending proposals and ends running activations of a plan, so a test on a shared app starts clean.</summary>
    public static async Task ResetAsync(HttpClient commander, string plan)
    {
        foreach (var p in (await Get(commander, "/api/emergency/proposals?status=pending")).EnumerateArray().Where(p => Str(p, "planCode") == plan))
        {
            await Post(commander, $"/api/emergency/proposals/{Id(p)}/dismiss", new { note = "test reset" });
        }

        foreach (var a in (await Get(commander, "/api/emergency/activations?active=true")).EnumerateArray().Where(a => Str(a, "planCode") == plan))
        {
            await Post(commander, $"/api/emergency/activations/{Id(a)}/deactivate", new { note = "test reset" });
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Telemetry;
using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing;

/// <summary>Helpers for the sensing tests: registering a fresh device, sending readings, waiting for alarms.</summary>
public static class Sense
{
    public const string DemoKey = "onecity-demo-telemetry";

    public static HttpClient Gateway(OneCityFactory app, string key = DemoKey)
    {
        var client = app.CreateApiClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Registers a device of the type with a unique code inside the subdistrict; returns its code.</summary>
    public static async Task<string> RegisterAsync(OneCityFactory app, HttpClient admin, string type, string subdistrict, double eastMetres = 0, object? extra = null)
    {
        var code = $"T-{type}-{Guid.NewGuid():N}"[..30];
        var (lon, lat) = Ops.PointIn(app, subdistrict, eastMetres);
        var body = new Dictionary<string, object?> { ["code"] = code, ["type"] = type, ["nameZh"] = "测试设备 " + code, ["longitude"] = lon, ["latitude"] = lat };
        if (extra is not null)
        {
            foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[p.Name] = p.Value;
            }
        }

        await Ops.Ok(await admin.PostAsJsonAsync("/api/telemetry/devices", body), HttpStatusCode.Created);
        return code;
    }

    public static string Iso(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    public static async Task<JsonElement> SendAsync(HttpClient gateway, params object[] readings) =>
        await Ops.Ok(await gateway.PostAsJsonAsync("/api/telemetry", readings));

    /// <summary>Waits until the alarms posted so far are recorded (and their incidents filed).</summary>
    public static Task SettleAsync(OneCityFactory app) =>
        app.Services.GetRequiredService<AlarmProcessor>().DrainAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Flushes roll-ups now (they are otherwise written every few seconds).</summary>
    public static Task FlushAsync(OneCityFactory app) =>
        app.Services.GetRequiredService<TelemetryPipeline>().TickAsync(flushRollups: true, null, TestContext.Current.CancellationToken);

    public static async Task<JsonElement[]> AlarmsAsync(HttpClient client, string device) =>
        [.. (await Ops.Ok(await client.GetAsync($"/api/telemetry/alarms?device={device}"))).EnumerateArray()];
}

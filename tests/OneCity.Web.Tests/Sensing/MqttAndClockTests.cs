using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using OneCity.Sensing.Telemetry;
using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing;

/// <summary>Ingestion over a real MQTT connection to the embedded broker, and the time-dependent rules under a controlled clock.</summary>
public sealed class MqttAndClockTests
{
    /// <summary>MQTT 5 success acknowledgements: "no matching subscribers" (0x10) also means accepted.</summary>
    private static readonly MqttClientPublishReasonCode[] Stored = [MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers];


    private static MqttClientOptions Options(int port, string password) => new MqttClientOptionsBuilder()
        .WithTcpServer("127.0.0.1", port)
        .WithCredentials("test-gateway", password)
        .WithProtocolVersion(MqttProtocolVersion.V500)
        .WithClientId("test-" + Guid.NewGuid().ToString("N")[..8])
        .Build();

    private static MqttApplicationMessage Message(string device, string payload) => new MqttApplicationMessageBuilder()
        .WithTopic(MqttIngest.TopicPrefix + device)
        .WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task APublishedReadingIsDurableWhenTheBrokerAcknowledgesItAndABadMessageNeverStopsTheBroker(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var port = Ports.Free();
        await using var app = new OneCityFactory(db, settings: new Dictionary<string, string?> { ["Sensing:Mqtt:Enabled"] = "true", ["Sensing:Mqtt:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var admin = await app.ClientAsAsync("admin", "OneCity-demo-1");
        var device = await Sense.RegisterAsync(app, admin, "water-level", "310101002");

        // A wrong key is refused at CONNECT.
        using (var intruder = new MqttClientFactory().CreateMqttClient())
        {
            string outcome;
            try
            {
                outcome = (await intruder.ConnectAsync(Options(port, "wrong-key"), ct)).ResultCode.ToString();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcome = e.ToString();
            }

            Assert.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), outcome, StringComparison.Ordinal);
            Assert.False(intruder.IsConnected);
        }

        using var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(Options(port, Sense.DemoKey), ct);
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);

        var ok = await client.PublishAsync(Message(device, $"{{\"ts\":\"{Sense.Iso(DateTimeOffset.UtcNow.AddSeconds(-10))}\",\"value\":1.25}}"), ct);
        Assert.Contains(ok.ReasonCode, Stored);

        // Acknowledged means stored: the reading is there without waiting.
        var dispatcher = await app.ClientAsAsync("dispatcher", "OneCity-demo-1");
        var raw = await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings"));
        Assert.Equal([1.25], raw.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("avg").GetDouble()));

        // Garbage, an out-of-range value and an unknown device are answered and counted; the connection stays up.
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await client.PublishAsync(Message(device, "{not json"), ct)).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await client.PublishAsync(Message(device, "{\"value\":500}"), ct)).ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, (await client.PublishAsync(Message("NO-SUCH-DEVICE", "{\"value\":1}"), ct)).ReasonCode);
        Assert.True(client.IsConnected);

        var batch = await client.PublishAsync(Message(device, $"[{{\"value\":1.5,\"ts\":{DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds()}}},{{\"value\":1.75}}]"), ct);
        Assert.Contains(batch.ReasonCode, Stored);
        raw = await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings"));
        Assert.Equal([1.25, 1.5, 1.75], raw.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("avg").GetDouble()));

        var counts = (await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/rejections?device={device}"))).EnumerateArray()
            .ToDictionary(r => r.GetProperty("reason").GetString()!, r => r.GetProperty("count").GetInt64());
        Assert.Equal(1, counts["malformed"]);
        Assert.Equal(1, counts["out-of-range"]);
        await client.DisconnectAsync(cancellationToken: ct);
    }

    [Fact]
    public async Task ASilentDeviceGoesOfflineAfterThreePeriodsAndOldRawReadingsExpireWhileRollUpsStay()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new OneCityFactory(Db.Sqlite, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var admin = await app.ClientAsAsync("admin", "OneCity-demo-1");
        var device = await Sense.RegisterAsync(app, admin, "water-level", "310101002", extra: new { periodSeconds = 60 });
        var gateway = Sense.Gateway(app);
        var start = clock.GetUtcNow();
        await Sense.SendAsync(gateway, new { deviceId = device, ts = Sense.Iso(start.AddSeconds(-1)), value = 1.0 });
        var pipeline = app.Services.GetRequiredService<TelemetryPipeline>();

        clock.Advance(TimeSpan.FromMinutes(2));
        await pipeline.TickAsync(flushRollups: true, null, ct);
        await Sense.SettleAsync(app);
        var dispatcher = await app.ClientAsAsync("dispatcher", "OneCity-demo-1");
        Assert.DoesNotContain(await Sense.AlarmsAsync(dispatcher, device), a => a.GetProperty("kind").GetString() == "offline");

        clock.Advance(TimeSpan.FromMinutes(2));
        await pipeline.TickAsync(flushRollups: false, null, ct);
        await Sense.SettleAsync(app);
        var offline = Assert.Single(await Sense.AlarmsAsync(dispatcher, device), a => a.GetProperty("kind").GetString() == "offline");
        Assert.Equal("offline", (await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}"))).GetProperty("status").GetString());

        // It reports again: the offline alarm clears.
        await Sense.SendAsync(gateway, new { deviceId = device, ts = Sense.Iso(clock.GetUtcNow()), value = 1.1 });
        await Sense.SettleAsync(app);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, Assert.Single(await Sense.AlarmsAsync(dispatcher, device), a => a.GetProperty("id").GetInt64() == offline.GetProperty("id").GetInt64()).GetProperty("clearedAt").ValueKind);

        // Eight days on, retention removes the raw readings; the roll-ups keep the history.
        clock.Advance(TimeSpan.FromDays(8));
        await pipeline.TickAsync(flushRollups: true, (clock.GetUtcNow() - TimeSpan.FromDays(7)).ToUnixTimeMilliseconds(), ct);
        dispatcher = await app.ClientAsAsync("dispatcher", "OneCity-demo-1");
        var from = Uri.EscapeDataString(Sense.Iso(start.AddHours(-1)));
        var raw = await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings?resolution=raw&from={from}"));
        Assert.Empty(raw.GetProperty("points").EnumerateArray());
        var hourly = await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings?resolution=1h&from={from}"));
        Assert.Equal(2, hourly.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("count").GetInt64()));
    }
}

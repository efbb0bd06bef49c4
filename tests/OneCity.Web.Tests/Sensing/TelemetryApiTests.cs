using System.Net;
using System.Net.Http.Json;
using System.Text;
using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing;

/// <summary>Ingestion over HTTP, the readings API, device registration and the chain from an alarm to a CityOps incident.</summary>
public sealed class TelemetryApiTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ReadingsAreStoredDurablyAndReadBackRawAndRolledUp(Db db)
    {
        var app = apps.Get(db);
        var admin = await apps.ClientAs(db, "admin");
        var device = await Sense.RegisterAsync(app, admin, "rainfall", "310101002");
        var gateway = Sense.Gateway(app);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var minute = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero);

        var receipt = await Sense.SendAsync(gateway,
            new { deviceId = device, ts = Sense.Iso(minute.AddSeconds(5)), value = 2.0 },
            new { deviceId = device, ts = Sense.Iso(minute.AddSeconds(35)), value = 4.0 },
            new { deviceId = device, ts = Sense.Iso(minute.AddMinutes(1).AddSeconds(5)), value = 9.0 });
        Assert.Equal(3, receipt.GetProperty("accepted").GetInt32());

        // A redelivered reading (same device and time) is stored once.
        await Sense.SendAsync(gateway, new { deviceId = device, ts = Sense.Iso(minute.AddSeconds(5)), value = 2.0 });

        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var from = Uri.EscapeDataString(Sense.Iso(minute.AddMinutes(-1)));
        var raw = await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings?resolution=raw&from={from}"));
        Assert.Equal([2.0, 4.0, 9.0], raw.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("avg").GetDouble()));

        await Sense.FlushAsync(app);
        var perMinute = (await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings?resolution=1m&from={from}"))).GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2, perMinute.Count);
        Assert.Equal((3.0, 2.0, 4.0, 2L), (perMinute[0].GetProperty("avg").GetDouble(), perMinute[0].GetProperty("min").GetDouble(), perMinute[0].GetProperty("max").GetDouble(), perMinute[0].GetProperty("count").GetInt64()));
        var hourly = (await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings?resolution=1h&from={from}"))).GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("count").GetInt64());
        Assert.Equal(3, hourly);

        var view = await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}"));
        Assert.Equal(9.0, view.GetProperty("lastValue").GetDouble());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadReadingsAreRejectedOneByOneAndCountedPerDevice(Db db)
    {
        var app = apps.Get(db);
        var admin = await apps.ClientAs(db, "admin");
        var device = await Sense.RegisterAsync(app, admin, "gas", "310101002");
        var gateway = Sense.Gateway(app);
        var ndjson = $"{{\"deviceId\":\"{device}\",\"value\":1}}\n{{\"deviceId\":\"{device}\",\"value\":101}}\n{{\"deviceId\":\"{device}\",\"value\":1,\"ts\":\"{Sense.Iso(DateTimeOffset.UtcNow.AddHours(1))}\"}}\nnot json\n{{\"deviceId\":\"nobody-{device}\",\"value\":1}}\n";
        var receipt = await Ops.Ok(await gateway.PostAsync("/api/telemetry", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson")));
        Assert.Equal((5, 1, 4), (receipt.GetProperty("received").GetInt32(), receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("rejected").GetInt32()));
        Assert.Equal(["out-of-range", "future", "malformed", "unknown-device"], receipt.GetProperty("rejections").EnumerateArray().Select(r => r.GetProperty("reason").GetString()));

        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var counts = (await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/rejections?device={device}"))).EnumerateArray()
            .ToDictionary(r => r.GetProperty("reason").GetString()!, r => r.GetProperty("count").GetInt64());
        Assert.Equal(1, counts["out-of-range"]);
        Assert.Equal(1, counts["future"]);

        // A body that is not a batch at all is a 400 naming the body; nothing of it is stored.
        await Ops.Field(await gateway.PostAsync("/api/telemetry", new StringContent($"[{{\"deviceId\":\"{device}\",\"value\":2}}, oops", Encoding.UTF8, "application/json")), "body");
        await Ops.Field(await gateway.PostAsync("/api/telemetry", new StringContent("[]", Encoding.UTF8, "application/json")), "body");
        var raw = await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{device}/readings"));
        Assert.Equal([1.0], raw.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("avg").GetDouble()));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyGatewaysWithAValidKeySendAndOnlyAdministratorsManageDevicesAndKeys(Db db)
    {
        var app = apps.Get(db);
        var reading = new[] { new { deviceId = "WL-310101-01", value = 1.0 } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateApiClient().PostAsJsonAsync("/api/telemetry", reading)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Sense.Gateway(app, "wrong").PostAsJsonAsync("/api/telemetry", reading)).StatusCode);

        var admin = await apps.ClientAs(db, "admin");
        var issued = await Ops.Ok(await admin.PostAsJsonAsync("/api/telemetry/keys", new { name = "泵站网关" }), HttpStatusCode.Created);
        var key = issued.GetProperty("apiKey").GetString()!;
        await Ops.Ok(await Sense.Gateway(app, key).PostAsJsonAsync("/api/telemetry", reading));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/telemetry/keys/{issued.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Sense.Gateway(app, key).PostAsJsonAsync("/api/telemetry", reading)).StatusCode);

        var dispatcher = await apps.ClientAs(db, "dispatcher");
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.PostAsJsonAsync("/api/telemetry/devices", new { code = "X-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.GetAsync("/api/telemetry/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await apps.ClientAs(db, "citizen")).GetAsync("/api/telemetry/devices")).StatusCode);

        var problem = await Ops.Field(await admin.PostAsJsonAsync("/api/telemetry/devices", new { code = "bad code!", type = "lava", longitude = 0.0, latitude = 0.0 }), "code");
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("longitude", out _));
        var (lon, lat) = Ops.PointIn(app, "310101002");
        await Ops.Field(await admin.PostAsJsonAsync("/api/telemetry/devices", new { code = "WL-BAD-RANGE", type = "water-level", nameZh = "x", longitude = lon, latitude = lat, validMin = 5, validMax = 1 }), "validMin");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/telemetry/devices", new { code = "WL-310101-01", type = "water-level", nameZh = "x", longitude = lon, latitude = lat })).StatusCode);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnAlarmBecomesACityOpsIncidentOnceAndAStormOfAlarmsInOneSubdistrictStaysOneIncident(Db db)
    {
        var app = apps.Get(db);
        var admin = await apps.ClientAs(db, "admin");
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var gateway = Sense.Gateway(app);
        var area = "310104003";
        var first = await Sense.RegisterAsync(app, admin, "water-level", area, eastMetres: -100);
        var second = await Sense.RegisterAsync(app, admin, "water-level", area, eastMetres: 250);

        var now = DateTimeOffset.UtcNow;
        await Sense.SendAsync(gateway,
            new { deviceId = first, ts = Sense.Iso(now.AddMinutes(-3)), value = 3.0 },
            new { deviceId = first, ts = Sense.Iso(now.AddMinutes(-2)), value = 4.7 },
            new { deviceId = first, ts = Sense.Iso(now.AddMinutes(-1)), value = 4.8 });
        await Sense.SettleAsync(app);

        var alarms = await Sense.AlarmsAsync(dispatcher, first);
        var alarm = Assert.Single(alarms, a => a.GetProperty("kind").GetString() == "threshold" && a.GetProperty("severity").GetString() == "alarm");
        var number = alarm.GetProperty("incidentNumber").GetString()!;
        Assert.Contains(alarms, a => a.GetProperty("severity").GetString() == "warning");

        var incident = await Ops.Get(dispatcher, number);
        Assert.Equal("1502", incident.GetProperty("summary").GetProperty("category").GetProperty("code").GetString());
        var report = Assert.Single(incident.GetProperty("reports").EnumerateArray());
        Assert.Contains(first, report.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("4.7", report.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Another gauge in the same subdistrict crosses too: storm suppression folds it into the same incident.
        await Sense.SendAsync(gateway, new { deviceId = second, ts = Sense.Iso(now.AddMinutes(-1)), value = 5.1 });
        await Sense.SettleAsync(app);
        var secondAlarm = Assert.Single(await Sense.AlarmsAsync(dispatcher, second), a => a.GetProperty("severity").GetString() == "alarm");
        Assert.Equal(number, secondAlarm.GetProperty("incidentNumber").GetString());
        incident = await Ops.Get(dispatcher, number);
        Assert.Equal(2, incident.GetProperty("summary").GetProperty("reportCount").GetInt32());
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), e => (e.GetProperty("details").GetString() ?? "").Contains("告警风暴抑制", StringComparison.Ordinal));

        // Falling back below threshold − hysteresis clears the alarm; the device is normal again.
        await Sense.SendAsync(gateway, new { deviceId = first, ts = Sense.Iso(now), value = 3.0 });
        await Sense.SettleAsync(app);
        Assert.All((await Sense.AlarmsAsync(dispatcher, first)).Where(a => a.GetProperty("kind").GetString() == "threshold"),
            a => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, a.GetProperty("clearedAt").ValueKind));
        await Sense.SendAsync(gateway, new { deviceId = first, ts = Sense.Iso(now.AddSeconds(30)), value = 3.0 });
        await Sense.SettleAsync(app);
        Assert.Equal("normal", (await Ops.Ok(await dispatcher.GetAsync($"/api/telemetry/devices/{first}"))).GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheReadingsApiAnswersBadQueriesWithTheFieldAndKeepsToTheJurisdiction(Db db)
    {
        var dispatcherHp = await apps.ClientAs(db, "dispatcher-hp");
        await Ops.Field(await dispatcherHp.GetAsync("/api/telemetry/devices/WL-310101-01/readings?resolution=5m"), "resolution");
        await Ops.Field(await dispatcherHp.GetAsync("/api/telemetry/devices/WL-310101-01/readings?from=yesterday"), "from");
        await Ops.Field(await dispatcherHp.GetAsync("/api/telemetry/devices?type=lava"), "type");
        Assert.Equal(HttpStatusCode.NotFound, (await dispatcherHp.GetAsync("/api/telemetry/devices/NOPE")).StatusCode);

        // The Huangpu dispatcher sees Huangpu's devices only.
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcherHp.GetAsync("/api/telemetry/devices/WL-310104-01")).StatusCode);
        var devices = (await Ops.Ok(await dispatcherHp.GetAsync("/api/telemetry/devices"))).EnumerateArray().ToList();
        Assert.NotEmpty(devices);
        Assert.All(devices, d => Assert.Equal("310101", d.GetProperty("districtCode").GetString()));
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Sensing.VitalSigns;
using OneCity.Web.Tests.CityOps;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing;

/// <summary>City vital signs: a gauge's reading sets its district's level, the city shows the districts, trends are recorded.</summary>
public sealed class VitalSignTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AHighWaterReadingPutsItsDistrictIntoAlarmAndTheTrendIsRecorded(Db db)
    {
        var app = apps.Get(db);
        var admin = await apps.ClientAs(db, "admin");
        var device = await Sense.RegisterAsync(app, admin, "water-level", "310116");
        await Sense.SendAsync(Sense.Gateway(app), new { deviceId = device, ts = Sense.Iso(DateTimeOffset.UtcNow.AddMinutes(-1)), value = 4.7 });

        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var jinshan = await Ops.Ok(await dispatcher.GetAsync("/api/vitals?area=310116"));
        var water = jinshan.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "max-water-level");
        Assert.Equal(4.7, water.GetProperty("value").GetDouble());
        Assert.Equal("alarm", water.GetProperty("level").GetString());
        Assert.Equal("alarm", jinshan.GetProperty("level").GetString());

        var city = await Ops.Ok(await dispatcher.GetAsync("/api/vitals"));
        var cityWater = city.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "max-water-level");
        Assert.True(cityWater.GetProperty("value").GetDouble() >= 4.7);
        Assert.Equal(16, cityWater.GetProperty("districts").GetArrayLength());
        Assert.Equal("alarm", cityWater.GetProperty("districts").EnumerateArray().Single(d => d.GetProperty("areaCode").GetString() == "310116").GetProperty("level").GetString());
        var perTenThousand = city.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "open-incidents-per-10k");
        Assert.Equal(System.Text.Json.JsonValueKind.Number, perTenThousand.GetProperty("value").ValueKind);

        // The change to alarm is recorded by this call, or already was by the monitor's own periodic pass on the shared app.
        var changes = await app.Services.GetRequiredService<VitalSignsMonitor>().RecordAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(changes, c => c.Indicator == "max-water-level" && c.AreaCode == "310116" && c.To != VitalLevel.Alarm);
        var history = await Ops.Ok(await dispatcher.GetAsync("/api/vitals/history?indicator=max-water-level&area=310116&hours=1"));
        Assert.Contains(history.GetProperty("points").EnumerateArray(), p => p.GetProperty("value").GetDouble() == 4.7 && p.GetProperty("level").GetString() == "alarm");

        // Kept to the jurisdiction, and bad input named.
        var huangpu = await apps.ClientAs(db, "dispatcher-hp");
        Assert.Equal(HttpStatusCode.Forbidden, (await huangpu.GetAsync("/api/vitals?area=310116")).StatusCode);
        Assert.Equal("310101", (await Ops.Ok(await huangpu.GetAsync("/api/vitals"))).GetProperty("areaCode").GetString());
        await Ops.Field(await dispatcher.GetAsync("/api/vitals?area=999999"), "area");
        await Ops.Field(await dispatcher.GetAsync("/api/vitals/history?indicator=happiness"), "indicator");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await apps.ClientAs(db, "citizen")).GetAsync("/api/vitals")).StatusCode);
    }
}

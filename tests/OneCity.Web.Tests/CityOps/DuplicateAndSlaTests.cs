using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>Reports of the same problem merge (and can be split again); overdue orders escalate under a controlled clock.</summary>
public sealed class DuplicateAndSlaTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ASimilarReportNearbyMergesIntoTheOpenIncidentAndTheDispatcherCanUndoIt(Db db)
    {
        var app = apps.Get(db);
        var citizen = await apps.ClientAs(db, "citizen");
        var inspector = await apps.ClientAs(db, "inspector");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (lon, lat) = Ops.PointIn(app, "310101002", eastMetres: -150, northMetres: 90);
        var first = await Ops.Ok(await citizen.PostAsJsonAsync("/api/cityops/reports", new
        {
            text = $"福州路{tag}号门口堆了好几袋生活垃圾，没人清运，气味很大", categoryCode = "1101", longitude = lon, latitude = lat, photos = new[] { Ops.Png },
        }), HttpStatusCode.Created);
        Assert.False(first.GetProperty("merged").GetBoolean());
        var number = first.GetProperty("number").GetString()!;

        // Thirty metres away, the same hour, nearly the same words, from a grid inspector: one incident, two reports.
        var (lon2, lat2) = Ops.PointIn(app, "310101002", eastMetres: -120, northMetres: 90);
        var second = await Ops.Ok(await inspector.PostAsJsonAsync("/api/cityops/patrol", new
        {
            text = $"福州路{tag}号门口堆放多袋生活垃圾未清运，有异味", categoryCode = "1101", longitude = lon2, latitude = lat2,
        }), HttpStatusCode.Created);
        Assert.True(second.GetProperty("merged").GetBoolean(), second.ToString());
        Assert.Equal(number, second.GetProperty("number").GetString());
        Assert.True(second.GetProperty("mergeScore").GetDouble() >= 0.72);

        // A different problem at the same spot stays separate.
        var other = await Ops.Ok(await citizen.PostAsJsonAsync("/api/cityops/reports", new
        {
            text = "这里的垃圾箱被撞坏了，盖子掉在地上", categoryCode = "1101", longitude = lon2, latitude = lat2,
        }), HttpStatusCode.Created);
        Assert.False(other.GetProperty("merged").GetBoolean());

        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var incident = await Ops.Get(dispatcher, number);
        Assert.Equal(2, incident.GetProperty("summary").GetProperty("reportCount").GetInt32());
        Assert.Contains("merged", Ops.Timeline(incident));
        // The first report's photo was stored with the batch's other new rows: it reads back, byte for byte.
        var photo = Assert.Single(incident.GetProperty("photos").EnumerateArray());
        Assert.Equal("evidence", photo.GetProperty("kind").GetString());
        Assert.Equal(Convert.FromBase64String(Ops.Png), await dispatcher.GetByteArrayAsync(photo.GetProperty("url").GetString()));
        var merged = incident.GetProperty("reports").EnumerateArray().Single(r => r.TryGetProperty("mergeScore", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Number);

        // The citizen sees their own report only, and tracks the incident in "my reports".
        var mine = await Ops.Ok(await citizen.GetAsync("/api/cityops/my-reports"));
        Assert.Contains(mine.EnumerateArray(), i => i.GetProperty("number").GetString() == number);
        Assert.Single((await Ops.Get(citizen, number)).GetProperty("reports").EnumerateArray());

        // Undo: the inspector's report becomes an incident of its own, and is routed like any new one.
        var split = await Ops.Act(dispatcher, number, $"reports/{merged.GetProperty("id").GetInt64()}/unmerge");
        Assert.Equal(1, split.GetProperty("summary").GetProperty("reportCount").GetInt32());
        var inspectorIncidents = await Ops.Ok(await inspector.GetAsync("/api/cityops/incidents?area=310101002&take=200"));
        Assert.Contains(inspectorIncidents.GetProperty("items").EnumerateArray(), i => i.GetProperty("inspectorFound").GetBoolean()
            && i.GetProperty("description").GetString()!.Contains(tag, StringComparison.Ordinal) && i.GetProperty("number").GetString() != number);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnOverdueOrderIsWarnedAt80PercentThenSupervisedBySubdistrictDistrictAndCity(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        // Monday 21 September 2026, 09:00 in Shanghai. Exposed rubbish goes to the subdistrict office; handling takes 2 working days.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 21, 9, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();
        var inspector = await app.ClientAsAsync("inspector");
        var (lon, lat) = Ops.PointIn(app, "310101002");
        var created = await Ops.Ok(await inspector.PostAsJsonAsync("/api/cityops/patrol", new { text = "街角暴露垃圾一堆", categoryCode = "1101", longitude = lon, latitude = lat }), HttpStatusCode.Created);
        var number = created.GetProperty("number").GetString()!;
        Assert.Equal("310101002-BSC", created.GetProperty("unit").GetProperty("code").GetString());

        async Task<IReadOnlyList<string>> ScanAt(DateTimeOffset shanghai)
        {
            clock.SetUtcNow(shanghai.ToUniversalTime());
            var admin = await app.ClientAsAsync("admin");
            await Ops.Ok(await admin.PostAsJsonAsync("/api/cityops/sla/scan", new { }));
            var dispatcher = await app.ClientAsAsync("dispatcher");
            var incident = await Ops.Get(dispatcher, number);
            return incident.GetProperty("timeline").EnumerateArray()
                .Where(t => t.GetProperty("action").GetString() is "warning" or "supervised")
                .Select(t => t.GetProperty("action").GetString() + ":" + t.GetProperty("unitCode").GetString()).ToList();
        }

        // A second problem the same morning goes round the whole loop on time (4 stars), for the KPIs below.
        var (lon2, lat2) = Ops.PointIn(app, "310101002", eastMetres: 250);
        var quick = (await Ops.Ok(await inspector.PostAsJsonAsync("/api/cityops/patrol", new { text = "绿化带里有人乱扔建筑垃圾", categoryCode = "1101", longitude = lon2, latitude = lat2 }), HttpStatusCode.Created))
            .GetProperty("number").GetString()!;
        var bsc = await app.ClientAsAsync("unit-bsc");
        await Ops.Act(bsc, quick, "accept");
        await Ops.Act(bsc, quick, "feedback", new { text = "已清运", photos = new[] { Ops.Png } });
        await Ops.Act(inspector, quick, "verify", new { passed = true });
        var hp = await app.ClientAsAsync("dispatcher-hp");
        await Ops.Act(hp, quick, "close");
        await Ops.Act(hp, quick, "evaluate", new { satisfaction = 4 });

        var handleDue = (await Ops.Get(await app.ClientAsAsync("dispatcher"), number)).GetProperty("summary").GetProperty("handleDueAt").GetDateTimeOffset();
        Assert.Equal(new DateTimeOffset(2026, 9, 23, 17, 0, 0, TimeSpan.FromHours(8)), handleDue);

        // Tuesday noon: 40 % of the working time has run, nothing yet.
        Assert.Empty(await ScanAt(new DateTimeOffset(2026, 9, 22, 12, 0, 0, TimeSpan.FromHours(8))));

        // Wednesday 15:00: past 80 % (19.2 of 24 working hours) — a warning to the unit.
        Assert.Equal(["warning:310101002-BSC"], await ScanAt(new DateTimeOffset(2026, 9, 23, 15, 0, 0, TimeSpan.FromHours(8))));

        // Overdue: supervision by the subdistrict, then half a period later the district's centre, then the city's.
        Assert.Equal(["warning:310101002-BSC", "supervised:310101002-BSC"], await ScanAt(new DateTimeOffset(2026, 9, 23, 17, 30, 0, TimeSpan.FromHours(8))));
        var later = await ScanAt(new DateTimeOffset(2026, 9, 25, 12, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(["warning:310101002-BSC", "supervised:310101002-BSC", "supervised:310101-CY"], later);
        var latest = await ScanAt(new DateTimeOffset(2026, 9, 28, 12, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(["warning:310101002-BSC", "supervised:310101002-BSC", "supervised:310101-CY", "supervised:SH-CY"], latest);

        // The city is the top: nothing more, and the list shows it overdue.
        Assert.Equal(latest, await ScanAt(new DateTimeOffset(2026, 10, 20, 12, 0, 0, TimeSpan.FromHours(8))));
        var summary = (await Ops.Get(await app.ClientAsAsync("dispatcher"), number)).GetProperty("summary");
        Assert.True(summary.GetProperty("overdue").GetBoolean());
        Assert.Equal(4, summary.GetProperty("slaStage").GetInt32());

        // The district's KPIs for September: two reported (both found by the inspector), both dispatched on time,
        // one handled and closed on time with 4 stars; one still open and overdue, in subdistrict 310101002.
        var district = await app.ClientAsAsync("dispatcher-hp");
        var kpi = await Ops.Ok(await district.GetAsync("/api/cityops/kpi?area=310101&from=2026-09-01&to=2026-09-30"));
        var f = kpi.GetProperty("figures");
        Assert.Equal(2, f.GetProperty("reported").GetInt32());
        Assert.Equal(1.0, f.GetProperty("inspectorFoundShare").GetDouble());
        Assert.Equal(2, f.GetProperty("dispatched").GetInt32());
        Assert.Equal(1.0, f.GetProperty("dispatchOnTimeRate").GetDouble());
        Assert.Equal(1, f.GetProperty("handled").GetInt32());
        Assert.Equal(1.0, f.GetProperty("handleOnTimeRate").GetDouble());
        Assert.Equal(1, f.GetProperty("closed").GetInt32());
        Assert.Equal(4.0, f.GetProperty("satisfaction").GetDouble());
        Assert.Equal(1, kpi.GetProperty("open").GetInt32());
        Assert.Equal(1, kpi.GetProperty("overdue").GetInt32());
        var child = kpi.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "310101002");
        Assert.Equal(1, child.GetProperty("overdue").GetInt32());
        var unit = kpi.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == "310101002-BSC");
        Assert.Equal(2, unit.GetProperty("figures").GetProperty("dispatched").GetInt32());

        // October has nothing; another district is outside this dispatcher's jurisdiction; bad input names the field.
        Assert.Equal(0, (await Ops.Ok(await district.GetAsync("/api/cityops/kpi?area=310101&from=2026-10-01&to=2026-10-31"))).GetProperty("figures").GetProperty("reported").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await district.GetAsync("/api/cityops/kpi?area=310104")).StatusCode);
        await Ops.Field(await district.GetAsync("/api/cityops/kpi?area=31x"), "area");
        await Ops.Field(await district.GetAsync("/api/cityops/kpi?area=310101&from=2025-01-01&to=2026-09-30"), "from");
        var city = await Ops.Ok(await (await app.ClientAsAsync("dispatcher")).GetAsync("/api/cityops/kpi?from=2026-09-01&to=2026-09-30"));
        Assert.Contains(city.GetProperty("children").EnumerateArray(), c => c.GetProperty("code").GetString() == "310101" && c.GetProperty("figures").GetProperty("reported").GetInt32() == 2);
    }
}

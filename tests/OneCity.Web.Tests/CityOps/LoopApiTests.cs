using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>A hotline report through the whole loop over HTTP, on both databases.</summary>
public sealed class LoopApiTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AHotlineCallIsClassifiedRoutedBouncedReroutedHandledVerifiedClosedAndEvaluated(Db db)
    {
        var app = apps.Get(db);
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var (lon, lat) = Ops.PointIn(app, "310101002", eastMetres: 40);

        var created = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new
        {
            text = "来电反映：路口人行道上的井盖不见了，留下一个大洞，晚上很危险，请尽快处理。",
            callerName = "王小明", callerPhone = "13800138000", longitude = lon, latitude = lat, callId = $"call-{Guid.NewGuid():N}",
        }), HttpStatusCode.Created);
        var number = created.GetProperty("number").GetString()!;
        Assert.Equal("0101", created.GetProperty("category").GetProperty("code").GetString());
        Assert.Equal("dispatched", created.GetProperty("status").GetString());
        Assert.Equal("310101-ZJ", created.GetProperty("unit").GetProperty("code").GetString());
        Assert.Contains("规则 #", created.GetProperty("routing").GetString(), StringComparison.Ordinal);

        // The dispatcher sees the caller masked, the rule that decided, and every step so far.
        var incident = await Ops.Get(dispatcher, number);
        var report = Assert.Single(incident.GetProperty("reports").EnumerateArray());
        Assert.Equal("138****8000", report.GetProperty("reporterPhone").GetString());
        Assert.Equal("王**", report.GetProperty("reporterName").GetString());
        Assert.True(incident.GetProperty("ruleId").GetInt64() > 0);
        Assert.Equal(["reported", "classified", "located", "registered", "dispatched"], Ops.Timeline(incident));
        Assert.Equal("310101002", incident.GetProperty("summary").GetProperty("location").GetProperty("subdistrictCode").GetString());

        // Another unit cannot act on it; the district's construction commission bounces it with a reason.
        var bsc = await apps.ClientAs(db, "unit-bsc");
        Assert.Equal(HttpStatusCode.NotFound, (await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/accept", new { })).StatusCode);
        var zj = await apps.ClientAs(db, "unit-zj");
        Assert.Contains("bounce", (await Ops.Get(zj, number)).GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        await Ops.Field(await zj.PostAsJsonAsync($"/api/cityops/incidents/{number}/bounce", new { reason = " " }), "reason");
        var bounced = await Ops.Act(zj, number, "bounce", new { reason = "该井盖属于小区物业管理范围，不属于市政井盖" });
        Assert.Equal("bounced", Ops.Status(bounced));

        // Re-routing by the list would send it back to the unit that bounced it: the dispatcher must choose, with a reason.
        await Ops.Field(await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/dispatch", new { }), "unitCode");
        await Ops.Field(await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/dispatch", new { unitCode = "310101002-BSC" }), "reason");
        var redispatched = await Ops.Act(dispatcher, number, "dispatch", new { unitCode = "310101002-BSC", reason = "小区内部设施由街道督促物业整改" });
        Assert.Equal("dispatched", Ops.Status(redispatched));
        Assert.Equal("310101002-BSC", redispatched.GetProperty("summary").GetProperty("unit").GetProperty("code").GetString());

        // The subdistrict office accepts and must send a photo of the result.
        Assert.Equal("handling", Ops.Status(await Ops.Act(bsc, number, "accept")));
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/feedback", new { text = "已更换井盖" }), "photos");
        await Ops.Field(await bsc.PostAsJsonAsync($"/api/cityops/incidents/{number}/feedback", new { text = "已更换井盖", photos = new[] { Convert.ToBase64String("not an image"u8.ToArray()) } }), "photos");
        var handled = await Ops.Act(bsc, number, "feedback", new { text = "物业已安装新井盖并设置警示", photos = new[] { Ops.Png } });
        Assert.Equal("handled", Ops.Status(handled));
        var photo = handled.GetProperty("photos").EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "result");
        var image = await dispatcher.GetAsync(photo.GetProperty("url").GetString());
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);

        // Closing before verification is refused; the inspector's failed verification sends it back for rework.
        Assert.Equal(HttpStatusCode.Conflict, (await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/close", new { })).StatusCode);
        var inspector = await apps.ClientAs(db, "inspector");
        await Ops.Field(await inspector.PostAsJsonAsync($"/api/cityops/incidents/{number}/verify", new { passed = false }), "comment");
        var rework = await Ops.Act(inspector, number, "verify", new { passed = false, comment = "井盖尺寸不符，仍有缝隙" });
        Assert.Equal("handling", Ops.Status(rework));
        Assert.Equal(1, rework.GetProperty("reworkCount").GetInt32());
        await Ops.Act(bsc, number, "feedback", new { text = "已更换为匹配尺寸的井盖", photos = new[] { Ops.Png } });
        Assert.Equal("verified", Ops.Status(await Ops.Act(inspector, number, "verify", new { passed = true })));

        // Closure, then the caller's satisfaction from the return call; each only once.
        Assert.Equal("closed", Ops.Status(await Ops.Act(dispatcher, number, "close")));
        await Ops.Field(await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/evaluate", new { satisfaction = 6 }), "satisfaction");
        var evaluated = await Ops.Act(dispatcher, number, "evaluate", new { satisfaction = 5, comment = "处理及时" });
        Assert.Equal(5, evaluated.GetProperty("summary").GetProperty("satisfaction").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/evaluate", new { satisfaction = 4 })).StatusCode);
        Assert.Equal(
            ["reported", "classified", "located", "registered", "dispatched", "bounced", "dispatched", "accepted", "handled", "rework", "handled", "verified", "closed", "evaluated"],
            Ops.Timeline(evaluated).Where(a => a is not ("warning" or "supervised")));

        // Every step is in the audit ledger.
        var auditor = await apps.ClientAs(db, "auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?objectType=incident&objectId={number}&pageSize=50");
        var actions = entries.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        foreach (var a in new[] { "cityops.report-received", "cityops.bounced", "cityops.dispatched", "cityops.accepted", "cityops.handled", "cityops.rework", "cityops.verified", "cityops.closed", "cityops.evaluated" })
        {
            Assert.Contains(a, actions);
        }

        // Revealing the caller's phone for a return call needs a purpose and is itself in the ledger.
        await Ops.Field(await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/reveal", new { reportId = report.GetProperty("id").GetInt64() }), "purpose");
        var revealed = await Ops.Ok(await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/reveal", new { reportId = report.GetProperty("id").GetInt64(), purpose = "回访来电人" }));
        Assert.Equal("13800138000", revealed.GetProperty("phone").GetString());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheSameCallIdIsOneReportAndBadInputIsA400NamingTheField(Db db)
    {
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var (lon, lat) = Ops.PointIn(apps.Get(db), "310101002", northMetres: -120);
        var call = new { text = "小区门口路灯不亮已经一周了", callerPhone = "13900139000", longitude = lon, latitude = lat, callId = $"call-{Guid.NewGuid():N}" };
        var first = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", call), HttpStatusCode.Created);
        var again = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", call), HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("reportId").GetInt64(), again.GetProperty("reportId").GetInt64());

        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { callerPhone = "13900139000" }), "text");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { text = "路灯不亮" }), "callerPhone");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { text = "路灯不亮", callerPhone = "abc" }), "callerPhone");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { text = "路灯不亮", callerPhone = "13900139000", longitude = 121.4 }), "latitude");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { text = "路灯不亮", callerPhone = "13900139000", longitude = 500, latitude = 31 }), "longitude");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { text = "路灯不亮", callerPhone = "13900139000", crs = "bd09" }), "crs");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { text = "路灯不亮", callerPhone = "13900139000", categoryCode = "01" }), "categoryCode");
        await Ops.Field(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new { text = new string('长', 2001), callerPhone = "13900139000" }), "text");
        var malformed = await dispatcher.PostAsync("/api/cityops/hotline", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        // Only call-takers (dispatchers) file hotline orders; a citizen reports through the app endpoint.
        var citizen = await apps.ClientAs(db, "citizen");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync("/api/cityops/hotline", call)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).PostAsJsonAsync("/api/cityops/hotline", call)).StatusCode);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnAddressOnlyReportIsLocatedByTheGazetteerAndAnUnlocatableOneWaitsInTriage(Db db)
    {
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var located = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new
        {
            text = "外滩街道附近有人占道经营摆摊卖水果", callerPhone = "13700137000", categoryCode = "1402",
        }), HttpStatusCode.Created);
        var incident = await Ops.Get(dispatcher, located.GetProperty("number").GetString()!);
        Assert.Equal("310101013", incident.GetProperty("summary").GetProperty("location").GetProperty("subdistrictCode").GetString());
        Assert.Equal("gazetteer", incident.GetProperty("summary").GetProperty("location").GetProperty("source").GetString());
        Assert.Equal("310101013-BSC", located.GetProperty("unit").GetProperty("code").GetString());

        var nowhere = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new
        {
            text = "我家楼下有人占道经营", callerPhone = "13700137001", categoryCode = "1402",
        }), HttpStatusCode.Created);
        Assert.Equal("triage", nowhere.GetProperty("status").GetString());
        var number = nowhere.GetProperty("number").GetString()!;
        Assert.True((await Ops.Get(dispatcher, number)).GetProperty("summary").GetProperty("location").GetProperty("needed").GetBoolean());

        // The dispatcher registers it once the caller gives the place; routing follows.
        await Ops.Field(await dispatcher.PostAsJsonAsync($"/api/cityops/incidents/{number}/register", new { }), "areaCode");
        var registered = await Ops.Act(dispatcher, number, "register", new { areaCode = "310101002" });
        Assert.Equal("dispatched", Ops.Status(registered));
        Assert.Equal("310101002-BSC", registered.GetProperty("summary").GetProperty("unit").GetProperty("code").GetString());

        // A district dispatcher of another district does not see it.
        var list = await Ops.Ok(await dispatcher.GetAsync("/api/cityops/incidents?status=dispatched&area=310101002"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("number").GetString() == number);
    }
}

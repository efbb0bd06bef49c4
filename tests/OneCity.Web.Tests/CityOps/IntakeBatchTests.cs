using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>
/// Intake group-commits concurrent reports: reports that land in one batch still see each other, so the same problem
/// reported many times at once is one incident, and a call id delivered many times at once is stored once.
/// </summary>
public sealed class IntakeBatchTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ConcurrentReportsOfOneProblemMergeAndARepeatedCallIdIsStoredOnce(Db db)
    {
        var app = apps.Get(db);
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (lon, lat) = Ops.PointIn(app, "310101002", eastMetres: 220, northMetres: -180);
        object Call(string callId) => new
        {
            text = $"河南中路{tag}号门口的井盖不见了，路中间一个大洞很危险", categoryCode = "0101", longitude = lon, latitude = lat,
            callerPhone = "13800138000", callId,
        };

        // A first, unrelated report warms the writer and its queries (a cold first batch on a loaded machine is not what
        // this test is about).
        var (farLon, farLat) = Ops.PointIn(app, "310101002", eastMetres: -900, northMetres: 900);
        await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new
        {
            text = $"福州路{tag}号路灯不亮", categoryCode = "0101", longitude = farLon, latitude = farLat, callerPhone = "13800138001", callId = $"{tag}-warm",
        }), HttpStatusCode.Created);

        // Twelve callers at once about the same open manhole: one incident, eleven merged reports.
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async n =>
            await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", Call($"{tag}-{n}")), HttpStatusCode.Created)));
        var number = Assert.Single(answers.Select(a => a.GetProperty("number").GetString()).Distinct());
        Assert.Equal(11, answers.Count(a => a.GetProperty("merged").GetBoolean()));
        Assert.Equal(12, answers.Select(a => a.GetProperty("reportId").GetInt64()).Distinct().Count());

        // One call delivered six times at once: stored once, every delivery answered with that report.
        var repeats = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => dispatcher.PostAsJsonAsync("/api/cityops/hotline", Call($"{tag}-again"))));
        Assert.Equal(1, repeats.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, repeats.Count(r => r.StatusCode == HttpStatusCode.OK));
        var bodies = await Task.WhenAll(repeats.Select(r => Ops.Ok(r, r.StatusCode)));
        Assert.Single(bodies.Select(b => b.GetProperty("reportId").GetInt64()).Distinct());
        Assert.All(bodies, b => Assert.Equal(number, b.GetProperty("number").GetString()));

        // Each stored report has its ledger entry, written in the batch's own transaction; the chain still verifies.
        var auditor = await apps.ClientAs(db, "auditor");
        var entries = (await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?objectId={number}&pageSize=100")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(1, entries.Count(a => a == "cityops.report-received"));
        Assert.Equal(12, entries.Count(a => a == "cityops.report-merged")); // the eleven callers and the repeated call, once
        Assert.True((await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("ok").GetBoolean());

        var incident = await Ops.Get(dispatcher, number!);
        Assert.Equal(13, incident.GetProperty("summary").GetProperty("reportCount").GetInt32());
        Assert.Equal(12, Ops.Timeline(incident).Count(a => a == "merged"));
        Assert.Equal(["reported", "classified", "located", "registered", "dispatched"], Ops.Timeline(incident).Where(a => a != "merged").Take(5));
    }
}

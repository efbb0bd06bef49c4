using System.Net;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Sensing.Cap;
using OneCity.Sensing.Data;
using OneCity.Sensing.Telemetry;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing.Cap;

/// <summary>POST /api/cap/alerts and the staff queries over HTTP on both databases.</summary>
public sealed class CapIngestTests(Apps apps)
{
    /// <summary>The only test that posts the examples unchanged (a second poster would see 200 where this expects 201).</summary>
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EveryExampleIsStoredOnceAndServedBackByteForByte(Db db)
    {
        var client = await apps.ClientAs(db, "dispatcher");
        var ids = new Dictionary<string, long>();
        foreach (var name in CapExamples.Cap12.Concat(CapExamples.Cap11))
        {
            var bytes = CapExamples.Bytes(name);
            var response = await client.PostAsync("/api/cap/alerts", CapExamples.Content(bytes, name == "thunderstorm.xml" ? "text/xml" : "application/cap+xml"));
            var created = await CapExamples.Json(response, HttpStatusCode.Created);
            var id = created.GetProperty("id").GetInt64();
            ids[name] = id;
            Assert.Equal($"/api/cap/alerts/{id}", response.Headers.Location?.OriginalString);
            Assert.Equal(CapExamples.Cap12.Contains(name) ? "1.2" : "1.1", created.GetProperty("version").GetString());
            Assert.Equal("ingested", created.GetProperty("origin").GetString());
            Assert.Equal(bytes.Length, created.GetProperty("length").GetInt32());
            Assert.Equal(JsonValueKind.Null, created.GetProperty("publicUrl").ValueKind);

            // The same sender, identifier and sent again: 200 with the stored alert, nothing new stored.
            var again = await CapExamples.Json(await client.PostAsync("/api/cap/alerts", CapExamples.Content(bytes, "application/xml")), HttpStatusCode.OK);
            Assert.Equal(id, again.GetProperty("id").GetInt64());

            // The stored bytes are the posted bytes.
            var raw = await client.GetAsync($"/api/cap/alerts/{id}/xml");
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
            Assert.Equal("application/cap+xml", raw.Content.Headers.ContentType?.MediaType);
            Assert.Equal(bytes, await raw.Content.ReadAsByteArrayAsync());

            var one = await CapExamples.Json(await client.GetAsync($"/api/cap/alerts/{id}"), HttpStatusCode.OK);
            Assert.Equal(created.GetRawText(), one.GetRawText());
        }

        // The summary: Environment Canada's bilingual update.
        var canada = await CapExamples.Json(await client.GetAsync($"/api/cap/alerts/{ids["canada.xml"]}"), HttpStatusCode.OK);
        Assert.Equal(("2.49.0.1.124.6bddbc91.2012", "cap@ec.gc.ca", "2012-05-02T23:21:04-00:00"),
            (canada.GetProperty("identifier").GetString(), canada.GetProperty("sender").GetString(), canada.GetProperty("sent").GetString()));
        Assert.Equal(("Update", "Actual", "Public"), (canada.GetProperty("msgType").GetString(), canada.GetProperty("status").GetString(), canada.GetProperty("scope").GetString()));
        var infos = canada.GetProperty("infos").EnumerateArray().ToList();
        Assert.Equal(["en-CA", "fr-CA"], infos.Select(i => i.GetProperty("language").GetString()));
        Assert.Equal(["thunderstorm", "orages"], infos.Select(i => i.GetProperty("event").GetString()));
        Assert.All(infos, i => Assert.Equal("Minor", i.GetProperty("severity").GetString()));
        var areas = infos[0].GetProperty("areas").EnumerateArray().ToList();
        Assert.Equal([10, 3], areas.Select(a => a.GetProperty("geocodes").GetArrayLength()));
        Assert.All(areas, a => Assert.True(a.GetProperty("hasPolygon").GetBoolean()));
        Assert.All(areas, a => Assert.False(a.GetProperty("hasCircle").GetBoolean()));
        Assert.False(canada.GetProperty("signed").GetBoolean());

        var australia = await CapExamples.Json(await client.GetAsync($"/api/cap/alerts/{ids["australia.xml"]}"), HttpStatusCode.OK);
        Assert.All(australia.GetProperty("infos").EnumerateArray(), i => Assert.True(i.GetProperty("areas")[0].GetProperty("hasCircle").GetBoolean()));

        // The signed alert: stored byte for byte, so Environment Canada's signature still verifies on what we serve.
        var signed = await CapExamples.Json(await client.GetAsync($"/api/cap/alerts/{ids["canada_signed.xml"]}"), HttpStatusCode.OK);
        Assert.True(signed.GetProperty("signed").GetBoolean());
        var served = await client.GetByteArrayAsync($"/api/cap/alerts/{ids["canada_signed.xml"]}/xml");
        Assert.True(EnvironmentCanadaSignatureVerifies(served));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(served).Replace("<severity>Moderate</severity>", "<severity>Minor</severity>", StringComparison.Ordinal));
        Assert.False(EnvironmentCanadaSignatureVerifies(tampered));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task InvalidAlertsAreRejectedWithTheMessageAndNothingIsStored(Db db)
    {
        var client = await apps.ClientAs(db, "commander");
        var tag = CapExamples.Tag();

        var severity = await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(tag, severity: "Bad" + tag))));
        Assert.Contains($"'Bad{tag}'", Assert.Single(severity["alert/info/severity"]), StringComparison.Ordinal);
        Assert.Contains("Enumeration constraint failed", severity["alert/info/severity"][0], StringComparison.Ordinal);

        var missing = CapExamples.Minimal(tag).Replace("  <sender>test@example.org</sender>\n", "", StringComparison.Ordinal);
        var missingErrors = await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content(missing)));
        Assert.Contains("'sender'", Assert.Single(missingErrors["alert/sent"]), StringComparison.Ordinal);

        var date = await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(tag, sent: "2026-13-01T10:00:00+08:00"))));
        Assert.Contains("'2026-13-01T10:00:00+08:00'", Assert.Single(date["alert/sent"]), StringComparison.Ordinal);

        var notXml = await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content("<alert><identifier>" + tag)));
        Assert.Matches(@"^not well-formed XML: .*Line 1, position \d+\.$", Assert.Single(notXml["body"]));

        var xxe = $"""
            <?xml version="1.0"?>
            <!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>{tag}&xxe;</identifier></alert>
            """;
        Assert.Contains("DTD is prohibited", Assert.Single((await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content(xxe))))["body"]), StringComparison.Ordinal);

        var noaa = await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Bytes("noaa_errors.xml"))));
        Assert.Equal(["alert/info/certainty", "alert/info/severity", "alert/info/urgency"], noaa.Keys.Order(StringComparer.Ordinal));

        var tooLong = await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(tag, @event: new string('e', 301)))));
        Assert.Equal(["at most 300 characters"], tooLong["alert/info/event"]);

        var zulu = CapExamples.Minimal("1.1-" + tag, sent: "2026-07-25T02:00:00Z").Replace("cap:1.2", "cap:1.1", StringComparison.Ordinal);
        Assert.Contains("no time-zone offset", Assert.Single((await CapExamples.Errors(await client.PostAsync("/api/cap/alerts", CapExamples.Content(zulu))))["alert/sent"]), StringComparison.Ordinal);

        // Not XML at all, or too big: the media type and the size are checked first.
        var json = await client.PostAsync("/api/cap/alerts", CapExamples.Content("{\"identifier\":\"x\"}", "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        var huge = CapExamples.Minimal(tag, extraInfo: "<description>" + new string('x', CapEndpoints.MaxBodyBytes) + "</description>");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/api/cap/alerts", CapExamples.Content(huge))).StatusCode);

        using var scope = apps.Get(db).Services.CreateScope();
        var sensing = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
        Assert.False(await sensing.Set<CapAlert>().AnyAsync(a => a.Identifier.Contains(tag), TestContext.Current.CancellationToken));
        var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
        var rejected = await ledger.SearchAsync(new AuditSearch(Action: "sensing.cap-rejected", Actor: "commander", PageSize: 200), TestContext.Current.CancellationToken);
        Assert.Contains(rejected.Items, e => e.Details!.Contains("Bad" + tag, StringComparison.Ordinal) && e.Details.StartsWith("alert/info/severity: ", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task DispatchersCommandersAdministratorsAndTrustedFeedsHandInAlerts(Db db)
    {
        var app = apps.Get(db);
        foreach (var role in new[] { "dispatcher", "commander", "admin" })
        {
            var client = await apps.ClientAs(db, role);
            await CapExamples.Json(await client.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(CapExamples.Tag()))), HttpStatusCode.Created);
        }

        foreach (var role in new[] { "citizen", "clerk", "auditor", "inspector" })
        {
            var client = await apps.ClientAs(db, role);
            var response = await client.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(CapExamples.Tag())));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var anonymous = apps.Client(db);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(CapExamples.Tag())))).StatusCode);

        // A trusted feed: the gateway key in X-Api-Key, as for telemetry.
        var tag = CapExamples.Tag();
        using (var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/cap/alerts") { Content = CapExamples.Content(CapExamples.Minimal(tag)) })
        {
            keyed.Headers.Add("X-Api-Key", GatewayKeys.DemoKey);
            var created = await CapExamples.Json(await anonymous.SendAsync(keyed), HttpStatusCode.Created);
            using var scope = app.Services.CreateScope();
            var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
            var entries = await ledger.SearchAsync(new AuditSearch(Action: "sensing.cap-", ObjectType: "cap-alert", ObjectId: created.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken);
            var entry = Assert.Single(entries.Items);
            Assert.Equal("sensing.cap-received", entry.Action);
            Assert.StartsWith("gateway:", entry.Actor, StringComparison.Ordinal);
            Assert.Contains(tag, entry.Details, StringComparison.Ordinal);
        }

        using (var badKey = new HttpRequestMessage(HttpMethod.Post, "/api/cap/alerts") { Content = CapExamples.Content(CapExamples.Minimal(CapExamples.Tag())) })
        {
            badKey.Headers.Add("X-Api-Key", "not-a-key");
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(badKey)).StatusCode);
        }

        // Reading is for staff.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cap/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await apps.ClientAs(db, "citizen")).GetAsync("/api/cap/alerts")).StatusCode);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EveryIngestIsInTheAuditLedger(Db db)
    {
        var client = await apps.ClientAs(db, "dispatcher");
        var tag = CapExamples.Tag();
        var xml = CapExamples.Content(CapExamples.Minimal(tag));
        var id = (await CapExamples.Json(await client.PostAsync("/api/cap/alerts", xml), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await CapExamples.Json(await client.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(tag))), HttpStatusCode.OK);

        using var scope = apps.Get(db).Services.CreateScope();
        var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
        var entries = await ledger.SearchAsync(new AuditSearch(Action: "sensing.cap-", ObjectType: "cap-alert", ObjectId: id.ToString(System.Globalization.CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken);
        Assert.Equal(["sensing.cap-duplicate", "sensing.cap-received"], entries.Items.Select(e => e.Action).Order(StringComparer.Ordinal));
        Assert.All(entries.Items, e => Assert.Equal("dispatcher", e.Actor));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AlertsAreFoundByEventSeverityStatusTimeAndArea(Db db)
    {
        var client = await apps.ClientAs(db, "dispatcher");
        var tag = CapExamples.Tag();
        var now = DateTimeOffset.UtcNow;
        string Sent(int hoursAgo) => CapWriter.Time(now.AddHours(-hoursAgo));
        var severe = await Post(client, CapExamples.Minimal(tag + "-a", sent: Sent(30), @event: "Flood " + tag, severity: "Severe"));
        var minor = await Post(client, CapExamples.Minimal(tag + "-b", sent: Sent(2), @event: "Flood " + tag, severity: "Minor"));
        var other = await Post(client, CapExamples.Minimal(tag + "-c", sent: Sent(1), @event: "Typhoon " + tag, severity: "Severe").Replace("<value>310101</value>", "<value>310115</value>", StringComparison.Ordinal));

        async Task<long[]> Find(string query)
        {
            var list = await CapExamples.Json(await client.GetAsync("/api/cap/alerts?" + query), HttpStatusCode.OK);
            return list.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Where(i => i == severe || i == minor || i == other).ToArray();
        }

        var flood = Uri.EscapeDataString("FLOOD " + tag.ToLowerInvariant());
        Assert.Equal([minor, severe], await Find($"event={flood}"));
        Assert.Equal([severe], await Find($"event={flood}&severity=severe"));
        Assert.Equal([other, severe], await Find($"severity=Severe&take=500&since={Uri.EscapeDataString(CapWriter.Time(now.AddDays(-2)))}"));
        Assert.Equal([other, minor], await Find($"since={Uri.EscapeDataString(CapWriter.Time(now.AddHours(-3)))}&take=500"));
        Assert.Equal([other], await Find($"geocode=310115&event={Uri.EscapeDataString("typhoon " + tag)}"));
        Assert.Equal([other, minor, severe], await Find($"status=actual&msgType=Alert&origin=ingested&take=500&since={Uri.EscapeDataString(CapWriter.Time(now.AddDays(-2)))}"));
        Assert.Empty(await Find($"status=Exercise&event={flood}"));

        var bad = await CapExamples.Errors(await client.GetAsync("/api/cap/alerts?severity=awful&status=real&msgType=x&since=yesterday&origin=elsewhere"));
        Assert.Equal(["msgType", "origin", "severity", "since", "status"], bad.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/cap/alerts/999999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/cap/alerts/999999999/xml")).StatusCode);
    }

    private static async Task<long> Post(HttpClient client, string xml) =>
        (await CapExamples.Json(await client.PostAsync("/api/cap/alerts", CapExamples.Content(xml)), HttpStatusCode.Created)).GetProperty("id").GetInt64();

    /// <summary>
    /// Checks Environment Canada's enveloped signature. NAADS signed the message after it with a signature that covers the
    /// message without either signature, so NAADS' is taken out first (as a CAP-CP consumer does to check the originator).
    /// </summary>
    private static bool EnvironmentCanadaSignatureVerifies(byte[] bytes)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            doc.Load(reader);
        }

        var signatures = doc.GetElementsByTagName("Signature", CapSchema.XmlDsig).Cast<XmlElement>().ToList();
        var naads = signatures.Single(s => s.GetAttribute("Id") == "NAADS Signature");
        var ec = signatures.Single(s => s.GetAttribute("Id") == "Environment Canada");
        naads.ParentNode!.RemoveChild(naads);
        var signed = new SignedXml(doc);
        signed.LoadXml(ec);
        return signed.CheckSignature();
    }
}

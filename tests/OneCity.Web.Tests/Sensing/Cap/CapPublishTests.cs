using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Cap;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Sensing.Cap;

/// <summary>OneCity's own warnings over HTTP on both databases: issued as valid CAP 1.2, in the Atom feed, updated and cancelled.</summary>
public sealed class CapPublishTests(Apps apps)
{
    private static readonly XNamespace C = CapSchema.Cap12;
    private static readonly XNamespace A = "http://www.w3.org/2005/Atom";

    private static object Warning(string tag, DateTimeOffset expires, params string[] districts) => new
    {
        eventZh = "暴雨",
        eventEn = "Rainstorm " + tag,
        category = "met",
        severity = "severe",
        urgency = "Expected",
        certainty = "Likely",
        responseType = "Prepare",
        headlineZh = $"上海市暴雨橙色预警 {tag}",
        headlineEn = $"Orange rainstorm warning {tag}",
        descriptionZh = "预计未来6小时内本市将出现50毫米以上降水。",
        descriptionEn = "More than 50 mm of rain is expected within 6 hours.",
        instructionZh = "请避免前往低洼地区。",
        instructionEn = "Stay away from low-lying areas.",
        districts,
        expires,
        status = "Exercise",
    };

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AWarningIsValidCapInTheFeedAndItsUpdateAndCancelReferenceIt(Db db)
    {
        var commander = await apps.ClientAs(db, "commander");
        var anonymous = apps.Client(db);
        var tag = CapExamples.Tag();
        var expires = DateTimeOffset.UtcNow.AddHours(6);

        // Issue: Huangpu and Xuhui (real boundaries) and a subdistrict of Huangpu (synthetic: geocode only).
        var response = await commander.PostAsJsonAsync("/api/cap/warnings", Warning(tag, expires, "310101", "310104", "310101002"));
        var issued = await CapExamples.Json(response, HttpStatusCode.Created);
        var id = issued.GetProperty("id").GetInt64();
        Assert.Equal($"/api/cap/alerts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("published", "1.2", "Alert", "Exercise", "Public"),
            (issued.GetProperty("origin").GetString(), issued.GetProperty("version").GetString(), issued.GetProperty("msgType").GetString(),
             issued.GetProperty("status").GetString(), issued.GetProperty("scope").GetString()));
        Assert.Equal("onecity@shanghai.gov.cn", issued.GetProperty("sender").GetString());
        var identifier = issued.GetProperty("identifier").GetString()!;
        Assert.Equal(identifier, issued.GetProperty("thread").GetString());
        Assert.Equal(JsonValueKind.Null, issued.GetProperty("references").ValueKind);
        var infos = issued.GetProperty("infos").EnumerateArray().ToList();
        Assert.Equal(["zh-CN", "en-US"], infos.Select(i => i.GetProperty("language").GetString()));
        Assert.Equal(["暴雨", "Rainstorm " + tag], infos.Select(i => i.GetProperty("event").GetString()));
        Assert.All(infos, i => Assert.Equal(("Severe", "Expected", "Likely"), (i.GetProperty("severity").GetString(), i.GetProperty("urgency").GetString(), i.GetProperty("certainty").GetString())));
        Assert.All(infos, i => Assert.Equal(["Met"], i.GetProperty("categories").EnumerateArray().Select(c => c.GetString())));
        Assert.Equal(["黄浦区", "徐汇区"], infos[0].GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("areaDesc").GetString()).Take(2));
        Assert.Equal(["Huangpu District", "Xuhui District"], infos[1].GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("areaDesc").GetString()).Take(2));
        Assert.Equal([true, true, false], infos[0].GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("hasPolygon").GetBoolean()));
        Assert.Equal(["GB/T 2260:310101", "GB/T 2260:310104", "GB/T 10114:310101002"], infos[0].GetProperty("areas").EnumerateArray()
            .Select(a => string.Join(",", a.GetProperty("geocodes").EnumerateArray().Select(g => g.GetProperty("valueName").GetString() + ":" + g.GetProperty("value").GetString()))));

        // The public CAP XML: anonymous, valid against the OASIS schema, the same bytes staff see.
        var publicUrl = issued.GetProperty("publicUrl").GetString()!;
        Assert.Equal($"/cap/alerts/{identifier}.xml", publicUrl);
        var first = await PublicCap(anonymous, publicUrl);
        Assert.Equal(first.Bytes, await commander.GetByteArrayAsync($"/api/cap/alerts/{id}/xml"));
        var alert = first.Doc.Root!;
        Assert.Equal(identifier, alert.Element(C + "identifier")!.Value);
        Assert.Equal("onecity@shanghai.gov.cn", alert.Element(C + "sender")!.Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$", alert.Element(C + "sent")!.Value);
        Assert.Equal(issued.GetProperty("sent").GetString(), alert.Element(C + "sent")!.Value);
        var zh = alert.Elements(C + "info").First();
        Assert.Equal(["language", "category", "event", "responseType", "urgency", "severity", "certainty", "effective", "expires", "senderName", "headline", "description", "instruction", "web", "area", "area", "area"],
            zh.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(CapWriter.Time(expires), zh.Element(C + "expires")!.Value);
        Assert.EndsWith(publicUrl, zh.Element(C + "web")!.Value, StringComparison.Ordinal);
        var huangpu = zh.Elements(C + "area").First();
        var polygon = Assert.Single(huangpu.Elements(C + "polygon")).Value.Split(' ');
        Assert.InRange(polygon.Length, 4, CapPolygons.MaxVertices + 1);
        Assert.Equal(polygon[0], polygon[^1]);
        Assert.All(polygon, pair =>
        {
            var latLon = pair.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(latLon[0], 31.18, 31.26);
            Assert.InRange(latLon[1], 121.44, 121.53);
        });

        // No personal data: not who issued it.
        foreach (var text in new[] { first.Text })
        {
            Assert.DoesNotContain("commander", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("赵强", text, StringComparison.Ordinal);
        }

        var feed = await Feed(anonymous);
        Assert.Contains(EntryUrls(feed), u => u.EndsWith(publicUrl, StringComparison.Ordinal));

        // Update through the first message: only the severity and the end change; references name the first message.
        var later = DateTimeOffset.UtcNow.AddHours(12);
        var updated = await CapExamples.Json(await commander.PostAsJsonAsync($"/api/cap/warnings/{id}/update", new { severity = "Extreme", expires = later }), HttpStatusCode.Created);
        var updatedId = updated.GetProperty("id").GetInt64();
        Assert.Equal(("Update", identifier), (updated.GetProperty("msgType").GetString(), updated.GetProperty("thread").GetString()));
        Assert.Equal($"onecity@shanghai.gov.cn,{identifier},{issued.GetProperty("sent").GetString()}", updated.GetProperty("references").GetString());
        Assert.All(updated.GetProperty("infos").EnumerateArray(), i => Assert.Equal("Extreme", i.GetProperty("severity").GetString()));
        Assert.Equal($"上海市暴雨橙色预警 {tag}", updated.GetProperty("infos")[0].GetProperty("headline").GetString());
        var second = await PublicCap(anonymous, updated.GetProperty("publicUrl").GetString()!);
        Assert.Equal(CapWriter.Time(later), second.Doc.Root!.Elements(C + "info").First().Element(C + "expires")!.Value);
        Assert.Equal(updatedId, (await CapExamples.Json(await commander.GetAsync($"/api/cap/alerts/{id}"), HttpStatusCode.OK)).GetProperty("supersededBy").GetInt64());

        feed = await Feed(anonymous);
        Assert.Contains(EntryUrls(feed), u => u.EndsWith(updated.GetProperty("publicUrl").GetString()!, StringComparison.Ordinal));
        Assert.DoesNotContain(EntryUrls(feed), u => u.EndsWith(publicUrl, StringComparison.Ordinal));

        // Cancel through the update: references name both earlier messages.
        var cancelled = await CapExamples.Json(await commander.PostAsJsonAsync($"/api/cap/warnings/{updatedId}/cancel", new { reasonZh = "降雨减弱", reasonEn = "The rain has eased" }), HttpStatusCode.Created);
        Assert.Equal("Cancel", cancelled.GetProperty("msgType").GetString());
        Assert.Equal($"onecity@shanghai.gov.cn,{identifier},{issued.GetProperty("sent").GetString()} onecity@shanghai.gov.cn,{updated.GetProperty("identifier").GetString()},{updated.GetProperty("sent").GetString()}",
            cancelled.GetProperty("references").GetString());
        var third = await PublicCap(anonymous, cancelled.GetProperty("publicUrl").GetString()!);
        Assert.Equal("降雨减弱 / The rain has eased", third.Doc.Root!.Element(C + "note")!.Value);
        Assert.All(third.Doc.Root.Elements(C + "info"), i => Assert.Equal(("AllClear", "Past"), (i.Element(C + "responseType")!.Value, i.Element(C + "urgency")!.Value)));
        Assert.Equal("The rain has eased", third.Doc.Root.Elements(C + "info").Last().Element(C + "description")!.Value);

        // A cancelled warning cannot change again; its messages stay readable.
        Assert.Equal(HttpStatusCode.Conflict, (await commander.PostAsJsonAsync($"/api/cap/warnings/{id}/update", new { severity = "Minor" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await commander.PostAsync($"/api/cap/warnings/{id}/cancel", null)).StatusCode);
        Assert.Equal(first.Bytes, (await PublicCap(anonymous, publicUrl)).Bytes);

        // The feed: the cancel is there, after every warning still in force.
        feed = await Feed(anonymous);
        var entries = feed.Root!.Elements(A + "entry").ToList();
        var entry = entries.Single(e => Link(e).EndsWith(cancelled.GetProperty("publicUrl").GetString()!, StringComparison.Ordinal));
        Assert.Equal("Cancel", entry.Element(C + "msgType")!.Value);
        Assert.Equal("Rainstorm " + tag, entry.Element(A + "category")!.Attribute("term")!.Value);
        var inForce = entries.Select(e => e.Element(A + "summary")!.Value.Contains("in force", StringComparison.Ordinal)).ToList();
        Assert.True(inForce.IndexOf(false) < 0 || inForce.LastIndexOf(true) < inForce.IndexOf(false), "warnings in force come first");
        Assert.DoesNotContain("commander", feed.ToString(), StringComparison.OrdinalIgnoreCase);

        using var scope = apps.Get(db).Services.CreateScope();
        var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
        foreach (var (action, alertId) in new[] { ("sensing.cap-warning-issued", id), ("sensing.cap-warning-updated", updatedId), ("sensing.cap-warning-cancelled", cancelled.GetProperty("id").GetInt64()) })
        {
            var e = Assert.Single((await ledger.SearchAsync(new AuditSearch(Action: action, ObjectId: alertId.ToString(CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken)).Items);
            Assert.Equal("commander", e.Actor);
        }
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyCommandersAndAdministratorsIssueWarnings(Db db)
    {
        var tag = CapExamples.Tag();
        var body = Warning(tag, DateTimeOffset.UtcNow.AddHours(1), "310101");
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).PostAsJsonAsync("/api/cap/warnings", body)).StatusCode);
        foreach (var role in new[] { "dispatcher", "citizen", "auditor" })
        {
            var client = await apps.ClientAs(db, role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/cap/warnings", body)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/cap/warnings/1/cancel", null)).StatusCode);
        }

        var admin = await apps.ClientAs(db, "admin");
        var issued = await CapExamples.Json(await admin.PostAsJsonAsync("/api/cap/warnings", body), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/cap/warnings/{issued.GetProperty("id").GetInt64()}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/cap/warnings/999999999/update", new { severity = "Minor" })).StatusCode);

        // An ingested alert is not OneCity's to update.
        var ingested = await CapExamples.Json(await admin.PostAsync("/api/cap/alerts", CapExamples.Content(CapExamples.Minimal(tag))), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/cap/warnings/{ingested.GetProperty("id").GetInt64()}/update", new { severity = "Minor" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apps.Client(db).GetAsync($"/cap/alerts/{tag}.xml")).StatusCode);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AWarningNeedsItsFieldsAndKnownAreas(Db db)
    {
        var commander = await apps.ClientAs(db, "commander");
        var empty = await CapExamples.Errors(await commander.PostAsJsonAsync("/api/cap/warnings", new { }));
        Assert.Equal(["certainty", "descriptionEn", "descriptionZh", "districts", "eventEn", "eventZh", "expires", "headlineEn", "headlineZh", "severity", "urgency"],
            empty.Keys.Order(StringComparer.Ordinal));

        var bad = await CapExamples.Errors(await commander.PostAsJsonAsync("/api/cap/warnings", new
        {
            eventZh = "暴雨", eventEn = "Rainstorm", severity = "Catastrophic", urgency = "Now", certainty = "Sure", category = "Weather", status = "Test",
            headlineZh = new string('长', 161), headlineEn = "Bell \u0007", descriptionZh = "x", descriptionEn = "x", districts = new[] { "310101", "999999", "310101002001" },
            expires = DateTimeOffset.UtcNow.AddMinutes(-1), web = "ftp://example.org/",
        }));
        Assert.Equal(["category", "certainty", "districts", "expires", "headlineEn", "headlineZh", "severity", "status", "urgency", "web"], bad.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, bad["districts"].Length);
        Assert.Contains("Extreme", bad["severity"][0], StringComparison.Ordinal);

        // A district commander could only warn their own district: the demo's district dispatcher is not a commander,
        // so this is checked in-process with a Huangpu-only actor.
        using var scope = apps.Get(db).Services.CreateScope();
        var publisher = scope.ServiceProvider.GetRequiredService<CapPublisher>();
        var huangpu = new CurrentUser("test", "commander-hp", "test", [Roles.Commander], null, "310101", null);
        var input = new WarningInput("暴雨", "Rainstorm", "Met", "Severe", "Expected", "Likely", null, "标题", "Headline", "描述", "Description",
            Districts: ["310104"], Expires: DateTimeOffset.UtcNow.AddHours(1));
        var outside = await publisher.IssueAsync(huangpu, input, null, TestContext.Current.CancellationToken);
        Assert.Null(outside.Alert);
        Assert.Contains("310104", outside.Forbidden, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EmergencyPlansCanIssueWarningsInProcess(Db db)
    {
        var app = apps.Get(db);
        var tag = CapExamples.Tag();
        CapAlert alert;
        using (var scope = app.Services.CreateScope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<CapPublisher>();
            var result = await publisher.IssueAsync(CurrentUser.System, new WarningInput(
                "台风", "Typhoon " + tag, "Met", "Extreme", "Immediate", "Observed", "Shelter", "台风红色预警", "Red typhoon warning", "台风将于今晚登陆。", "The typhoon makes landfall tonight.",
                Districts: ["310000"], Expires: DateTimeOffset.UtcNow.AddHours(24)), null, TestContext.Current.CancellationToken);
            alert = result.Alert!;
        }

        Assert.Equal(("Alert", "Actual"), (alert.MsgType, alert.Status));
        var cap = await PublicCap(apps.Client(db), CapQueries.PublicPath(alert));
        var info = cap.Doc.Root!.Elements(C + "info").First();
        Assert.Null(info.Element(C + "web"));
        var area = Assert.Single(info.Elements(C + "area"));
        Assert.Equal("上海市", area.Element(C + "areaDesc")!.Value);
        Assert.NotEmpty(area.Elements(C + "polygon"));
        Assert.All(area.Elements(C + "polygon"), p => Assert.InRange(p.Value.Split(' ').Length, 4, CapPolygons.MaxVertices + 1));
        Assert.Contains(EntryUrls(await Feed(apps.Client(db))), u => u.EndsWith(CapQueries.PublicPath(alert), StringComparison.Ordinal));

        var staff = await apps.ClientAs(db, "dispatcher");
        var found = await CapExamples.Json(await staff.GetAsync($"/api/cap/alerts?origin=published&event={Uri.EscapeDataString("typhoon " + tag)}&severity=extreme&geocode=310000"), HttpStatusCode.OK);
        Assert.Equal(alert.Id, Assert.Single(found.EnumerateArray()).GetProperty("id").GetInt64());
    }

    private static async Task<(byte[] Bytes, string Text, XDocument Doc)> PublicCap(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} GET {path}");
        Assert.Equal("application/cap+xml", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var errors = SchemaErrors(bytes);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        return (bytes, text, XDocument.Parse(text));
    }

    private static async Task<XDocument> Feed(HttpClient client)
    {
        var response = await client.GetAsync("/cap/alerts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(A + "feed", feed.Root!.Name);
        foreach (var required in new[] { "id", "title", "updated", "author" })
        {
            Assert.NotNull(feed.Root.Element(A + required));
        }

        Assert.All(feed.Root.Elements(A + "entry"), e =>
        {
            Assert.All(new[] { "id", "title", "updated", "summary" }, n => Assert.False(string.IsNullOrEmpty(e.Element(A + n)?.Value)));
            Assert.Equal("application/cap+xml", e.Elements(A + "link").Single(l => l.Attribute("rel")?.Value == "alternate").Attribute("type")!.Value);
        });
        return feed;
    }

    private static string Link(XElement entry) => entry.Elements(A + "link").Single(l => l.Attribute("rel")?.Value == "alternate").Attribute("href")!.Value;

    private static List<string> EntryUrls(XDocument feed) => feed.Root!.Elements(A + "entry").Select(Link).ToList();

    /// <summary>Validation independent of <see cref="CapSchema"/>: a validating XmlReader over the embedded OASIS CAP 1.2 schema, warnings included.</summary>
    private static List<string> SchemaErrors(byte[] bytes)
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using (var xsd = typeof(CapSchema).Assembly.GetManifestResourceStream("OneCity.Sensing.Cap.Schemas.CAP-v1.2.xsd")!)
        {
            set.Add(CapSchema.Cap12, XmlReader.Create(xsd, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, ValidationType = ValidationType.Schema, Schemas = set };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps.Open311;

/// <summary>Open311 GeoReport v2 over HTTP on both databases: every endpoint in XML and JSON, filters, errors, privacy.</summary>
public sealed class Open311ConformanceTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task DiscoveryNamesTheGeoReportEndpointAndItsFormats(Db db)
    {
        var client = apps.Client(db);

        var json = await O311.Json(await client.GetAsync("/open311/v2/discovery.json"));
        Assert.Equal(["changeset", "contact", "key_service", "endpoints"], json.EnumerateObject().Select(p => p.Name));
        O311.W3c(json.GetProperty("changeset").GetString());
        var endpoint = Assert.Single(json.GetProperty("endpoints").EnumerateArray());
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.GetProperty("specification").GetString());
        Assert.EndsWith("/open311/v2/", endpoint.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(["text/xml", "application/json"], endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()!));

        var xml = await O311.Xml(await client.GetAsync("/open311/v2/discovery.xml"));
        Assert.Equal("discovery", xml.Root!.Name.LocalName);
        Assert.Equal(["changeset", "contact", "key_service", "endpoints"], xml.Root.Elements().Select(e => e.Name.LocalName));
        var e = Assert.Single(xml.Root.Element("endpoints")!.Elements());
        Assert.Equal("endpoint", e.Name.LocalName);
        Assert.Equal(["specification", "url", "changeset", "type", "formats"], e.Elements().Select(x => x.Name.LocalName));
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", e.Element("specification")!.Value);
        Assert.Equal(["text/xml", "application/json"], e.Element("formats")!.Elements("format").Select(f => f.Value));
        O311.W3c(e.Element("changeset")!.Value);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheServiceListIsTheLeafCategoriesInBothFormats(Db db)
    {
        var app = apps.Get(db);
        var client = apps.Client(db);
        var tree = app.Services.GetRequiredService<CategoryTree>();

        var json = await O311.Json(await client.GetAsync("/open311/v2/services.json?jurisdiction_id=shanghai"));
        var services = json.EnumerateArray().ToList();
        Assert.Equal(tree.Leaves.Select(c => c.Code), services.Select(s => s.GetProperty("service_code").GetString()!));
        Assert.All(services, s =>
        {
            Assert.Equal(O311.ServiceFields, s.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.False, s.GetProperty("metadata").ValueKind);
            Assert.Equal("realtime", s.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(s.GetProperty("service_name").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("group").GetString()));
        });
        var manhole = services.Single(s => s.GetProperty("service_code").GetString() == "0101");
        Assert.Equal("井盖", manhole.GetProperty("service_name").GetString());
        Assert.Equal("公用设施", manhole.GetProperty("group").GetString());
        Assert.StartsWith("公用设施 / 井盖", manhole.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("Manhole cover", manhole.GetProperty("keywords").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(services, s => s.GetProperty("service_code").GetString() == "01");

        // An empty jurisdiction_id is an absent one; any other jurisdiction is not found.
        var xml = await O311.Xml(await client.GetAsync("/open311/v2/services.xml?jurisdiction_id="));
        Assert.Equal("services", xml.Root!.Name.LocalName);
        var elements = xml.Root.Elements().ToList();
        Assert.Equal(services.Count, elements.Count);
        Assert.All(elements, s =>
        {
            Assert.Equal("service", s.Name.LocalName);
            Assert.Equal(O311.ServiceFields, s.Elements().Select(x => x.Name.LocalName));
            Assert.Equal("false", s.Element("metadata")!.Value);
        });
        Assert.Equal("井盖", elements.Single(s => s.Element("service_code")!.Value == "0101").Element("service_name")!.Value);

        Assert.Contains("sfgov.org", await O311.JsonError(await client.GetAsync("/open311/v2/services.json?jurisdiction_id=sfgov.org"), HttpStatusCode.NotFound), StringComparison.Ordinal);
        await O311.XmlError(await client.GetAsync("/open311/v2/services.xml?jurisdiction_id=sfgov.org"), HttpStatusCode.NotFound);
        Assert.Contains("format", await O311.XmlError(await client.GetAsync("/open311/v2/services.html"), HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AServiceDefinitionHasNoAttributesAndUnknownServicesAreNotFound(Db db)
    {
        var client = apps.Client(db);

        var json = await O311.Json(await client.GetAsync("/open311/v2/services/0101.json?jurisdiction_id=shanghai"));
        Assert.Equal(["service_code", "attributes"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0101", json.GetProperty("service_code").GetString());
        Assert.Equal(0, json.GetProperty("attributes").GetArrayLength());

        var xml = await O311.Xml(await client.GetAsync("/open311/v2/services/0101.xml"));
        Assert.Equal("service_definition", xml.Root!.Name.LocalName);
        Assert.Equal(["service_code", "attributes"], xml.Root.Elements().Select(e => e.Name.LocalName));
        Assert.Empty(xml.Root.Element("attributes")!.Elements());

        // A first-level category is not a service; neither is a made-up code.
        Assert.Contains("9999", await O311.JsonError(await client.GetAsync("/open311/v2/services/9999.json"), HttpStatusCode.NotFound), StringComparison.Ordinal);
        await O311.XmlError(await client.GetAsync("/open311/v2/services/01.xml"), HttpStatusCode.NotFound);
        await O311.JsonError(await client.GetAsync("/open311/v2/services/0101.json?jurisdiction_id=nyc.gov"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task APostedRequestIsTrackedByIdTokenAndListInBothFormats(Db db)
    {
        var app = apps.Get(db);
        var client = apps.Client(db);
        var tag = O311.Tag();
        var (lon, lat) = O311.Point(app);
        var text = $"Open311 {tag}：人行道上的井盖松动，踩上去会翻，请尽快修复";
        var media = $"https://media.example.org/{tag}.jpg";

        // JSON answer: the id, the token, a notice quoting the incident number, no account.
        var posted = await O311.Json(await client.PostAsync("/open311/v2/requests.json", O311.Form(
            ("api_key", O311.DemoKey), ("jurisdiction_id", "shanghai"), ("service_code", "0101"),
            ("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            ("address_string", $"湖南路 {tag} 号门口"), ("description", text), ("media_url", media), ("device_id", "dev-" + tag), ("account_id", "acct-" + tag))),
            HttpStatusCode.Created);
        var answer = Assert.Single(posted.EnumerateArray());
        Assert.Equal(["service_request_id", "token", "service_notice", "account_id"], answer.EnumerateObject().Select(p => p.Name));
        var id = answer.GetProperty("service_request_id").GetString()!;
        Assert.True(long.TryParse(id, out _), id);
        var token = answer.GetProperty("token").GetString()!;
        Assert.Contains("案件编号", answer.GetProperty("service_notice").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("account_id").ValueKind);

        // XML answer to a second request (address only).
        var response = await client.PostAsync("/open311/v2/requests.xml", O311.Form(
            ("api_key", O311.DemoKey), ("service_code", "0102"), ("address_string", $"湖南路 {tag} 号对面"), ("description", $"Open311 {tag}：路灯白天一直亮着")));
        var xmlPosted = await O311.Xml(response, HttpStatusCode.Created);
        Assert.Equal("service_requests", xmlPosted.Root!.Name.LocalName);
        var request = Assert.Single(xmlPosted.Root.Elements());
        Assert.Equal("request", request.Name.LocalName);
        Assert.Equal(["service_request_id", "token", "service_notice", "account_id"], request.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("", request.Element("account_id")!.Value);
        var id2 = request.Element("service_request_id")!.Value;
        Assert.Equal($"/open311/v2/requests/{id2}.xml", response.Headers.Location?.OriginalString);

        // GET requests/{id}.json: every field of the spec, in its order.
        var one = await O311.One(client, id);
        Assert.Equal(O311.RequestFields, one.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, one.GetProperty("service_request_id").GetString());
        Assert.Equal("open", one.GetProperty("status").GetString());
        Assert.Equal("0101", one.GetProperty("service_code").GetString());
        Assert.Equal("井盖", one.GetProperty("service_name").GetString());
        Assert.Equal(text, one.GetProperty("description").GetString());
        Assert.Equal(media, one.GetProperty("media_url").GetString());
        Assert.Equal($"湖南路 {tag} 号门口", one.GetProperty("address").GetString());
        Assert.Equal(lat, one.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(lon, one.GetProperty("long").GetDouble(), 6);
        var requested = O311.W3c(one.GetProperty("requested_datetime").GetString());
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - requested).TotalMinutes) < 10, requested.ToString());
        O311.W3c(one.GetProperty("updated_datetime").GetString());
        Assert.True(O311.W3c(one.GetProperty("expected_datetime").GetString()) > requested);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("address_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("zipcode").ValueKind);
        Assert.Contains("案件编号", one.GetProperty("service_notice").GetString(), StringComparison.Ordinal);

        // GET requests/{id}.xml: the same fields as elements.
        var xml = await O311.Xml(await client.GetAsync($"/open311/v2/requests/{id}.xml?jurisdiction_id=shanghai"));
        Assert.Equal("service_requests", xml.Root!.Name.LocalName);
        var element = Assert.Single(xml.Root.Elements("request"));
        Assert.Equal(O311.RequestFields, element.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(text, element.Element("description")!.Value);
        Assert.Equal("open", element.Element("status")!.Value);
        Assert.Equal(lat, double.Parse(element.Element("lat")!.Value, System.Globalization.CultureInfo.InvariantCulture), 6);
        O311.W3c(element.Element("requested_datetime")!.Value);

        // Tokens lead to the id, in both formats.
        var fromToken = Assert.Single((await O311.Json(await client.GetAsync($"/open311/v2/tokens/{token}.json"))).EnumerateArray());
        Assert.Equal(["service_request_id", "token"], fromToken.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, fromToken.GetProperty("service_request_id").GetString());
        Assert.Equal(token, fromToken.GetProperty("token").GetString());
        var tokenXml = await O311.Xml(await client.GetAsync($"/open311/v2/tokens/{token}.xml?jurisdiction_id=shanghai"));
        Assert.Equal("service_requests", tokenXml.Root!.Name.LocalName);
        Assert.Equal(["service_request_id", "token"], Assert.Single(tokenXml.Root.Elements("request")).Elements().Select(e => e.Name.LocalName));
        Assert.Equal(id, tokenXml.Root.Element("request")!.Element("service_request_id")!.Value);

        // Both are in the default list (the last 90 days) and in a list by ids, in both formats.
        var list = await O311.Json(await client.GetAsync("/open311/v2/requests.json"));
        Assert.InRange(list.GetArrayLength(), 2, 1000);
        Assert.Contains(id, O311.Ids(list));
        Assert.Contains(id2, O311.Ids(list));
        Assert.All(list.EnumerateArray(), r => Assert.Equal(O311.RequestFields, r.EnumerateObject().Select(p => p.Name)));
        var byIds = await O311.Xml(await client.GetAsync($"/open311/v2/requests.xml?service_request_id={id},{id2}&jurisdiction_id=shanghai"));
        Assert.Equal("service_requests", byIds.Root!.Name.LocalName);
        Assert.Equal(new[] { id, id2 }.Order(), O311.Ids(byIds).Order());
        Assert.All(byIds.Root.Elements(), r => Assert.Equal(O311.RequestFields, r.Elements().Select(x => x.Name.LocalName)));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AJsonBodyIsAcceptedTooAndAMissingDescriptionIsFilledIn(Db db)
    {
        var app = apps.Get(db);
        var client = apps.Client(db);
        var (lon, lat) = O311.Point(app);
        var posted = await O311.Json(await client.PostAsJsonAsync("/open311/v2/requests.json", new
        {
            api_key = O311.DemoKey, service_code = "0103", lat, @long = lon, jurisdiction_id = "shanghai",
        }), HttpStatusCode.Created);
        var id = Assert.Single(posted.EnumerateArray()).GetProperty("service_request_id").GetString()!;
        var one = await O311.One(client, id);
        Assert.Equal("0103", one.GetProperty("service_code").GetString());
        Assert.Contains("消防栓", one.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("media_url").ValueKind);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("address").ValueKind);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task FiltersSelectByIdsCodeStatusAndDates(Db db)
    {
        var app = apps.Get(db);
        var client = apps.Client(db);
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var tag = O311.Tag();
        var since = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (lon, lat) = O311.Point(app);

        // An open request, and one that waits in triage (no place anyone can find) and is refused: closed.
        var (open, _) = await O311.Post(client, ("service_code", "0104"), ("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            ("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("description", $"Open311 {tag}：电线杆上的电箱门开着"));
        var (closed, _) = await O311.Post(client, ("service_code", "0105"), ("address_string", $"无名地点 {tag}"), ("description", $"Open311 {tag}：通信箱倒在地上"));
        var number = await O311.IncidentNumber(app, closed);
        var refused = await Ops.Act(dispatcher, number, "refuse", new { reason = "invalid", text = $"经核实现场无此问题（{tag}）" });
        Assert.Equal("refused", Ops.Status(refused));

        var closedOne = await O311.One(client, closed);
        Assert.Equal("closed", closedOne.GetProperty("status").GetString());
        Assert.Contains($"经核实现场无此问题（{tag}）", closedOne.GetProperty("status_notes").GetString(), StringComparison.Ordinal);
        Assert.Equal("open", (await O311.One(client, open)).GetProperty("status").GetString());

        var start = Uri.EscapeDataString(since.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
        // Only these two requests matter: other tests' requests may be in the same lists.
        async Task<List<string>> Json(string query) => O311.Ids(await O311.Json(await client.GetAsync("/open311/v2/requests.json?" + query)))
            .Where(i => i == open || i == closed).Order().ToList();
        async Task<List<string>> Xml(string query) => O311.Ids(await O311.Xml(await client.GetAsync("/open311/v2/requests.xml?" + query)))
            .Where(i => i == open || i == closed).Order().ToList();
        var both = new[] { open, closed }.Order().ToList();

        Assert.Equal(both, await Json($"start_date={start}&service_code=0104,0105"));
        Assert.Equal([closed], await Json($"start_date={start}&service_code=0104,0105&status=closed"));
        Assert.Equal([open], await Xml($"start_date={start}&service_code=0104&service_code=0105&status=open"));
        Assert.Equal(both, await Json($"start_date={start}&status=open,closed&service_code=0104,0105"));
        Assert.Equal([closed], await Xml($"start_date={start}&service_code=0105"));

        // service_request_id overrides every other argument.
        Assert.Equal(both, await Json($"service_request_id={open},{closed}&status=closed&service_code=0101&start_date=2001-01-01T00:00:00Z&end_date=2001-01-02T00:00:00Z"));

        // Dates: an unencoded '+' (a space once decoded), Z, a bare date; ranges after or before the requests find nothing.
        var plain = since.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        Assert.Equal(both, await Json($"start_date={plain}&service_code=0104,0105"));
        Assert.Equal(both, await Json($"start_date={since.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}Z&end_date={DateTimeOffset.UtcNow.AddMinutes(5).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}Z"));
        Assert.Equal(both, await Xml($"start_date={since.ToOffset(TimeSpan.FromHours(8)).AddDays(-1):yyyy-MM-dd}"));
        Assert.Empty(await Json($"start_date={DateTimeOffset.UtcNow.AddHours(1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}Z"));
        Assert.Empty(await Xml($"end_date={since.AddHours(-1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff}Z"));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task PublicAnswersCarryNoPersonalData(Db db)
    {
        var app = apps.Get(db);
        var client = apps.Client(db);
        var tag = O311.Tag();
        var (lon, lat) = O311.Point(app);
        var first = "Fn" + tag;
        var last = "Ln" + tag;
        var phone = O311.Mobile();
        var email = $"o311-{tag}@example.org";
        var (id, token) = await O311.Post(client, ("service_code", "0201"), ("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            ("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("description", $"Open311 {tag}：红绿灯不亮了"),
            ("first_name", first), ("last_name", last), ("phone", phone), ("email", email), ("device_id", "dev-" + tag), ("account_id", "acct-" + tag));

        // A hotline caller's name and phone, and a phone number typed into the text, stay private too.
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var callerPhone = O311.Mobile();
        var typedPhone = O311.Mobile();
        var hotline = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new
        {
            text = $"来电 {tag}：路口交通标志被撞倒，联系电话 {typedPhone}", categoryCode = "0202", callerName = "赵" + tag, callerPhone,
            longitude = lon + 0.002, latitude = lat, callId = "call-" + tag,
        }), HttpStatusCode.Created);
        var hotlineId = hotline.GetProperty("reportId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var start = DateTimeOffset.UtcNow.AddMinutes(-10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        string[] urls =
        [
            $"/open311/v2/requests/{id}.json", $"/open311/v2/requests/{id}.xml", $"/open311/v2/requests/{hotlineId}.json", $"/open311/v2/requests/{hotlineId}.xml",
            $"/open311/v2/requests.json?service_request_id={id},{hotlineId}", $"/open311/v2/requests.xml?service_request_id={id},{hotlineId}",
            "/open311/v2/requests.json", "/open311/v2/requests.xml", $"/open311/v2/requests.json?start_date={start}&service_code=0201,0202",
            $"/open311/v2/tokens/{token}.json", $"/open311/v2/tokens/{token}.xml",
        ];
        var seen = 0;
        foreach (var url in urls)
        {
            var body = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
            foreach (var secret in new[] { first, last, phone, email, "dev-" + tag, "acct-" + tag, "赵" + tag, callerPhone, typedPhone })
            {
                Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            }

            seen += body.Contains(tag, StringComparison.Ordinal) ? 1 : 0;
        }

        // The texts themselves are there (the lists do hold these requests), with the typed number masked.
        Assert.True(seen >= 8, $"{seen}");
        var hotlineRequest = await O311.One(client, hotlineId);
        Assert.Contains(typedPhone[..3] + "****" + typedPhone[^4..], hotlineRequest.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadPostsAreRefusedInTheSpecErrorFormatAndNothingIsStored(Db db)
    {
        var app = apps.Get(db);
        var client = apps.Client(db);
        var tag = O311.Tag();
        var (lon, lat) = O311.Point(app);
        var la = lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var lo = lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var text = $"Open311 {tag}：不应保存的报告";

        // api_key: missing or wrong → 403, in either format.
        Assert.Contains("api_key", await O311.JsonError(await client.PostAsync("/open311/v2/requests.json",
            O311.Form(("service_code", "0101"), ("lat", la), ("long", lo), ("description", text))), HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Contains("api_key", await O311.XmlError(await client.PostAsync("/open311/v2/requests.xml",
            O311.Form(("api_key", "not-a-key"), ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text))), HttpStatusCode.Forbidden), StringComparison.Ordinal);

        async Task<string> Bad(HttpStatusCode status, params (string, string)[] fields)
        {
            var form = O311.Form([("api_key", O311.DemoKey), .. fields]);
            var json = await O311.JsonError(await client.PostAsync("/open311/v2/requests.json", form), status);
            await O311.XmlError(await client.PostAsync("/open311/v2/requests.xml", O311.Form([("api_key", O311.DemoKey), .. fields])), status);
            return json;
        }

        Assert.Contains("jurisdiction_id", await Bad(HttpStatusCode.NotFound, ("jurisdiction_id", "sfgov.org"), ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text)), StringComparison.Ordinal);
        Assert.Contains("service_code", await Bad(HttpStatusCode.BadRequest, ("lat", la), ("long", lo), ("description", text)), StringComparison.Ordinal);
        Assert.Contains("service_code 9999", await Bad(HttpStatusCode.NotFound, ("service_code", "9999"), ("lat", la), ("long", lo), ("description", text)), StringComparison.Ordinal);
        Assert.Contains("location", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("description", text)), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("address_id", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("address_id", "545483"), ("description", text)), StringComparison.Ordinal);
        Assert.Contains("together", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", la), ("description", text)), StringComparison.Ordinal);
        Assert.Contains("lat", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", "north"), ("long", lo), ("description", text)), StringComparison.Ordinal);
        Assert.StartsWith("lat:", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", "95"), ("long", lo), ("description", text)), StringComparison.Ordinal);
        Assert.StartsWith("phone:", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text), ("phone", "call me")), StringComparison.Ordinal);
        Assert.StartsWith("email:", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text), ("email", "nobody")), StringComparison.Ordinal);
        Assert.StartsWith("first_name/last_name:", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text), ("first_name", new string('x', 60))), StringComparison.Ordinal);
        Assert.StartsWith("address_string:", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("address_string", new string('路', 401)), ("description", text)), StringComparison.Ordinal);
        Assert.StartsWith("description:", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text + new string('坑', 2000))), StringComparison.Ordinal);
        Assert.Contains("media_url", await Bad(HttpStatusCode.BadRequest, ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text), ("media_url", "javascript:alert(1)")), StringComparison.Ordinal);

        // Several problems at once are several errors.
        var several = await O311.Json(await client.PostAsync("/open311/v2/requests.json", O311.Form(
            ("api_key", O311.DemoKey), ("service_code", "0101"), ("lat", la), ("long", lo), ("description", text), ("phone", "x"), ("email", "y"))), HttpStatusCode.BadRequest);
        Assert.Equal(2, several.GetArrayLength());

        // Bodies that are not a form or a JSON object.
        Assert.Contains("JSON", await O311.JsonError(await client.PostAsync("/open311/v2/requests.json",
            new StringContent("{\"api_key\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await O311.JsonError(await client.PostAsync("/open311/v2/requests.json", new StringContent("[1,2]", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains("x-www-form-urlencoded", await O311.XmlError(await client.PostAsync("/open311/v2/requests.xml",
            new StringContent("api_key=" + O311.DemoKey, System.Text.Encoding.UTF8, "text/plain")), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await O311.XmlError(await client.PostAsync("/open311/v2/requests.txt", O311.Form(("api_key", O311.DemoKey))), HttpStatusCode.BadRequest);

        // None of it was stored.
        using var scope = app.Services.CreateScope();
        var reports = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>().Set<Report>();
        Assert.False(await reports.AnyAsync(r => r.Text.Contains(tag)));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadQueriesAndUnknownResourcesAnswerInTheSpecErrorFormat(Db db)
    {
        var client = apps.Client(db);

        async Task<string> Bad(HttpStatusCode status, string resource, string query)
        {
            var json = await O311.JsonError(await client.GetAsync($"/open311/v2/{resource}.json?{query}"), status);
            await O311.XmlError(await client.GetAsync($"/open311/v2/{resource}.xml?{query}"), status);
            return json;
        }

        Assert.Contains("start_date", await Bad(HttpStatusCode.BadRequest, "requests", "start_date=yesterday"), StringComparison.Ordinal);
        Assert.Contains("time zone", await Bad(HttpStatusCode.BadRequest, "requests", "start_date=2026-01-01T00:00:00"), StringComparison.Ordinal);
        Assert.Contains("end_date", await Bad(HttpStatusCode.BadRequest, "requests", "end_date=2026-13-01T00:00:00Z"), StringComparison.Ordinal);
        Assert.Contains("90 days", await Bad(HttpStatusCode.BadRequest, "requests", "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"), StringComparison.Ordinal);
        Assert.Contains("later", await Bad(HttpStatusCode.BadRequest, "requests", "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z"), StringComparison.Ordinal);
        Assert.Contains("pending", await Bad(HttpStatusCode.BadRequest, "requests", "status=open,pending"), StringComparison.Ordinal);
        Assert.Contains("nope", await Bad(HttpStatusCode.BadRequest, "requests", "service_code=0101,nope"), StringComparison.Ordinal);
        Assert.Contains("abc", await Bad(HttpStatusCode.BadRequest, "requests", "service_request_id=1,abc"), StringComparison.Ordinal);
        Assert.Contains("jurisdiction_id", await Bad(HttpStatusCode.NotFound, "requests", "jurisdiction_id=toronto.ca"), StringComparison.Ordinal);
        var two = await O311.Json(await client.GetAsync("/open311/v2/requests.json?status=done&start_date=never"), HttpStatusCode.BadRequest);
        Assert.Equal(2, two.GetArrayLength());

        Assert.Contains("999999999", await Bad(HttpStatusCode.NotFound, "requests/999999999", ""), StringComparison.Ordinal);
        await Bad(HttpStatusCode.NotFound, "requests/abc", "");
        await Bad(HttpStatusCode.NotFound, "requests/1", "jurisdiction_id=elsewhere");
        Assert.Contains("token", await Bad(HttpStatusCode.NotFound, "tokens/0123456789abcdef", ""), StringComparison.Ordinal);
        await Bad(HttpStatusCode.NotFound, "tokens/x", "jurisdiction_id=elsewhere");

        // Unknown resources and formats.
        await O311.JsonError(await client.GetAsync("/open311/v2/nothing.json"), HttpStatusCode.NotFound);
        await O311.XmlError(await client.GetAsync("/open311/v2/requests"), HttpStatusCode.NotFound);
        await O311.XmlError(await client.GetAsync("/open311/v2/requests.csv"), HttpStatusCode.BadRequest);
        await O311.XmlError(await client.GetAsync("/open311/v2/discovery.yaml"), HttpStatusCode.BadRequest);
        await O311.JsonError(await client.DeleteAsync("/open311/v2/requests/1.json"), HttpStatusCode.BadRequest);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task XmlNeverBreaksOnControlCharactersInAText(Db db)
    {
        var app = apps.Get(db);
        var client = apps.Client(db);
        var tag = O311.Tag();
        var (lon, lat) = O311.Point(app);
        var (id, _) = await O311.Post(client, ("service_code", "0203"), ("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            ("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("description", $"Open311 {tag}：护栏\u0001倒了 <b>&amp;</b>"));
        var xml = await O311.Xml(await client.GetAsync($"/open311/v2/requests/{id}.xml"));
        Assert.Equal($"Open311 {tag}：护栏倒了 <b>&amp;</b>", xml.Root!.Element("request")!.Element("description")!.Value);
        Assert.IsType<XDocument>(xml);
    }
}

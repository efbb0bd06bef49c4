using System.Text;
using NetTopologySuite.Geometries;
using OneCity.Sensing.Cap;

namespace OneCity.Web.Tests.Sensing.Cap;

/// <summary>The CAP schemas, the reader and the polygon writer, without an app: real examples in, broken alerts out.</summary>
public sealed class CapSchemaTests
{
    [Theory, MemberData(nameof(CapExamples.Cap12Names), MemberType = typeof(CapExamples))]
    public void EveryCap12ExampleIsValid(string name)
    {
        var check = CapSchema.Check(CapExamples.Bytes(name));
        Assert.True(check.Valid, string.Join("; ", check.Errors?.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}") ?? []));
        Assert.Equal("1.2", check.Version);
    }

    [Theory, MemberData(nameof(CapExamples.Cap11Names), MemberType = typeof(CapExamples))]
    public void Cap11ExamplesAreValidAgainstTheCap11Schema(string name)
    {
        var check = CapSchema.Check(CapExamples.Bytes(name));
        Assert.True(check.Valid, string.Join("; ", check.Errors?.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}") ?? []));
        Assert.Equal("1.1", check.Version);
    }

    [Fact]
    public void TheNoaaExampleWithEmptyEnumerationsIsRejectedByTheCap11Schema()
    {
        var check = CapSchema.Check(CapExamples.Bytes("noaa_errors.xml"));
        Assert.False(check.Valid);
        Assert.Equal(["alert/info/certainty", "alert/info/severity", "alert/info/urgency"], check.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Enumeration constraint failed", check.Errors["alert/info/severity"][0], StringComparison.Ordinal);
        Assert.Contains("(line 18, position", check.Errors["alert/info/severity"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void TheMinimalAlertIsValid()
    {
        var check = CapSchema.Check(Encoding.UTF8.GetBytes(CapExamples.Minimal("minimal-1")));
        Assert.True(check.Valid, string.Join("; ", check.Errors?.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}") ?? []));
    }

    [Fact]
    public void AMissingRequiredElementIsNamed()
    {
        var xml = CapExamples.Minimal("no-sender").Replace("  <sender>test@example.org</sender>\n", "", StringComparison.Ordinal);
        var errors = Invalid(xml);
        var message = Assert.Single(errors["alert/sent"]);
        Assert.Contains("invalid child element 'sent'", message, StringComparison.Ordinal);
        Assert.Contains("'sender'", message, StringComparison.Ordinal);
        Assert.Contains("(line 4, position", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingLastElementIsNamedOnItsParent()
    {
        var xml = CapExamples.Minimal("no-scope").Replace("  <scope>Public</scope>\n", "", StringComparison.Ordinal);
        var errors = Invalid(xml);
        Assert.Contains(errors, e => e.Key is "alert/info" or "alert" && e.Value.Any(m => m.Contains("scope", StringComparison.Ordinal)));
    }

    [Fact]
    public void AWrongSeverityIsRejectedWithTheEnumerationRule()
    {
        var errors = Invalid(CapExamples.Minimal("bad-severity", severity: "Catastrophic"));
        var message = Assert.Single(errors["alert/info/severity"]);
        Assert.Contains("'Catastrophic'", message, StringComparison.Ordinal);
        Assert.Contains("Enumeration constraint failed", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-02-30T10:00:00+08:00")]
    [InlineData("2026-07-25 10:00:00+08:00")]
    [InlineData("2026-07-25T10:00:00Z")]
    [InlineData("2026-07-25T10:00:00")]
    [InlineData("yesterday")]
    public void ABadDateIsRejected(string sent)
    {
        var errors = Invalid(CapExamples.Minimal("bad-date", sent: sent));
        Assert.Contains("'" + sent + "'", Assert.Single(errors["alert/sent"]), StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedElementsAreNamedWithTheirPosition()
    {
        var xml = CapExamples.Text("canada.xml");
        var second = xml.LastIndexOf("<severity>Minor</severity>", StringComparison.Ordinal);
        xml = string.Concat(xml.AsSpan(0, second), "<severity>Awful</severity>", xml.AsSpan(second + "<severity>Minor</severity>".Length));
        Assert.Contains("'Awful'", Assert.Single(Invalid(xml)["alert/info[2]/severity"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</identifier>", "Unexpected end of file")]
    [InlineData("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>a & b</identifier></alert>", "Line 1, position")]
    [InlineData("not xml at all", "Data at the root level is invalid")]
    [InlineData("{\"identifier\": \"json\"}", "Data at the root level is invalid")]
    public void NotWellFormedXmlIsRejectedWithTheParsersMessage(string body, string expected)
    {
        var message = Assert.Single(Invalid(body)["body"]);
        Assert.StartsWith("not well-formed XML: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADtdIsRefusedSoNoExternalEntityIsEverRead()
    {
        var secret = Path.Combine(Path.GetTempPath(), "cap-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var xxe = $"""
                <?xml version="1.0"?>
                <!DOCTYPE alert [<!ENTITY xxe SYSTEM "file://{secret}">]>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>
                """;
            var message = Assert.Single(Invalid(xxe)["body"]);
            Assert.Contains("DTD is prohibited", message, StringComparison.Ordinal);
            Assert.DoesNotContain("TOP-SECRET", message, StringComparison.Ordinal);

            // The "billion laughs" needs a DTD too.
            var bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol2;</identifier></alert>
                """;
            Assert.Contains("DTD is prohibited", Assert.Single(Invalid(bomb)["body"]), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData("<alert xmlns=\"http://www.incident.com/cap/1.0\"><identifier>x</identifier></alert>", "CAP 1.0 is not accepted")]
    [InlineData("<alert><identifier>x</identifier></alert>", "namespace ''")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", "<feed>")]
    [InlineData("", "required")]
    public void ADocumentThatIsNotACapAlertIsRejected(string body, string expected) =>
        Assert.Contains(expected, Assert.Single(Invalid(body)["body"]), StringComparison.Ordinal);

    [Fact]
    public void AnElementOutsideTheSchemaIsRejected()
    {
        var xml = CapExamples.Minimal("extra").Replace("<scope>Public</scope>", "<scope>Public</scope><colour>red</colour>", StringComparison.Ordinal);
        Assert.Contains("invalid child element 'colour'", Assert.Single(Invalid(xml)["alert/colour"]), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSignedExampleIsSignedAndValid()
    {
        var check = CapSchema.Check(CapExamples.Bytes("canada_signed.xml"));
        Assert.True(check.Valid);
        Assert.True(CapSchema.IsSigned(check.Document!));
        Assert.False(CapSchema.IsSigned(CapSchema.Check(CapExamples.Bytes("canada.xml")).Document!));
    }

    [Fact]
    public void TheCap11SchemaHasNoRoomForASignature()
    {
        var xml = CapExamples.Text("canada_signed.xml").Replace("urn:oasis:names:tc:emergency:cap:1.2", CapSchema.Cap11, StringComparison.Ordinal);
        var errors = Invalid(xml);
        Assert.Contains(errors, e => e.Key == "alert/Signature[1]" && e.Value[0].Contains("invalid child element 'Signature'", StringComparison.Ordinal));
    }

    [Fact]
    public void TheReaderKeepsTheFieldsPlansMatchOn()
    {
        var raw = CapExamples.Bytes("canada.xml");
        var check = CapSchema.Check(raw);
        var (alert, errors) = CapReader.Read(check.Document!, check.Version!, raw, CapOrigin.Ingested, "test", DateTimeOffset.UnixEpoch);
        Assert.Null(errors);
        Assert.Equal("2.49.0.1.124.6bddbc91.2012", alert!.Identifier);
        Assert.Equal("cap@ec.gc.ca", alert.Sender);
        Assert.Equal("2012-05-02T23:21:04-00:00", alert.SentText);
        Assert.Equal(new DateTimeOffset(2012, 5, 2, 23, 21, 4, TimeSpan.Zero), alert.Sent);
        Assert.Equal(("Update", "Actual", "Public"), (alert.MsgType, alert.Status, alert.Scope));
        Assert.StartsWith("cap@ec.gc.ca,2.49.0.1.124.a3f342a4.2012,2012-05-02T21:45:05-00:00 ", alert.References, StringComparison.Ordinal);
        Assert.Equal(["en-CA", "fr-CA"], alert.Infos.Select(i => i.Language));
        Assert.Equal(["thunderstorm", "orages"], alert.Infos.Select(i => i.Event));
        Assert.All(alert.Infos, i => Assert.Equal(("Past", "Minor", "Observed"), (i.Urgency, i.Severity, i.Certainty)));
        var areas = alert.Infos[0].Areas;
        Assert.Equal([10, 3], areas.Select(a => a.Geocodes.Count));
        Assert.All(areas, a => Assert.Equal(1, a.PolygonCount));
        Assert.Equal(raw, alert.Raw!.Bytes);
        Assert.Equal(raw.Length, alert.Length);

        // cap:-prefixed elements read the same.
        var au = CapExamples.Bytes("australia.xml");
        var auCheck = CapSchema.Check(au);
        var (australia, _) = CapReader.Read(auCheck.Document!, auCheck.Version!, au, CapOrigin.Ingested, "test", DateTimeOffset.UnixEpoch);
        Assert.Equal("tag:www.rfs.nsw.gov.au2011-10-06:40184", australia!.Identifier);
        Assert.All(australia.Infos, i => Assert.Equal(("Fire", "fire", "Fire Met"), (i.Event, i.EventKey, i.Categories)));
        Assert.All(australia.Infos, i => Assert.Equal(1, Assert.Single(i.Areas).CircleCount));

        // CAP 1.1 without a language gets the schema's default.
        var eq = CapExamples.Bytes("earthquake.xml");
        var eqCheck = CapSchema.Check(eq);
        var (quake, _) = CapReader.Read(eqCheck.Document!, eqCheck.Version!, eq, CapOrigin.Ingested, "test", DateTimeOffset.UnixEpoch);
        Assert.Equal(("1.1", "en-US"), (quake!.Version, Assert.Single(quake.Infos).Language));
    }

    [Fact]
    public void TheReaderRefusesValuesTooLongForTheirColumns()
    {
        var xml = CapExamples.Minimal("long-event", @event: new string('x', 301));
        var check = CapSchema.Check(Encoding.UTF8.GetBytes(xml));
        Assert.True(check.Valid);
        var (alert, errors) = CapReader.Read(check.Document!, check.Version!, [], CapOrigin.Ingested, "test", DateTimeOffset.UnixEpoch);
        Assert.Null(alert);
        Assert.Equal(["at most 300 characters"], errors!.ToDictionary()["alert/info/event"]);
    }

    [Fact]
    public void APolygonIsAClosedLatLonRingOfBoundedSize()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);

        // A circle of 2,000 vertices around the People's Square, and a tiny island far away.
        var ring = Enumerable.Range(0, 2001).Select(k => k == 2000 ? 0 : k)
            .Select(k => new Coordinate(121.47 + (0.05 * Math.Cos(k * Math.PI / 1000)), 31.23 + (0.05 * Math.Sin(k * Math.PI / 1000)))).ToArray();
        var big = factory.CreatePolygon(ring);
        var tiny = factory.CreatePolygon([new(122.0, 31.0), new(122.0001, 31.0), new(122.0001, 31.0001), new(122.0, 31.0)]);
        var polygons = CapPolygons.From(factory.CreateMultiPolygon([big, tiny]));

        var polygon = Assert.Single(polygons);
        var pairs = polygon.Split(' ');
        Assert.InRange(pairs.Length, 4, CapPolygons.MaxVertices + 1);
        Assert.Equal(pairs[0], pairs[^1]);
        Assert.All(pairs, p =>
        {
            var latLon = p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(latLon[0], 31.17, 31.29);
            Assert.InRange(latLon[1], 121.41, 121.53);
        });

        // The produced polygon is valid CAP.
        var xml = CapExamples.Minimal("polygon").Replace("31.2,121.4 31.3,121.4 31.3,121.5 31.2,121.4", polygon, StringComparison.Ordinal);
        Assert.True(CapSchema.Check(Encoding.UTF8.GetBytes(xml)).Valid);
        Assert.Empty(CapPolygons.From(null));
    }

    [Fact]
    public void TheWriterWritesCapTimesInShanghaiTime()
    {
        Assert.Equal("2026-07-25T18:00:00+08:00", CapWriter.Time(new DateTimeOffset(2026, 7, 25, 10, 0, 0, 999, TimeSpan.Zero)));
        Assert.Equal("2026-07-26T07:30:00+08:00", CapWriter.Time(new DateTimeOffset(2026, 7, 25, 18, 30, 0, TimeSpan.FromHours(-5))));
    }

    private static IReadOnlyDictionary<string, string[]> Invalid(string xml)
    {
        var check = CapSchema.Check(Encoding.UTF8.GetBytes(xml));
        Assert.False(check.Valid, "accepted: " + xml);
        Assert.Null(check.Document);
        return check.Errors!;
    }
}

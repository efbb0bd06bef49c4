using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using OneCity.Platform.Hosting;

namespace OneCity.Sensing.Cap;

/// <summary>
/// Turns a schema-valid CAP document into a <see cref="CapAlert"/> with its infos, areas and geocodes. The schema has
/// already checked structure and enumerations; this adds what a database needs: instants with an offset (CAP forbids
/// "Z" and a missing zone), and indexed text within its column limits.
/// </summary>
internal static partial class CapReader
{
    /// <summary>A zone designator at the end of an xs:dateTime: ±hh:mm (CAP 1.1 allows others in the schema, not in its text).</summary>
    [GeneratedRegex(@"[+-]\d\d:\d\d$")]
    private static partial Regex Offset();

    public static (CapAlert? Alert, FieldErrors? Errors) Read(XDocument doc, string version, byte[] raw, CapOrigin origin, string receivedBy, DateTimeOffset now)
    {
        var root = doc.Root!;
        XNamespace ns = root.Name.Namespace;
        var errors = new FieldErrors();

        string Text(XElement parent, string name) => parent.Element(ns + name)?.Value.Trim() ?? "";
        string? Optional(XElement parent, string name) => parent.Element(ns + name)?.Value.Trim() is { Length: > 0 } v ? v : null;

        string Limited(XElement parent, string name, int max)
        {
            var value = Text(parent, name);
            if (value.Length > max)
            {
                errors.Add(CapSchema.PathOf(parent.Element(ns + name)!), string.Create(CultureInfo.InvariantCulture, $"at most {max} characters"));
            }

            return value;
        }

        DateTimeOffset? Instant(XElement parent, string name)
        {
            var element = parent.Element(ns + name);
            if (element is null)
            {
                return null;
            }

            var text = element.Value.Trim();
            if (!Offset().IsMatch(text))
            {
                errors.Add(CapSchema.PathOf(element), $"'{text}' has no time-zone offset: CAP requires one as ±hh:mm (UTC is -00:00 or +00:00, never Z)");
                return null;
            }

            try
            {
                return XmlConvert.ToDateTimeOffset(text).ToUniversalTime();
            }
            catch (FormatException)
            {
                errors.Add(CapSchema.PathOf(element), $"'{text}' is not a date and time");
                return null;
            }
        }

        var sentText = Text(root, "sent");
        if (sentText.Length > 40)
        {
            errors.Add("alert/sent", "at most 40 characters");
        }

        var alert = new CapAlert
        {
            Origin = origin,
            Version = version,
            Identifier = Limited(root, "identifier", CapLimits.Identifier),
            Sender = Limited(root, "sender", CapLimits.Sender),
            Sent = Instant(root, "sent") ?? default,
            SentText = sentText,
            Status = Text(root, "status"),
            MsgType = Text(root, "msgType"),
            Scope = Text(root, "scope"),
            Source = Optional(root, "source"),
            References = Optional(root, "references") is { } r ? string.Join(' ', r.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)) : null,
            Incidents = Optional(root, "incidents"),
            Signed = CapSchema.IsSigned(doc),
            Raw = new CapAlertXml { Bytes = raw },
            Length = raw.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(raw)),
            ReceivedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)), // what both databases store exactly
            ReceivedBy = receivedBy.Length > 100 ? receivedBy[..100] : receivedBy,
        };

        var position = 0;
        foreach (var i in root.Elements(ns + "info"))
        {
            var language = Optional(i, "language") ?? "en-US";
            if (language.Length > CapLimits.Language)
            {
                errors.Add(CapSchema.PathOf(i.Element(ns + "language")!), string.Create(CultureInfo.InvariantCulture, $"at most {CapLimits.Language} characters"));
            }

            var ev = Limited(i, "event", CapLimits.Event);
            var info = new CapInfo
            {
                Position = position++,
                Language = language,
                Categories = string.Join(' ', i.Elements(ns + "category").Select(c => c.Value.Trim()).Distinct(StringComparer.Ordinal)),
                Event = ev,
                EventKey = ev.ToLowerInvariant(),
                ResponseTypes = i.Elements(ns + "responseType").Select(c => c.Value.Trim()).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } types ? string.Join(' ', types) : null,
                Urgency = Text(i, "urgency"),
                Severity = Text(i, "severity"),
                Certainty = Text(i, "certainty"),
                Audience = Optional(i, "audience"),
                EventCodes = i.Elements(ns + "eventCode").Select(c => $"{Text(c, "valueName")}={Text(c, "value")}").ToList() is { Count: > 0 } codes ? string.Join('\n', codes) : null,
                Effective = Instant(i, "effective"),
                Onset = Instant(i, "onset"),
                Expires = Instant(i, "expires"),
                SenderName = Optional(i, "senderName"),
                Headline = Optional(i, "headline"),
                Description = Optional(i, "description"),
                Instruction = Optional(i, "instruction"),
                Web = Optional(i, "web"),
                Contact = Optional(i, "contact"),
            };

            var areaPosition = 0;
            foreach (var a in i.Elements(ns + "area"))
            {
                var polygons = a.Elements(ns + "polygon").Select(p => Normalise(p.Value)).ToList();
                var circles = a.Elements(ns + "circle").Select(c => Normalise(c.Value)).ToList();
                var area = new CapArea
                {
                    Position = areaPosition++,
                    AreaDesc = Text(a, "areaDesc"),
                    PolygonCount = polygons.Count,
                    Polygons = polygons.Count > 0 ? string.Join('\n', polygons) : null,
                    CircleCount = circles.Count,
                    Circles = circles.Count > 0 ? string.Join('\n', circles) : null,
                    Altitude = Optional(a, "altitude") is { } alt ? double.Parse(alt, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                    Ceiling = Optional(a, "ceiling") is { } ceil ? double.Parse(ceil, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                };
                foreach (var g in a.Elements(ns + "geocode"))
                {
                    area.Geocodes.Add(new CapGeocode
                    {
                        ValueName = Limited(g, "valueName", CapLimits.GeocodeName),
                        Value = Limited(g, "value", CapLimits.GeocodeValue),
                    });
                }

                info.Areas.Add(area);
            }

            alert.Infos.Add(info);
        }

        return errors.Any ? (null, errors) : (alert, null);
    }

    /// <summary>Whitespace runs (line breaks in long polygons) become one space.</summary>
    private static string Normalise(string value) =>
        string.Join(' ', value.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}

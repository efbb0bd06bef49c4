using System.Globalization;
using System.Text;
using System.Xml;

namespace OneCity.Sensing.Cap;

/// <summary>One language's part of an outgoing message (one <c>info</c>).</summary>
internal sealed record OutgoingInfo(
    string Language, string Category, string Event, string? ResponseType, string Urgency, string Severity, string Certainty,
    DateTimeOffset? Effective, DateTimeOffset? Onset, DateTimeOffset? Expires, string SenderName, string Headline, string Description,
    string? Instruction, string? Web, IReadOnlyList<OutgoingArea> Areas);

/// <summary>One <c>area</c>: description, polygons ("lat,lon …" rings) and geocodes.</summary>
internal sealed record OutgoingArea(string AreaDesc, IReadOnlyList<string> Polygons, IReadOnlyList<(string ValueName, string Value)> Geocodes);

/// <summary>An outgoing CAP 1.2 message, as OneCity issues it (always scope Public).</summary>
internal sealed record OutgoingAlert(
    string Identifier, string Sender, DateTimeOffset Sent, string Status, string MsgType, string Source, string? Note, string? References,
    IReadOnlyList<OutgoingInfo> Infos);

/// <summary>
/// Writes CAP 1.2 XML: UTF-8 without a byte-order mark, elements in the schema's order, instants as
/// <c>yyyy-MM-ddThh:mm:ss+08:00</c> (CAP's pattern: whole seconds and an explicit offset, Shanghai time).
/// </summary>
internal static class CapWriter
{
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
    };

    /// <summary>CAP's date-time form in Shanghai's offset, whole seconds.</summary>
    public static string Time(DateTimeOffset t)
    {
        var local = t.ToOffset(Shanghai);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    public static byte[] Write(OutgoingAlert alert)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("alert", CapSchema.Cap12);
            Element(w, "identifier", alert.Identifier);
            Element(w, "sender", alert.Sender);
            Element(w, "sent", Time(alert.Sent));
            Element(w, "status", alert.Status);
            Element(w, "msgType", alert.MsgType);
            Element(w, "source", alert.Source);
            Element(w, "scope", "Public");
            Element(w, "note", alert.Note);
            Element(w, "references", alert.References);
            foreach (var info in alert.Infos)
            {
                w.WriteStartElement("info", CapSchema.Cap12);
                Element(w, "language", info.Language);
                Element(w, "category", info.Category);
                Element(w, "event", info.Event);
                Element(w, "responseType", info.ResponseType);
                Element(w, "urgency", info.Urgency);
                Element(w, "severity", info.Severity);
                Element(w, "certainty", info.Certainty);
                Element(w, "effective", info.Effective is { } e ? Time(e) : null);
                Element(w, "onset", info.Onset is { } o ? Time(o) : null);
                Element(w, "expires", info.Expires is { } x ? Time(x) : null);
                Element(w, "senderName", info.SenderName);
                Element(w, "headline", info.Headline);
                Element(w, "description", info.Description);
                Element(w, "instruction", info.Instruction);
                Element(w, "web", info.Web);
                foreach (var area in info.Areas)
                {
                    w.WriteStartElement("area", CapSchema.Cap12);
                    Element(w, "areaDesc", area.AreaDesc);
                    foreach (var polygon in area.Polygons)
                    {
                        Element(w, "polygon", polygon);
                    }

                    foreach (var (name, value) in area.Geocodes)
                    {
                        w.WriteStartElement("geocode", CapSchema.Cap12);
                        Element(w, "valueName", name);
                        Element(w, "value", value);
                        w.WriteEndElement();
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void Element(XmlWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteElementString(name, CapSchema.Cap12, value);
        }
    }
}

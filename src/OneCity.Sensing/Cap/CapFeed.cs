using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Cap;

/// <summary>
/// The public Atom feed of OneCity's warnings (<c>GET /cap/alerts</c>): one entry per warning, its latest message
/// (Alert, Update or Cancel), warnings in force first, then newest first; at most <see cref="MaxEntries"/>. Each entry
/// links to the message's CAP XML (<c>rel="alternate" type="application/cap+xml"</c>) and repeats its key fields as
/// CAP 1.2 elements, the way alert hubs read CAP index feeds. Only what the CAP messages publish appears: no user names,
/// no personal data.
/// </summary>
internal static class CapFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    public const int MaxEntries = 200;
    private const string Atom = "http://www.w3.org/2005/Atom";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };

    public static async Task<byte[]> BuildAsync(SensingDbContext db, CapOptions options, string baseUrl, DateTimeOffset now, CancellationToken ct)
    {
        var latest = await CapQueries.WithDetails(db)
            .Where(a => a.Origin == CapOrigin.Published && a.SupersededById == null)
            .OrderByDescending(a => a.Sent).ThenByDescending(a => a.Id).Take(MaxEntries).ToListAsync(ct);
        var entries = latest.OrderByDescending(a => CapQueries.Active(a, now)).ThenByDescending(a => a.Sent).ThenByDescending(a => a.Id).ToList();

        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", Atom);
            w.WriteAttributeString("xmlns", "cap", null, CapSchema.Cap12);
            w.WriteAttributeString("xml", "lang", null, "zh-CN");
            w.WriteElementString("id", Atom, baseUrl + "/cap/alerts");
            w.WriteElementString("title", Atom, $"{options.SenderNameZh} 公共预警 / {options.SenderNameEn} public warnings (CAP 1.2)");
            w.WriteElementString("updated", Atom, CapWriter.Time(latest.Count > 0 ? latest.Max(a => a.Sent) : now));
            w.WriteStartElement("author", Atom);
            w.WriteElementString("name", Atom, $"{options.SenderNameZh} {options.SenderNameEn}");
            w.WriteEndElement();
            Link(w, "self", "application/atom+xml", baseUrl + "/cap/alerts");
            w.WriteElementString("generator", Atom, "OneCity");
            foreach (var a in entries)
            {
                var zh = a.Infos.OrderBy(i => i.Position).FirstOrDefault(i => i.Language.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) ?? a.Infos.FirstOrDefault();
                var en = a.Infos.OrderBy(i => i.Position).FirstOrDefault(i => i.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase)) ?? zh;
                var url = baseUrl + CapQueries.PublicPath(a);
                w.WriteStartElement("entry", Atom);
                w.WriteElementString("id", Atom, url);
                w.WriteElementString("title", Atom, string.Join(" / ", new[] { zh?.Headline, en?.Headline }.Where(h => h is not null).Distinct()) is { Length: > 0 } t ? t : a.Identifier);
                w.WriteElementString("updated", Atom, a.SentText);
                w.WriteElementString("published", Atom, a.SentText);
                if (en is not null)
                {
                    w.WriteStartElement("category", Atom);
                    w.WriteAttributeString("term", en.Event);
                    w.WriteAttributeString("label", zh?.Event ?? en.Event);
                    w.WriteEndElement();
                }

                w.WriteElementString("summary", Atom, Summary(a, zh, en, now));
                Link(w, "alternate", "application/cap+xml", url);
                w.WriteElementString("identifier", CapSchema.Cap12, a.Identifier);
                w.WriteElementString("sender", CapSchema.Cap12, a.Sender);
                w.WriteElementString("sent", CapSchema.Cap12, a.SentText);
                w.WriteElementString("status", CapSchema.Cap12, a.Status);
                w.WriteElementString("msgType", CapSchema.Cap12, a.MsgType);
                w.WriteElementString("scope", CapSchema.Cap12, a.Scope);
                if (en is not null)
                {
                    w.WriteElementString("event", CapSchema.Cap12, en.Event);
                    w.WriteElementString("urgency", CapSchema.Cap12, en.Urgency);
                    w.WriteElementString("severity", CapSchema.Cap12, en.Severity);
                    w.WriteElementString("certainty", CapSchema.Cap12, en.Certainty);
                    if (en.Effective is { } effective)
                    {
                        w.WriteElementString("effective", CapSchema.Cap12, CapWriter.Time(effective));
                    }

                    if (en.Expires is { } expires)
                    {
                        w.WriteElementString("expires", CapSchema.Cap12, CapWriter.Time(expires));
                    }

                    w.WriteElementString("areaDesc", CapSchema.Cap12, string.Join("; ", en.Areas.OrderBy(x => x.Position).Select(x => x.AreaDesc)));
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static string Summary(CapAlert a, CapInfo? zh, CapInfo? en, DateTimeOffset now)
    {
        var state = CapQueries.Active(a, now) ? "生效中 in force" : a.MsgType == "Cancel" ? "已解除 cancelled" : "已过期 expired";
        var info = en ?? zh;
        if (info is null)
        {
            return $"{a.MsgType} · {state}";
        }

        var expires = info.Expires is { } x ? " · 有效至 until " + CapWriter.Time(x) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{a.MsgType} · {state} · {zh?.Event ?? info.Event} {info.Event} · {info.Severity}/{info.Urgency}/{info.Certainty}{expires} · {string.Join("、", (zh ?? info).Areas.OrderBy(x => x.Position).Select(x => x.AreaDesc))}");
    }

    private static void Link(XmlWriter w, string rel, string type, string href)
    {
        w.WriteStartElement("link", Atom);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace OneCity.Web.Tests.DataHub.Dcat;

/// <summary>
/// Small, strict readers of the three serialisations, enough to turn our catalogue back into triples (no RDF library
/// is available from the package feed). Blank nodes become "_:" so graphs compare as multisets of triples.
/// Objects: "&lt;iri&gt;" or "\"text\"@lang" or "\"text\"^^&lt;datatype&gt;" or "_:".
/// </summary>
internal static class RdfParsers
{
    public const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    public static List<(string S, string P, string O)> Turtle(string text) => new TurtleReader(text).Read();

    public static List<(string S, string P, string O)> RdfXml(string text)
    {
        var doc = new XmlDocument();
        doc.LoadXml(text);
        var root = doc.DocumentElement!;
        if (root.NamespaceURI != RdfNs || root.LocalName != "RDF")
        {
            throw new FormatException("Root is not rdf:RDF.");
        }

        var triples = new List<(string, string, string)>();
        foreach (var node in root.ChildNodes.OfType<XmlElement>())
        {
            XmlNode(node, triples);
        }

        return triples;
    }

    private static string XmlNode(XmlElement e, List<(string, string, string)> triples)
    {
        var about = e.GetAttributeNode("about", RdfNs)?.Value;
        var subject = about is null ? "_:" : $"<{about}>";
        if (!(e.NamespaceURI == RdfNs && e.LocalName == "Description"))
        {
            triples.Add((subject, $"<{RdfNs}type>", $"<{e.NamespaceURI}{e.LocalName}>"));
        }

        foreach (var p in e.ChildNodes.OfType<XmlElement>())
        {
            var predicate = $"<{p.NamespaceURI}{p.LocalName}>";
            var resource = p.GetAttributeNode("resource", RdfNs)?.Value;
            var children = p.ChildNodes.OfType<XmlElement>().ToList();
            if (resource is not null)
            {
                triples.Add((subject, predicate, $"<{resource}>"));
            }
            else if (children.Count == 1)
            {
                triples.Add((subject, predicate, XmlNode(children[0], triples)));
            }
            else
            {
                var lang = p.GetAttribute("xml:lang");
                var datatype = p.GetAttributeNode("datatype", RdfNs)?.Value;
                triples.Add((subject, predicate, Literal(p.InnerText, lang.Length > 0 ? lang : null, datatype)));
            }
        }

        return subject;
    }

    public static List<(string S, string P, string O)> JsonLd(string text)
    {
        using var doc = JsonDocument.Parse(text);
        var context = doc.RootElement.GetProperty("@context").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        string Expand(string name)
        {
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && context.TryGetValue(name[..colon], out var ns) ? ns + name[(colon + 1)..] : name;
        }

        var triples = new List<(string, string, string)>();
        string Node(JsonElement n)
        {
            var subject = n.TryGetProperty("@id", out var id) ? $"<{id.GetString()}>" : "_:";
            foreach (var p in n.EnumerateObject())
            {
                if (p.Name == "@id")
                {
                    continue;
                }

                if (p.Name == "@type")
                {
                    foreach (var t in p.Value.EnumerateArray())
                    {
                        triples.Add((subject, $"<{RdfNs}type>", $"<{Expand(t.GetString()!)}>"));
                    }

                    continue;
                }

                foreach (var v in p.Value.EnumerateArray())
                {
                    string o;
                    if (v.TryGetProperty("@value", out var value))
                    {
                        o = Literal(value.GetString()!, v.TryGetProperty("@language", out var l) ? l.GetString() : null,
                            v.TryGetProperty("@type", out var dt) ? Expand(dt.GetString()!) : null);
                    }
                    else if (v.EnumerateObject().Count() == 1 && v.TryGetProperty("@id", out var only))
                    {
                        o = $"<{only.GetString()}>";
                    }
                    else
                    {
                        o = Node(v);
                    }

                    triples.Add((subject, $"<{Expand(p.Name)}>", o));
                }
            }

            return subject;
        }

        foreach (var n in doc.RootElement.GetProperty("@graph").EnumerateArray())
        {
            Node(n);
        }

        return triples;
    }

    public static string Literal(string value, string? lang, string? datatype) =>
        "\"" + value + "\"" + (lang is not null ? "@" + lang : datatype is not null ? $"^^<{datatype}>" : "");

    /// <summary>Turtle as our writer produces it (and a bit more): @prefix, IRIs, prefixed names, a, ; , . [ ], strings with escapes.</summary>
    private sealed class TurtleReader(string text)
    {
        private readonly Dictionary<string, string> prefixes = new(StringComparer.Ordinal);
        private readonly List<(string, string, string)> triples = [];
        private int pos;

        public List<(string, string, string)> Read()
        {
            while (true)
            {
                Skip();
                if (pos >= text.Length)
                {
                    return triples;
                }

                if (text.AsSpan(pos).StartsWith("@prefix"))
                {
                    pos += 7;
                    Skip();
                    var colon = text.IndexOf(':', pos);
                    var prefix = text[pos..colon].Trim();
                    pos = colon + 1;
                    Skip();
                    prefixes[prefix] = ReadIri();
                    Expect('.');
                    continue;
                }

                var subject = text[pos] == '[' ? ReadBlank() : Term();
                Skip();
                if (pos < text.Length && text[pos] != '.')
                {
                    PredicateObjectList(subject);
                }

                Expect('.');
            }
        }

        private void PredicateObjectList(string subject)
        {
            while (true)
            {
                Skip();
                var predicate = text[pos] == 'a' && char.IsWhiteSpace(text[pos + 1]) ? Advance(1, $"<{RdfNs}type>") : Term();
                while (true)
                {
                    Skip();
                    var o = text[pos] == '[' ? ReadBlank() : text[pos] == '"' ? ReadLiteral() : Term();
                    triples.Add((subject, predicate, o));
                    Skip();
                    if (text[pos] == ',')
                    {
                        pos++;
                        continue;
                    }

                    break;
                }

                if (text[pos] == ';')
                {
                    pos++;
                    Skip();
                    if (text[pos] is '.' or ']')
                    {
                        return;
                    }

                    continue;
                }

                return;
            }
        }

        private string Advance(int n, string value)
        {
            pos += n;
            return value;
        }

        private string ReadBlank()
        {
            Expect('[');
            Skip();
            if (text[pos] != ']')
            {
                PredicateObjectList("_:");
            }

            Expect(']');
            return "_:";
        }

        private string Term()
        {
            if (text[pos] == '<')
            {
                return $"<{ReadIri()}>";
            }

            var start = pos;
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is ':' or '_' or '-'))
            {
                pos++;
            }

            var name = text[start..pos];
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !prefixes.TryGetValue(name[..colon], out var ns))
            {
                throw new FormatException($"Unknown prefixed name '{name}' at {start}.");
            }

            return $"<{ns}{name[(colon + 1)..]}>";
        }

        private string ReadIri()
        {
            Expect('<');
            var end = text.IndexOf('>', pos);
            var iri = text[pos..end];
            if (iri.Any(c => c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`' or '\\'))
            {
                throw new FormatException($"Illegal character in IRI <{iri}>.");
            }

            pos = end + 1;
            return iri;
        }

        private string ReadLiteral()
        {
            Expect('"');
            var sb = new StringBuilder();
            while (text[pos] != '"')
            {
                var c = text[pos++];
                if (c is '\n' or '\r')
                {
                    throw new FormatException("Raw line break in a short string literal.");
                }

                if (c == '\\')
                {
                    var e = text[pos++];
                    sb.Append(e switch
                    {
                        'n' => "\n",
                        'r' => "\r",
                        't' => "\t",
                        'b' => "\b",
                        'f' => "\f",
                        '"' => "\"",
                        '\'' => "'",
                        '\\' => "\\",
                        'u' => ((char)int.Parse(text.AsSpan(pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
                        _ => throw new FormatException($"Bad escape \\{e}."),
                    });
                    if (e == 'u')
                    {
                        pos += 4;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }

            pos++;
            if (pos < text.Length && text[pos] == '@')
            {
                var start = ++pos;
                while (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '-')
                {
                    pos++;
                }

                return Literal(sb.ToString(), text[start..pos], null);
            }

            if (pos + 1 < text.Length && text[pos] == '^' && text[pos + 1] == '^')
            {
                pos += 2;
                var dt = Term();
                return Literal(sb.ToString(), null, dt[1..^1]);
            }

            return Literal(sb.ToString(), null, null);
        }

        private void Skip()
        {
            while (pos < text.Length && (char.IsWhiteSpace(text[pos]) || text[pos] == '#'))
            {
                if (text[pos] == '#')
                {
                    while (pos < text.Length && text[pos] != '\n')
                    {
                        pos++;
                    }
                }
                else
                {
                    pos++;
                }
            }
        }

        private void Expect(char c)
        {
            Skip();
            if (pos >= text.Length || text[pos] != c)
            {
                throw new FormatException($"Expected '{c}' at {pos}: '{text[Math.Max(0, pos - 40)..Math.Min(text.Length, pos + 40)]}'.");
            }

            pos++;
        }
    }
}

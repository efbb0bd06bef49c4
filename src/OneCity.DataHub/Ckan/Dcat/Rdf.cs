using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;

namespace OneCity.DataHub.Ckan.Dcat;

/// <summary>An RDF term in object position: an IRI, a literal, or a nested blank node.</summary>
internal abstract class RdfTerm;

internal sealed class RdfIri(string value) : RdfTerm
{
    public string Value { get; } = value;
}

/// <summary>A literal with an optional language tag or datatype IRI (never both).</summary>
internal sealed class RdfLiteral(string value, string? language = null, string? datatype = null) : RdfTerm
{
    public string Value { get; } = value;

    public string? Language { get; } = language;

    public string? Datatype { get; } = datatype;
}

/// <summary>
/// A subject with its properties. A node without <see cref="Iri"/> is a blank node and is written nested where it is
/// used (our graph is a tree apart from IRIs, so no blank node labels are needed).
/// </summary>
internal sealed class RdfNode : RdfTerm
{
    public RdfNode(string? iri, params string[] types)
    {
        Iri = iri;
        Types.AddRange(types);
    }

    public string? Iri { get; }

    public List<string> Types { get; } = [];

    public List<(string Predicate, RdfTerm Object)> Properties { get; } = [];

    public RdfNode Add(string predicate, RdfTerm? value)
    {
        if (value is not null)
        {
            Properties.Add((predicate, value));
        }

        return this;
    }

    public RdfNode Add(string predicate, string? text, string? language = null)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Properties.Add((predicate, new RdfLiteral(text, language)));
        }

        return this;
    }

    public RdfNode AddIri(string predicate, string? iri)
    {
        if (!string.IsNullOrEmpty(iri))
        {
            Properties.Add((predicate, new RdfIri(iri)));
        }

        return this;
    }
}

/// <summary>Writes a list of top-level nodes as Turtle, RDF/XML or JSON-LD, with the prefixes below.</summary>
internal static class RdfWriter
{
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    public static readonly (string Prefix, string Ns)[] Prefixes =
    [
        ("rdf", Rdf),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("xsd", Xsd),
        ("dcat", "http://www.w3.org/ns/dcat#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("adms", "http://www.w3.org/ns/adms#"),
        ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ];

    /// <summary>Expands <c>dct:title</c> to its full IRI; full IRIs pass through.</summary>
    public static string Expand(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !name.Contains("//", StringComparison.Ordinal))
        {
            var prefix = name[..colon];
            foreach (var (p, ns) in Prefixes)
            {
                if (p == prefix)
                {
                    return ns + name[(colon + 1)..];
                }
            }
        }

        return name;
    }

    // ---- Turtle ----

    public static string Turtle(IEnumerable<RdfNode> nodes)
    {
        var sb = new StringBuilder();
        foreach (var (p, ns) in Prefixes)
        {
            sb.Append("@prefix ").Append(p).Append(": <").Append(ns).Append("> .\n");
        }

        // Nested nodes that have an IRI and properties are written as subjects of their own after their parent.
        var queue = new Queue<RdfNode>(nodes);
        var written = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var node))
        {
            if (node.Iri is not null && !written.Add(node.Iri))
            {
                continue;
            }

            sb.Append('\n');
            sb.Append(node.Iri is null ? "[]" : IriRef(node.Iri));
            WriteTurtleBody(sb, node, 1, queue);
            sb.Append(" .\n");
        }

        return sb.ToString();
    }

    private static void WriteTurtleBody(StringBuilder sb, RdfNode node, int depth, Queue<RdfNode> later)
    {
        var indent = new string(' ', depth * 4);
        var first = true;
        void Separator()
        {
            sb.Append(first ? "\n" : " ;\n").Append(indent);
            first = false;
        }

        if (node.Types.Count > 0)
        {
            Separator();
            sb.Append("a ").Append(string.Join(", ", node.Types.Select(TurtleName)));
        }

        foreach (var (predicate, value) in node.Properties)
        {
            Separator();
            sb.Append(TurtleName(predicate)).Append(' ');
            switch (value)
            {
                case RdfIri iri:
                    sb.Append(IriRef(iri.Value));
                    break;
                case RdfLiteral lit:
                    sb.Append('"').Append(EscapeTurtle(lit.Value)).Append('"');
                    if (lit.Language is not null)
                    {
                        sb.Append('@').Append(lit.Language);
                    }
                    else if (lit.Datatype is not null)
                    {
                        sb.Append("^^").Append(TurtleName(lit.Datatype));
                    }

                    break;
                case RdfNode nested when nested.Iri is not null:
                    sb.Append(IriRef(nested.Iri));
                    if (nested.Types.Count > 0 || nested.Properties.Count > 0)
                    {
                        later.Enqueue(nested);
                    }

                    break;
                case RdfNode nested:
                    sb.Append('[');
                    WriteTurtleBody(sb, nested, depth + 1, later);
                    sb.Append('\n').Append(indent).Append(']');
                    break;
                default:
                    throw new InvalidOperationException("Unknown RDF term.");
            }
        }
    }

    /// <summary>A prefixed name when the local part is safe for Turtle's PN_LOCAL, else an IRI reference.</summary>
    private static string TurtleName(string name)
    {
        var full = Expand(name);
        foreach (var (p, ns) in Prefixes)
        {
            if (full.StartsWith(ns, StringComparison.Ordinal))
            {
                var local = full[ns.Length..];
                if (local.Length > 0 && char.IsAsciiLetter(local[0]) && local.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                {
                    return p + ":" + local;
                }
            }
        }

        return IriRef(full);
    }

    private static string IriRef(string iri)
    {
        var sb = new StringBuilder("<");
        foreach (var c in iri)
        {
            // Characters IRIREF forbids are percent-encoded (they cannot occur in a well-formed URL anyway).
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('>').ToString();
    }

    private static string EscapeTurtle(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    // ---- RDF/XML ----

    public static string RdfXml(IEnumerable<RdfNode> nodes)
    {
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, CheckCharacters = false };
        using (var w = XmlWriter.Create(new StringWriterUtf8(sb), settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("rdf", "RDF", Rdf);
            foreach (var (p, ns) in Prefixes.Where(x => x.Prefix != "rdf"))
            {
                w.WriteAttributeString("xmlns", p, null, ns);
            }

            foreach (var node in nodes)
            {
                WriteXmlNode(w, node);
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return sb.ToString();
    }

    private static void WriteXmlNode(XmlWriter w, RdfNode node)
    {
        w.WriteStartElement("rdf", "Description", Rdf);
        if (node.Iri is not null)
        {
            w.WriteAttributeString("rdf", "about", Rdf, node.Iri);
        }

        foreach (var type in node.Types)
        {
            w.WriteStartElement("rdf", "type", Rdf);
            w.WriteAttributeString("rdf", "resource", Rdf, Expand(type));
            w.WriteEndElement();
        }

        foreach (var (predicate, value) in node.Properties)
        {
            var (ns, local) = Split(Expand(predicate));
            w.WriteStartElement(local, ns);
            switch (value)
            {
                case RdfIri iri:
                    w.WriteAttributeString("rdf", "resource", Rdf, iri.Value);
                    break;
                case RdfLiteral lit:
                    if (lit.Language is not null)
                    {
                        w.WriteAttributeString("xml", "lang", null, lit.Language);
                    }
                    else if (lit.Datatype is not null)
                    {
                        w.WriteAttributeString("rdf", "datatype", Rdf, Expand(lit.Datatype));
                    }

                    w.WriteString(XmlSafe(lit.Value));
                    break;
                case RdfNode nested when nested.Iri is not null && nested.Types.Count == 0 && nested.Properties.Count == 0:
                    w.WriteAttributeString("rdf", "resource", Rdf, nested.Iri);
                    break;
                case RdfNode nested:
                    WriteXmlNode(w, nested);
                    break;
                default:
                    throw new InvalidOperationException("Unknown RDF term.");
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>Splits a predicate IRI into namespace and an XML-name local part (RDF/XML needs a QName).</summary>
    private static (string Ns, string Local) Split(string iri)
    {
        var i = iri.Length;
        while (i > 0 && (char.IsAsciiLetterOrDigit(iri[i - 1]) || iri[i - 1] is '_' or '-' or '.'))
        {
            i--;
        }

        while (i < iri.Length && !(char.IsAsciiLetter(iri[i]) || iri[i] == '_'))
        {
            i++;
        }

        if (i >= iri.Length || i == 0)
        {
            throw new InvalidOperationException($"Predicate {iri} cannot be written as an XML QName.");
        }

        return (iri[..i], iri[i..]);
    }

    /// <summary>Drops characters XML 1.0 cannot carry at all (control characters other than tab, newline, return).</summary>
    private static string XmlSafe(string s) => s.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
        ? new string([.. s.Where(c => !(c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF'))])
        : s;

    private sealed class StringWriterUtf8(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }

    // ---- JSON-LD ----

    /// <summary>Compacted JSON-LD: one @context with the prefixes, the nodes in @graph, blank nodes nested.</summary>
    public static string JsonLd(IEnumerable<RdfNode> nodes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("@context");
            foreach (var (p, ns) in Prefixes)
            {
                w.WriteString(p, ns);
            }

            w.WriteEndObject();
            w.WriteStartArray("@graph");
            foreach (var node in nodes)
            {
                WriteJsonNode(w, node);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteJsonNode(Utf8JsonWriter w, RdfNode node)
    {
        w.WriteStartObject();
        if (node.Iri is not null)
        {
            w.WriteString("@id", node.Iri);
        }

        if (node.Types.Count > 0)
        {
            w.WriteStartArray("@type");
            foreach (var t in node.Types)
            {
                w.WriteStringValue(t);
            }

            w.WriteEndArray();
        }

        foreach (var group in node.Properties.GroupBy(p => p.Predicate))
        {
            w.WriteStartArray(group.Key);
            foreach (var (_, value) in group)
            {
                switch (value)
                {
                    case RdfIri iri:
                        w.WriteStartObject();
                        w.WriteString("@id", iri.Value);
                        w.WriteEndObject();
                        break;
                    case RdfLiteral lit:
                        w.WriteStartObject();
                        w.WriteString("@value", lit.Value);
                        if (lit.Language is not null)
                        {
                            w.WriteString("@language", lit.Language);
                        }
                        else if (lit.Datatype is not null)
                        {
                            w.WriteString("@type", lit.Datatype);
                        }

                        w.WriteEndObject();
                        break;
                    case RdfNode nested when nested.Iri is not null && nested.Types.Count == 0 && nested.Properties.Count == 0:
                        w.WriteStartObject();
                        w.WriteString("@id", nested.Iri);
                        w.WriteEndObject();
                        break;
                    case RdfNode nested:
                        WriteJsonNode(w, nested);
                        break;
                    default:
                        throw new InvalidOperationException("Unknown RDF term.");
                }
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}

using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace OneCity.Sensing.Cap;

/// <summary>What checking a document gave: the parsed, schema-valid alert and its CAP version, or the errors.</summary>
/// <param name="Errors">Field → messages: <c>body</c> when the bytes are not XML or not a CAP alert, else the path of each
/// element the schema rejected (<c>alert/info[2]/severity</c>) with the schema's message and the line and position.</param>
internal sealed record CapCheck(XDocument? Document, string? Version, IReadOnlyDictionary<string, string[]>? Errors)
{
    public bool Valid => Errors is null;
}

/// <summary>
/// The OASIS CAP 1.2 and 1.1 schemas (embedded, <c>Cap/Schemas</c>), compiled once into one <see cref="XmlSchemaSet"/>,
/// and the one way the module reads CAP: a secure reader (no DTD, no resolver, so no external entities or schema
/// locations are ever fetched), then validation of the whole document against the schema of its namespace.
/// </summary>
internal static class CapSchema
{
    public const string Cap12 = "urn:oasis:names:tc:emergency:cap:1.2";
    public const string Cap11 = "urn:oasis:names:tc:emergency:cap:1.1";
    public const string Cap10 = "http://www.incident.com/cap/1.0";
    public const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    /// <summary>At most this many schema errors are reported (a broken feed can produce thousands).</summary>
    public const int MaxErrors = 20;

    private static readonly Lazy<XmlSchemaSet> Set = new(Compile, LazyThreadSafetyMode.ExecutionAndPublication);

    public static XmlSchemaSet Schemas => Set.Value;

    /// <summary>Settings for every CAP document the module reads: DTDs are refused outright (no entity expansion, no XXE).</summary>
    public static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 4 * 1024 * 1024,
        CloseInput = true,
    };

    private static XmlSchemaSet Compile()
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        foreach (var name in new[] { "CAP-v1.2.xsd", "CAP-v1.1.xsd" })
        {
            using var stream = typeof(CapSchema).Assembly.GetManifestResourceStream("OneCity.Sensing.Cap.Schemas." + name)
                ?? throw new InvalidOperationException($"The embedded CAP schema {name} is missing.");
            using var reader = XmlReader.Create(stream, ReaderSettings());
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }

    /// <summary>Parses and validates; never throws for bad input.</summary>
    public static CapCheck Check(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Fail("body", "required: a CAP 1.2 alert as XML");
        }

        XDocument doc;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = XmlReader.Create(stream, ReaderSettings());
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return Fail("body", "not well-formed XML: " + e.Message);
        }

        return Check(doc);
    }

    /// <summary>Validates a parsed document (with line info when it was loaded with <see cref="LoadOptions.SetLineInfo"/>).</summary>
    public static CapCheck Check(XDocument doc)
    {
        var root = doc.Root!;
        var ns = root.Name.NamespaceName;
        string? version = ns switch
        {
            Cap12 => "1.2",
            Cap11 => "1.1",
            _ => null,
        };
        if (version is null || root.Name.LocalName != "alert")
        {
            var what = ns == Cap10 ? "CAP 1.0 is not accepted" : $"the root element is <{root.Name.LocalName}> in namespace '{ns}'";
            return Fail("body", $"not a CAP alert: {what}; expected <alert xmlns=\"{Cap12}\"> (CAP 1.1, <alert xmlns=\"{Cap11}\">, is also accepted)");
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var count = 0;
        doc.Validate(Schemas, (sender, e) =>
        {
            if (e.Severity != XmlSeverityType.Error || ++count > MaxErrors)
            {
                return;
            }

            var path = sender switch
            {
                XElement el => PathOf(el),
                XAttribute a when a.Parent is { } p => PathOf(p) + "/@" + a.Name.LocalName,
                _ => "body",
            };
            var line = e.Exception?.LineNumber ?? 0;
            var message = line > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{e.Message} (line {line}, position {e.Exception!.LinePosition})")
                : e.Message;
            if (!errors.TryGetValue(path, out var list))
            {
                errors[path] = list = [];
            }

            list.Add(message);
        });

        if (errors.Count > 0)
        {
            if (count > MaxErrors)
            {
                errors["body"] = [.. errors.GetValueOrDefault("body") ?? [], $"{count - MaxErrors} more schema errors not shown"];
            }

            return new CapCheck(null, version, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        return new CapCheck(doc, version, null);
    }

    /// <summary>Whether the alert carries an XML digital signature (a <c>ds:Signature</c> child of <c>alert</c>).</summary>
    public static bool IsSigned(XDocument doc) => doc.Root!.Elements(XName.Get("Signature", XmlDsig)).Any();

    /// <summary><c>alert/info[2]/area/geocode[3]/value</c>: local names, with a 1-based index where a name repeats among siblings.</summary>
    public static string PathOf(XElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var name = e.Name.LocalName;
            if (e.Parent is { } parent && parent.Elements(e.Name).Skip(1).Any())
            {
                var index = parent.Elements(e.Name).TakeWhile(x => x != e).Count() + 1;
                name = string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");
            }

            parts.Add(name);
        }

        parts.Reverse();
        return string.Join('/', parts);
    }

    private static CapCheck Fail(string field, string message) =>
        new(null, null, new Dictionary<string, string[]> { [field] = [message] });
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace OneCity.CityOps.Open311;

/// <summary>The two output formats, chosen by the URL suffix (<c>services.xml</c>, <c>services.json</c>).</summary>
internal enum Open311Format
{
    Xml,
    Json,
}

/// <summary>An ordered set of fields: a JSON object, or an XML element with one child element per field.</summary>
internal sealed class O311Object : List<KeyValuePair<string, object?>>
{
    public O311Object Add(string name, object? value)
    {
        Add(new KeyValuePair<string, object?>(name, value));
        return this;
    }
}

/// <summary>A list: a JSON array, or in XML one <see cref="ItemName"/> element per item (the Spark convention).</summary>
internal sealed record O311Array(string ItemName, IReadOnlyList<object?> Items);

/// <summary>
/// One answer in both formats from the same tree, so XML and JSON cannot drift apart: <paramref name="root"/> names the XML
/// document element (services, service_requests, service_definition, discovery, errors); in JSON an array root is the
/// bare array and an object root the bare object. Values are strings, booleans, numbers, null, objects and arrays.
/// </summary>
internal sealed class Open311Document(int status, string root, object body, Open311Format format) : IResult
{
    public const string XmlContentType = "text/xml; charset=utf-8";
    public const string JsonContentType = "application/json; charset=utf-8";

    // Chinese text and '+' in dates stay readable (the answer is application/json with nosniff, never HTML).
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), Indent = false, Async = false };

    public int Status => status;

    public string? Location { get; set; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = format == Open311Format.Json ? Json() : Xml();
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = format == Open311Format.Json ? JsonContentType : XmlContentType;
        httpContext.Response.ContentLength = bytes.Length;
        httpContext.Response.Headers.XContentTypeOptions = "nosniff";
        if (Location is not null)
        {
            httpContext.Response.Headers.Location = Location;
        }

        await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    public byte[] Json()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            WriteJson(w, body);
        }

        return stream.ToArray();
    }

    public byte[] Xml()
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, XmlSettings))
        {
            // The spec asks for the declaration with encoding="utf-8" before the root element.
            w.WriteStartDocument();
            w.WriteStartElement(root);
            WriteXmlContent(w, body);
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void WriteJson(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(Clean(s));
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case double d:
                w.WriteNumberValue(d);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case O311Object o:
                w.WriteStartObject();
                foreach (var (name, v) in o)
                {
                    w.WritePropertyName(name);
                    WriteJson(w, v);
                }

                w.WriteEndObject();
                break;
            case O311Array a:
                w.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteJson(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Open311 documents hold no {value.GetType().Name}.");
        }
    }

    /// <summary>The content of an element: fields as child elements, list items as repeated elements, scalars as text; null is empty.</summary>
    private static void WriteXmlContent(XmlWriter w, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case O311Object o:
                foreach (var (name, v) in o)
                {
                    w.WriteStartElement(name);
                    WriteXmlContent(w, v);
                    w.WriteEndElement();
                }

                break;
            case O311Array a:
                foreach (var item in a.Items)
                {
                    w.WriteStartElement(a.ItemName);
                    WriteXmlContent(w, item);
                    w.WriteEndElement();
                }

                break;
            default:
                w.WriteString(Scalar(value));
                break;
        }
    }

    private static string Scalar(object value) => value switch
    {
        string s => Clean(s),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Open311 documents hold no {value.GetType().Name}."),
    };

    /// <summary>Drops characters XML 1.0 cannot carry (control characters, broken surrogates a caller may have sent), so writing never fails.</summary>
    private static string Clean(string s)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
            var keep = pair || (!char.IsSurrogate(c) && XmlConvert.IsXmlChar(c));
            if (!keep && sb is null)
            {
                sb = new StringBuilder(s.Length).Append(s, 0, i);
            }
            else if (keep && sb is not null)
            {
                sb.Append(c);
                if (pair)
                {
                    sb.Append(s[i + 1]);
                }
            }

            if (pair)
            {
                i++;
            }
        }

        return sb?.ToString() ?? s;
    }
}

/// <summary>One error of the spec's error format: the HTTP status, and as many {code, description} pairs as there are problems.</summary>
internal sealed record Open311Error(int Code, string Description);

internal static class Open311Answers
{
    /// <summary>Shanghai's offset: every date the API returns carries it, e.g. 2026-11-28T14:05:00+08:00.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static string W3c(DateTimeOffset at) => at.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string? W3c(DateTimeOffset? at) => at is { } a ? W3c(a) : null;

    public static Open311Document List(string root, string item, IEnumerable<O311Object> items, Open311Format format, int status = StatusCodes.Status200OK) =>
        new(status, root, new O311Array(item, items.Cast<object?>().ToList()), format);

    public static Open311Document Object(string root, O311Object body, Open311Format format) => new(StatusCodes.Status200OK, root, body, format);

    /// <summary>The spec's errors: HTTP status = the first error's code (400 bad input, 403 api_key, 404 not found).</summary>
    public static Open311Document Errors(Open311Format format, params IReadOnlyList<Open311Error> errors) =>
        new(errors[0].Code, "errors",
            new O311Array("error", errors.Select(e => (object?)new O311Object().Add("code", e.Code).Add("description", e.Description)).ToList()), format);

    public static Open311Document Error(Open311Format format, int code, string description) => Errors(format, new Open311Error(code, description));

    public static Open311Document BadRequest(Open311Format format, string description) => Error(format, StatusCodes.Status400BadRequest, description);

    public static Open311Document NotFound(Open311Format format, string description) => Error(format, StatusCodes.Status404NotFound, description);
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OneCity.CityOps.Open311;

/// <summary>
/// Open311 GeoReport v2 under <c>/open311/v2/</c>: discovery, services, service definitions, POST and GET requests,
/// a request, tokens. The URL suffix (<c>.xml</c> or <c>.json</c>) picks the format; every error is the spec's
/// <c>errors</c> document in that format with the HTTP status the spec names (400 bad input, 403 api_key, 404 not found).
/// </summary>
internal static partial class Open311Endpoints
{
    public const string Jurisdiction = "shanghai";
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>When the service list last changed: it ships with the module, so the module's build (deployment) time.</summary>
    private static readonly Lazy<DateTimeOffset> Changeset = new(() =>
    {
        var location = typeof(Open311Endpoints).Assembly.Location;
        var at = string.IsNullOrEmpty(location) ? DateTime.UtcNow : File.GetLastWriteTimeUtc(location);
        return new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    });

    public static IServiceCollection AddOpen311(this IServiceCollection services) => services
        .AddSingleton<Open311Catalogue>()
        .AddScoped<Open311Keys>()
        .AddScoped<Open311Requests>();

    public static void MapOpen311Endpoints(this IEndpointRouteBuilder app)
    {
        app.MapOpen311KeyEndpoints();

        var g = app.MapGroup("/open311/v2").WithTags("Open311 GeoReport v2").AllowAnonymous();
        g.MapGet("/discovery.{format}", Discovery)
            .WithSummary("Service discovery: changeset, contact, key service and the GeoReport v2 endpoint with its formats (text/xml, application/json).");
        g.MapGet("/services.{format}", Services)
            .WithSummary("GET Service List: every leaf category as a service (service_code = category code, group = first-level category). jurisdiction_id optional (shanghai).");
        g.MapGet("/services/{code}.{format}", ServiceDefinition)
            .WithSummary("GET Service Definition: the service's attributes (none: every service has metadata=false).");
        g.MapPost("/requests.{format}", PostRequest).DisableAntiforgery()
            .WithSummary("POST Service Request (application/x-www-form-urlencoded, or a JSON object): api_key, service_code, lat+long or address_string, description, first_name, last_name, phone, email, media_url. Runs the CityOps intake pipeline.");
        g.MapGet("/requests.{format}", GetRequests)
            .WithSummary("GET Service Requests: service_request_id (comma list, overrides the rest), service_code (comma list), start_date, end_date (W3C, at most 90 days; default the last 90), status (open, closed); at most 1,000, newest first. No personal data.");
        g.MapGet("/requests/{id}.{format}", GetRequest)
            .WithSummary("GET Service Request: one request by service_request_id (the CityOps report id).");
        g.MapGet("/tokens/{token}.{format}", GetToken)
            .WithSummary("GET service_request_id from a token (the token POST returned).");

        // Anything else under /open311 answers in the spec's error format rather than a problem document.
        app.Map("/open311/{**rest}", Unknown).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    private static Open311Format? ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        "xml" => Open311Format.Xml,
        "json" => Open311Format.Json,
        _ => null,
    };

    private static Open311Document BadFormat(string? format) =>
        Open311Answers.BadRequest(Open311Format.Xml, $"Unknown format \"{format}\": append .xml or .json to the resource (e.g. services.xml)");

    /// <summary>jurisdiction_id is optional (one jurisdiction); when given it must be shanghai.</summary>
    private static Open311Document? CheckJurisdiction(string? value, Open311Format format) =>
        string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), Jurisdiction, StringComparison.OrdinalIgnoreCase)
            ? null
            : Open311Answers.NotFound(format, $"jurisdiction_id {value.Trim()} was not found: this endpoint serves jurisdiction_id {Jurisdiction}");

    /// <summary>Every value of a query parameter, comma lists and repeats flattened, blanks dropped (an empty parameter is an absent one).</summary>
    private static List<string> Values(HttpRequest request, string name) =>
        request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static Open311Document Discovery(string format, HttpContext http)
    {
        if (ParseFormat(format) is not { } f)
        {
            return BadFormat(format);
        }

        var changeset = Open311Answers.W3c(Changeset.Value);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/open311/v2/";
        var endpoint = new O311Object()
            .Add("specification", Specification)
            .Add("url", url)
            .Add("changeset", changeset)
            .Add("type", "production")
            .Add("formats", new O311Array("format", [Open311Document.XmlContentType.Split(';')[0], Open311Document.JsonContentType.Split(';')[0]]));
        return Open311Answers.Object("discovery", new O311Object()
            .Add("changeset", changeset)
            .Add("contact", "上海市城市运行管理中心 OneCity 平台管理员 / OneCity administrators, Shanghai city operations centre")
            .Add("key_service", "API keys are issued per client by the city's OneCity administrators (请向平台管理员申请 API key)")
            .Add("endpoints", new O311Array("endpoint", [endpoint])), f);
    }

    private static Open311Document Services(string format, HttpContext http, Open311Catalogue catalogue)
    {
        if (ParseFormat(format) is not { } f)
        {
            return BadFormat(format);
        }

        return CheckJurisdiction(http.Request.Query["jurisdiction_id"], f)
            ?? Open311Answers.List("services", "service", catalogue.Services.Select(s => new O311Object()
                .Add("service_code", s.Code)
                .Add("service_name", s.Name)
                .Add("description", s.Description)
                .Add("metadata", false)
                .Add("type", "realtime")
                .Add("keywords", s.Keywords)
                .Add("group", s.Group)), f);
    }

    private static Open311Document ServiceDefinition(string code, string format, HttpContext http, Open311Catalogue catalogue)
    {
        if (ParseFormat(format) is not { } f)
        {
            return BadFormat(format);
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], f) is { } wrong)
        {
            return wrong;
        }

        return catalogue.Find(code) is { } s
            ? Open311Answers.Object("service_definition", new O311Object().Add("service_code", s.Code).Add("attributes", new O311Array("attribute", [])), f)
            : Open311Answers.NotFound(f, $"service_code {code} was not found (GET services.{format} lists the services)");
    }

    private static async Task<Open311Document> PostRequest(string format, HttpContext http, Open311Keys keys, Open311Requests requests)
    {
        if (ParseFormat(format) is not { } f)
        {
            return BadFormat(format);
        }

        var (fields, error) = await ReadFieldsAsync(http.Request, http.RequestAborted);
        if (fields is null)
        {
            return Open311Answers.BadRequest(f, error!);
        }

        if (CheckJurisdiction(fields.GetValueOrDefault("jurisdiction_id"), f) is { } wrong)
        {
            return wrong;
        }

        var key = fields.GetValueOrDefault("api_key");
        var client = await keys.AuthenticateAsync(key, http.RequestAborted);
        if (client is null)
        {
            return Open311Answers.Error(f, StatusCodes.Status403Forbidden, string.IsNullOrEmpty(key)
                ? "api_key was not provided -- can't proceed with create_request"
                : "Invalid api_key received -- can't proceed with create_request");
        }

        return await requests.SubmitAsync(client, fields, f, http.RequestAborted);
    }

    /// <summary>
    /// The POST's fields: the query string, overridden by the body, a form (the spec's encoding) or a JSON object
    /// (strings, numbers and booleans; nested values such as attribute objects are ignored).
    /// </summary>
    private static async Task<(Dictionary<string, string?>? Fields, string? Error)> ReadFieldsAsync(HttpRequest request, CancellationToken ct)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            fields[name] = values.FirstOrDefault();
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"The request body is larger than {MaxBodyBytes / 1024} KB");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                foreach (var (name, values) in form)
                {
                    fields[name] = values.FirstOrDefault();
                }
            }
            else if (request.HasJsonContentType())
            {
                using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, "A JSON body must be an object of fields, e.g. {\"api_key\": \"…\", \"service_code\": \"0101\", \"lat\": 31.23, \"long\": 121.47}");
                }

                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    fields[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => null,
                    };
                }
            }
            else if (request.ContentLength is > 0 || request.ContentType is not null)
            {
                return (null, "POST requests are sent as application/x-www-form-urlencoded; charset=utf-8 (a JSON object is accepted too)");
            }
        }
        catch (JsonException)
        {
            return (null, "The JSON body is not valid JSON");
        }
        catch (InvalidDataException e)
        {
            return (null, "The form body cannot be read: " + e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return (null, "The request body cannot be read: " + e.Message);
        }

        return (fields, null);
    }

    private static async Task<Open311Document> GetRequests(string format, HttpContext http, Open311Requests requests, Open311Catalogue catalogue, TimeProvider clock)
    {
        if (ParseFormat(format) is not { } f)
        {
            return BadFormat(format);
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], f) is { } wrong)
        {
            return wrong;
        }

        var errors = new List<Open311Error>();
        var now = clock.GetUtcNow();
        RequestFilter filter;
        var idValues = Values(http.Request, "service_request_id");
        if (idValues.Count > 0)
        {
            // "This overrides all other arguments."
            var ids = new List<long>();
            foreach (var v in idValues)
            {
                if (long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
                {
                    ids.Add(id);
                }
                else
                {
                    errors.Add(new Open311Error(400, $"service_request_id \"{v}\" is not a service request id (a comma-separated list of numbers)"));
                }
            }

            if (ids.Count > Open311Requests.MaxResults)
            {
                errors.Add(new Open311Error(400, $"service_request_id: at most {Open311Requests.MaxResults} ids at once"));
            }

            filter = new RequestFilter(ids.Distinct().ToList(), null, now, now, null);
        }
        else
        {
            var codes = Values(http.Request, "service_code");
            foreach (var c in codes.Where(c => catalogue.Find(c) is null))
            {
                errors.Add(new Open311Error(400, $"service_code {c} is not a service of this jurisdiction (GET services.{format} lists them)"));
            }

            bool? open = null;
            var statuses = Values(http.Request, "status").Select(s => s.ToLowerInvariant()).Distinct().ToList();
            foreach (var s in statuses.Where(s => s is not ("open" or "closed")))
            {
                errors.Add(new Open311Error(400, $"status \"{s}\" is not a status: open or closed"));
            }

            if (statuses.Count == 1 && statuses[0] is "open" or "closed")
            {
                open = statuses[0] == "open";
            }

            var start = ParseDate(http.Request.Query["start_date"], "start_date", errors);
            var end = ParseDate(http.Request.Query["end_date"], "end_date", errors);
            var (from, to) = (start, end) switch
            {
                ({ } s, { } e) => (s, e),
                ({ } s, null) => (s, s + Open311Requests.MaxSpan),
                (null, { } e) => (e - Open311Requests.MaxSpan, e),
                _ => (now - Open311Requests.MaxSpan, now),
            };
            if (from > to)
            {
                errors.Add(new Open311Error(400, "start_date must not be later than end_date"));
            }
            else if (to - from > Open311Requests.MaxSpan)
            {
                errors.Add(new Open311Error(400, $"start_date and end_date may not span more than {Open311Requests.MaxSpan.TotalDays:0} days"));
            }

            filter = new RequestFilter(null, codes.Count > 0 ? codes.Distinct().ToList() : null, from, to, open);
        }

        if (errors.Count > 0)
        {
            return Open311Answers.Errors(f, errors);
        }

        var rows = await requests.FindAsync(filter, http.RequestAborted);
        return Open311Answers.List("service_requests", "request", rows.Select(requests.ToRequest), f);
    }

    /// <summary>
    /// A W3C date-time with its offset (2010-01-01T00:00:00Z, 2010-01-01T08:00:00+08:00, seconds and fractions optional),
    /// or a date (midnight in Shanghai). A '+' that arrived as a space (an unencoded query string) is taken as '+'.
    /// </summary>
    internal static DateTimeOffset? ParseDate(string? raw, string name, List<Open311Error> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var s = raw.Trim();
        if (s.Length > 10 && s[^6] == ' ')
        {
            s = string.Concat(s.AsSpan(0, s.Length - 6), "+", s.AsSpan(s.Length - 5));
        }

        if (W3cDateTime().IsMatch(s)
            && DateTimeOffset.TryParse(s.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        if (W3cDate().IsMatch(s)
            && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Open311Answers.Offset);
        }

        errors.Add(new Open311Error(400, $"{name} \"{raw}\" is not a W3C date-time with a time zone, e.g. 2010-01-01T00:00:00Z or 2010-01-01T08:00:00+08:00"));
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex W3cDateTime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex W3cDate();

    private static async Task<Open311Document> GetRequest(string id, string format, HttpContext http, Open311Requests requests)
    {
        if (ParseFormat(format) is not { } f)
        {
            return BadFormat(format);
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], f) is { } wrong)
        {
            return wrong;
        }

        var rows = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var reportId)
            ? await requests.FindAsync(new RequestFilter([reportId], null, default, default, null), http.RequestAborted)
            : [];
        return rows.Count == 0
            ? Open311Answers.NotFound(f, $"service_request_id {id} was not found")
            : Open311Answers.List("service_requests", "request", rows.Select(requests.ToRequest), f);
    }

    private static async Task<Open311Document> GetToken(string token, string format, HttpContext http, Open311Requests requests)
    {
        if (ParseFormat(format) is not { } f)
        {
            return BadFormat(format);
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], f) is { } wrong)
        {
            return wrong;
        }

        var id = token.Length <= 64 ? await requests.IdForTokenAsync(token, http.RequestAborted) : null;
        return id is { } found
            ? Open311Answers.List("service_requests", "request",
                [new O311Object().Add("service_request_id", found.ToString(CultureInfo.InvariantCulture)).Add("token", token)], f)
            : Open311Answers.NotFound(f, $"token {token} was not found");
    }

    private static Open311Document Unknown(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var f = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Open311Format.Json : Open311Format.Xml;
        var offered = "The API offers GET discovery, GET services, GET services/{service_code}, POST and GET requests, GET requests/{service_request_id} "
            + "and GET tokens/{token} under /open311/v2/, each with .xml or .json";
        return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? Open311Answers.NotFound(f, $"No such resource: {path}. {offered}")
            : Open311Answers.BadRequest(f, $"The URL request is invalid: {http.Request.Method} {path}. {offered}");
    }
}

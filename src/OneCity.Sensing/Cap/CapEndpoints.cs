using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;
using OneCity.Sensing.Telemetry;

namespace OneCity.Sensing.Cap;

/// <summary>
/// OASIS CAP 1.2: <c>/api/cap/alerts</c> (ingest and query, staff and trusted feeds), <c>/api/cap/warnings</c> (OneCity's
/// own warnings: issue, update, cancel) and the anonymous public feed <c>/cap/alerts</c> with each warning's CAP XML.
/// </summary>
internal static class CapEndpoints
{
    public const string CapContentType = "application/cap+xml";
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Roles that may hand in CAP messages (besides a gateway key in X-Api-Key).</summary>
    public static readonly string[] IngestRoles = [Roles.Dispatcher, Roles.Commander, Roles.SystemAdministrator];

    /// <summary>Roles that may issue, update and cancel OneCity's public warnings.</summary>
    public static readonly string[] PublishRoles = [Roles.Commander, Roles.SystemAdministrator];

    private static readonly string[] XmlTypes = [CapContentType, "application/xml", "text/xml"];

    public static IServiceCollection AddCap(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton(CapOptions.From(configuration))
        .AddScoped<CapIngest>()
        .AddScoped<CapPublisher>();

    public static void MapCapEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/cap").WithTags("Sensing: CAP");
        g.MapPost("/alerts", Ingest).AllowAnonymous().DisableAntiforgery()
            .WithSummary("Receive a CAP 1.2 alert (Content-Type application/cap+xml, application/xml or text/xml; at most 1 MB) from a dispatcher, commander or administrator, or a trusted feed with a gateway key in X-Api-Key. Validated against the OASIS schema (CAP 1.1 against its own); stored byte for byte (signatures stay verifiable). 201 with the parsed summary; 200 with the stored one when sender, identifier and sent were seen before; 400 naming each element the schema rejects.");
        g.MapGet("/alerts", List).RequireAuthorization(Policies.Staff)
            .WithSummary("Stored CAP messages, newest first: event (case-insensitive), severity (Extreme, Severe, Moderate, Minor, Unknown), status, msgType, since (ISO 8601, on sent), geocode (an area's geocode value, e.g. a district code), origin (ingested, published), take ≤ 500.");
        g.MapGet("/alerts/{id:long}", Get).RequireAuthorization(Policies.Staff).WithSummary("One stored CAP message, parsed.");
        g.MapGet("/alerts/{id:long}/xml", Raw).RequireAuthorization(Policies.Staff).WithSummary("One stored CAP message's XML, byte for byte as received or issued (application/cap+xml).");

        var w = app.MapGroup("/api/cap/warnings").WithTags("Sensing: CAP").RequireAuthorization(p => p.RequireRole(PublishRoles));
        w.MapPost("", Issue)
            .WithSummary("Issue a public warning as CAP 1.2 (commander, administrator): eventZh, eventEn, category (default Other), severity, urgency, certainty, responseType, headlineZh/En, descriptionZh/En, instructionZh/En, districts (310000, district or subdistrict codes), effective, onset, expires, status (Actual or Exercise), web. 201 with the message; it is in the public feed at once.");
        w.MapPost("/{id:long}/update", Update)
            .WithSummary("Update a warning (id of any of its messages): fields left out keep their value. Issues an Update whose references list the warning's earlier messages.");
        w.MapPost("/{id:long}/cancel", Cancel)
            .WithSummary("Cancel a warning: optional reasonZh, reasonEn. Issues a Cancel whose references list the warning's earlier messages.");

        var feed = app.MapGroup("/cap").WithTags("Sensing: CAP").AllowAnonymous();
        feed.MapGet("/alerts", Feed).WithSummary("Atom feed of OneCity's public warnings (application/atom+xml): the latest message of each, warnings in force first, each linking to its CAP XML.");
        feed.MapGet("/alerts/{identifier}.xml", Public).WithSummary("One of OneCity's public warnings as CAP 1.2 XML (application/cap+xml), by its identifier.");
    }

    private static string RequestBase(HttpRequest request) => UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase).TrimEnd('/');

    private static async Task<Results<Created<CapAlertView>, Ok<CapAlertView>, ValidationProblem, ProblemHttpResult>> Ingest(HttpContext http, GatewayKeys keys, CapIngest ingest)
    {
        var user = CurrentUser.From(http.User);
        var actor = IngestRoles.Any(user.IsInRole) ? user : null;
        if (actor is null && http.Request.Headers["X-Api-Key"].ToString() is { Length: > 0 } apiKey && await keys.AuthenticateAsync(apiKey, http.RequestAborted) is { } key)
        {
            actor = new CurrentUser("gateway:" + key.Id.ToString(CultureInfo.InvariantCulture), "gateway:" + key.Name, key.Name, [], null, AreaCodes.City, null);
        }

        if (actor is null)
        {
            return http.User.Identity?.IsAuthenticated == true
                ? Problems.Forbidden("Handing in CAP alerts needs the dispatcher, commander or system-administrator role, or a gateway key in X-Api-Key.")
                : TypedResults.Problem("Sign in as a dispatcher, commander or administrator, or send a gateway key in the X-Api-Key header.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !XmlTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem($"Send the alert as {string.Join(", ", XmlTypes)} (Content-Type was '{http.Request.ContentType}').",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        var tooLarge = TypedResults.Problem($"A CAP alert may have at most {MaxBodyBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return tooLarge;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
            {
                return tooLarge;
            }

            buffer.Write(chunk, 0, n);
        }

        var result = await ingest.IngestAsync(actor, buffer.ToArray(), http.RequestAborted);
        return result.Outcome switch
        {
            CapIngestOutcome.Created => TypedResults.Created($"/api/cap/alerts/{result.Alert!.Id}", CapQueries.View(result.Alert)),
            CapIngestOutcome.Duplicate => TypedResults.Ok(CapQueries.View(result.Alert!)),
            _ => Problems.Invalid(result.Errors!.ToDictionary(e => e.Key, e => e.Value)),
        };
    }

    private static string? Canonical(string? value, string[] allowed) =>
        value is null ? null : allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));

    private static async Task<Results<Ok<List<CapAlertView>>, ValidationProblem>> List(
        string? @event, string? severity, string? status, string? msgType, string? since, string? geocode, string? origin, int? take, SensingDbContext db, HttpContext http)
    {
        var errors = new FieldErrors();
        var sev = Canonical(severity, CapPublisher.Severities);
        if (severity is not null && sev is null)
        {
            errors.Add("severity", "one of " + string.Join(", ", CapPublisher.Severities));
        }

        string[] statuses = ["Actual", "Exercise", "System", "Test", "Draft"];
        var st = Canonical(status, statuses);
        if (status is not null && st is null)
        {
            errors.Add("status", "one of " + string.Join(", ", statuses));
        }

        string[] msgTypes = ["Alert", "Update", "Cancel", "Ack", "Error"];
        var mt = Canonical(msgType, msgTypes);
        if (msgType is not null && mt is null)
        {
            errors.Add("msgType", "one of " + string.Join(", ", msgTypes));
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (DateTimeOffset.TryParse(since.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s))
            {
                from = s;
            }
            else
            {
                errors.Add("since", "an ISO 8601 instant, e.g. 2026-07-25T00:00:00+08:00");
            }
        }

        CapOrigin? o = null;
        if (origin is not null)
        {
            switch (origin.Trim().ToLowerInvariant())
            {
                case "ingested":
                    o = CapOrigin.Ingested;
                    break;
                case "published":
                    o = CapOrigin.Published;
                    break;
                default:
                    errors.Add("origin", "ingested or published");
                    break;
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var alerts = await CapQueries.SearchAsync(db, new CapSearch(string.IsNullOrWhiteSpace(@event) ? null : @event, sev, st, mt, from,
            string.IsNullOrWhiteSpace(geocode) ? null : geocode.Trim(), o, take ?? 100), http.RequestAborted);
        return TypedResults.Ok(alerts.Select(CapQueries.View).ToList());
    }

    private static async Task<Results<Ok<CapAlertView>, ProblemHttpResult>> Get(long id, SensingDbContext db, HttpContext http) =>
        await CapQueries.LoadAsync(db, id, http.RequestAborted) is { } a ? TypedResults.Ok(CapQueries.View(a)) : Problems.NotFound($"No CAP alert {id}.");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Raw(long id, SensingDbContext db, HttpContext http) =>
        await CapQueries.XmlAsync(db, id, http.RequestAborted) is { } bytes ? TypedResults.Bytes(bytes, CapContentType) : Problems.NotFound($"No CAP alert {id}.");

    private static Results<Created<CapAlertView>, ValidationProblem, ProblemHttpResult> Answer(CapPublishResult r) => r switch
    {
        { Alert: { } a } => TypedResults.Created($"/api/cap/alerts/{a.Id}", CapQueries.View(a)),
        { Errors: { } e } => e.ToProblem(),
        { NotFound: { } nf } => Problems.NotFound(nf),
        { Forbidden: { } f } => Problems.Forbidden(f),
        _ => Problems.Conflict(r.Conflict!),
    };

    private static async Task<Results<Created<CapAlertView>, ValidationProblem, ProblemHttpResult>> Issue(WarningInput? body, CapPublisher publisher, HttpContext http) =>
        body is null
            ? Problems.Invalid("body", "required: the warning as JSON")
            : Answer(await publisher.IssueAsync(CurrentUser.From(http.User), body, RequestBase(http.Request), http.RequestAborted));

    private static async Task<Results<Created<CapAlertView>, ValidationProblem, ProblemHttpResult>> Update(long id, WarningInput? body, CapPublisher publisher, HttpContext http) =>
        body is null
            ? Problems.Invalid("body", "required: the fields to change as JSON")
            : Answer(await publisher.UpdateAsync(CurrentUser.From(http.User), id, body, RequestBase(http.Request), http.RequestAborted));

    /// <summary>The body is optional (a reason), so it is read here: no body, or an empty one, is no reason.</summary>
    private static async Task<Results<Created<CapAlertView>, ValidationProblem, ProblemHttpResult>> Cancel(long id, CapPublisher publisher, HttpContext http)
    {
        WarningCancelInput? body = null;
        if (http.Request.ContentLength != 0 && http.Request.HasJsonContentType())
        {
            try
            {
                body = await http.Request.ReadFromJsonAsync<WarningCancelInput>(http.RequestAborted);
            }
            catch (JsonException e)
            {
                return Problems.Invalid("body", "optional JSON {reasonZh, reasonEn}: " + e.Message);
            }
        }

        return Answer(await publisher.CancelAsync(CurrentUser.From(http.User), id, body, RequestBase(http.Request), http.RequestAborted));
    }

    private static async Task<IResult> Feed(SensingDbContext db, CapOptions options, TimeProvider clock, HttpContext http)
    {
        var bytes = await CapFeed.BuildAsync(db, options, options.BaseUrl ?? RequestBase(http.Request), clock.GetUtcNow(), http.RequestAborted);
        http.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Bytes(bytes, CapFeed.ContentType);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Public(string identifier, SensingDbContext db, HttpContext http)
    {
        var id = await db.Set<CapAlert>().AsNoTracking()
            .Where(a => a.Origin == CapOrigin.Published && a.Identifier == identifier)
            .OrderByDescending(a => a.Id).Select(a => (long?)a.Id).FirstOrDefaultAsync(http.RequestAborted);
        if (id is null || await CapQueries.XmlAsync(db, id.Value, http.RequestAborted) is not { } bytes)
        {
            return Problems.NotFound($"OneCity published no warning with the identifier {identifier}.");
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Bytes(bytes, CapContentType);
    }
}

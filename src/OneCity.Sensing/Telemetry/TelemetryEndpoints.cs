using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;
using OneCity.Sensing.Devices;

namespace OneCity.Sensing.Telemetry;

/// <summary>What became of a batch: how many readings were stored (durably, before this answer) and why the others were not.</summary>
internal sealed record TelemetryReceipt(int Received, int Accepted, int Rejected, IReadOnlyList<Rejection> Rejections);

internal sealed record DeviceView(
    string Code, string Type, string TypeZh, string TypeEn, string NameZh, string? NameEn, double Longitude, double Latitude,
    string DistrictCode, string? SubdistrictCode, string DepartmentCode, string Unit, double ValidMin, double ValidMax,
    double WarningThreshold, double AlarmThreshold, double Hysteresis, int PeriodSeconds, bool Synthetic, bool Active,
    DateTimeOffset? LastAt, double? LastValue, string Status, int OpenAlarms);

internal sealed record ReadingsView(string Device, string Resolution, string Unit, DateTimeOffset From, DateTimeOffset To, bool Synthetic, IReadOnlyList<SeriesPoint> Points);

internal sealed record AlarmView(long Id, string Device, string DeviceName, string Type, string Kind, string Severity, DateTimeOffset RaisedAt, DateTimeOffset ObservedAt,
    double Value, double? Threshold, DateTimeOffset? ExpectedAt, string Message, DateTimeOffset? ClearedAt, string? IncidentNumber, bool Synthetic);

internal sealed record RejectionView(string Device, string Reason, long Count, DateTimeOffset LastAt, string? LastDetail);

internal sealed record DeviceInput(
    string? Code, string? Type, string? NameZh, string? NameEn, double? Longitude, double? Latitude, double? ValidMin, double? ValidMax,
    double? WarningThreshold, double? AlarmThreshold, double? Hysteresis, int? PeriodSeconds, string? DepartmentCode, bool? Active);

internal sealed record GatewayKeyInput(string? Name);

internal static class TelemetryEndpoints
{
    public const long MaxBodyBytes = 8 * 1024 * 1024;
    public const int MaxRejectionsShown = 100;

    public static void MapTelemetryEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/telemetry").WithTags("Sensing");
        g.MapPost("", Ingest).AllowAnonymous().DisableAntiforgery()
            .WithSummary("Readings from a device gateway (header X-Api-Key) as a JSON array of {deviceId, ts, value} or NDJSON (Content-Type application/x-ndjson), at most 10,000 per request. Answers once they are durable, with per-reading rejections (malformed, unknown-device, out-of-range, future, too-old).");
        g.MapGet("/devices", ListDevices).RequireAuthorization(Policies.Staff)
            .WithSummary("Devices in your jurisdiction: type (water-level, rainfall, wind-speed, manhole-tilt, gas, smoke, strain, traffic-flow, crowd-density), area prefix, status (normal, warning, alarm, offline, no-data); with the latest reading and open alarms.");
        g.MapGet("/devices/{code}", GetDevice).RequireAuthorization(Policies.Staff).WithSummary("One device.");
        g.MapPost("/devices", Register).RequireAuthorization(Policies.Administrator).WithSummary("Register a device: code, type, names, WGS84 position, valid range, thresholds, reporting period.");
        g.MapPut("/devices/{code}", Update).RequireAuthorization(Policies.Administrator).WithSummary("Change a device's names, position, range, thresholds, period or deactivate it.");
        g.MapGet("/devices/{code}/readings", Readings).RequireAuthorization(Policies.Staff)
            .WithSummary("Stored readings from..to (ISO 8601; default the last 24 hours) at resolution raw (kept 7 days), 1m or 1h (kept long-term; avg, min, max, count).");
        g.MapGet("/alarms", Alarms).RequireAuthorization(Policies.Staff).WithSummary("Alarms and warnings in your jurisdiction, newest first: open=true for uncleared ones, device, take ≤ 500.");
        g.MapGet("/rejections", Rejections).RequireAuthorization(Policies.Staff).WithSummary("Rejected readings counted per device and reason.");
        g.MapGet("/keys", async (GatewayKeys keys, HttpContext h) => TypedResults.Ok(await keys.ListAsync(h.RequestAborted))).RequireAuthorization(Policies.Administrator)
            .WithSummary("Gateway keys (never the keys themselves).");
        g.MapPost("/keys", IssueKey).RequireAuthorization(Policies.Administrator).WithSummary("Issue a gateway key: {name}. The key is shown once.");
        g.MapDelete("/keys/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (long id, GatewayKeys keys, HttpContext h) =>
                await keys.RevokeAsync(CurrentUser.From(h.User), id, h.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No gateway key {id}."))
            .RequireAuthorization(Policies.Administrator).WithSummary("Revoke a gateway key; it stops working at once.");
    }

    private static async Task<Results<Ok<TelemetryReceipt>, ValidationProblem, ProblemHttpResult>> Ingest(HttpContext http, GatewayKeys keys, TelemetryParser parser, TelemetryPipeline pipeline, RejectionCounter counter)
    {
        var isAdmin = http.User.IsInRole(Roles.SystemAdministrator);
        if (!isAdmin && await keys.AuthenticateAsync(http.Request.Headers["X-Api-Key"].ToString(), http.RequestAborted) is null)
        {
            return TypedResults.Problem("Send a valid gateway key in the X-Api-Key header.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem($"At most {MaxBodyBytes / 1024 / 1024} MB per request.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        using var buffer = new MemoryStream();
        var body = http.Request.Body;
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
            {
                return TypedResults.Problem($"At most {MaxBodyBytes / 1024 / 1024} MB per request.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
            }

            buffer.Write(chunk, 0, n);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        ParsedBatch batch;
        try
        {
            var type = http.Request.ContentType ?? "";
            batch = type.Contains("ndjson", StringComparison.OrdinalIgnoreCase) || type.Contains("jsonl", StringComparison.OrdinalIgnoreCase) || type.Contains("json-seq", StringComparison.OrdinalIgnoreCase)
                ? parser.ParseNdjson(bytes)
                : parser.ParseArray(bytes);
        }
        catch (TelemetryFormatException e)
        {
            return Problems.Invalid("body", e.Message);
        }

        if (batch.Total == 0)
        {
            return Problems.Invalid("body", "at least one reading");
        }

        counter.Add(batch.Rejected);
        try
        {
            await pipeline.SubmitAsync(batch.Accepted, http.RequestAborted);
        }
        catch (TelemetryBusyException e)
        {
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy");
        }

        return TypedResults.Ok(new TelemetryReceipt(batch.Total, batch.Accepted.Count, batch.Rejected.Count, batch.Rejected.Take(MaxRejectionsShown).ToList()));
    }

    private static async Task<Results<Ok<IReadOnlyList<DeviceView>>, ValidationProblem>> ListDevices(string? type, string? area, string? status, DeviceQueries queries, HttpContext http)
    {
        DeviceType? t = null;
        if (type is not null)
        {
            if (DeviceTypes.FromSlug(type) is not { } info)
            {
                return Problems.Invalid("type", "one of " + string.Join(", ", DeviceTypes.All.Select(x => x.Slug)));
            }

            t = info.Type;
        }

        if (area is not null && (area.Length is not (6 or 9) || !area.All(char.IsAsciiDigit)))
        {
            return Problems.Invalid("area", "a district (6 digits) or subdistrict (9 digits) code");
        }

        if (status is not null && !DeviceQueries.Statuses.Contains(status))
        {
            return Problems.Invalid("status", string.Join(", ", DeviceQueries.Statuses));
        }

        return TypedResults.Ok(await queries.ListAsync(CurrentUser.From(http.User), t, area, status, http.RequestAborted));
    }

    private static async Task<Results<Ok<DeviceView>, ProblemHttpResult>> GetDevice(string code, DeviceQueries queries, HttpContext http)
    {
        var (d, forbidden) = await queries.FindAsync(CurrentUser.From(http.User), code, http.RequestAborted);
        return forbidden ? Problems.Forbidden($"Device {code} is outside your jurisdiction.")
            : d is null ? Problems.NotFound($"No device {code}.")
            : TypedResults.Ok(await queries.ViewAsync(d, http.RequestAborted));
    }

    private static async Task<Results<Ok<ReadingsView>, ValidationProblem, ProblemHttpResult>> Readings(string code, string? from, string? to, string? resolution, DeviceQueries queries, TelemetryStore store, TimeProvider clock, HttpContext http)
    {
        var (d, forbidden) = await queries.FindAsync(CurrentUser.From(http.User), code, http.RequestAborted);
        if (forbidden)
        {
            return Problems.Forbidden($"Device {code} is outside your jurisdiction.");
        }

        if (d is null)
        {
            return Problems.NotFound($"No device {code}.");
        }

        resolution ??= "raw";
        if (resolution is not ("raw" or "1m" or "1h"))
        {
            return Problems.Invalid("resolution", "raw, 1m or 1h");
        }

        var now = clock.GetUtcNow();
        DateTimeOffset f = now.AddDays(-1), t = now.AddMinutes(1);
        if (from is not null && !DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out f))
        {
            return Problems.Invalid("from", "an ISO 8601 instant, e.g. 2026-07-25T00:00:00Z");
        }

        if (to is not null && !DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t))
        {
            return Problems.Invalid("to", "an ISO 8601 instant, e.g. 2026-07-26T00:00:00Z");
        }

        if (t <= f)
        {
            return Problems.Invalid("to", "later than from");
        }

        var fromMs = f.ToUnixTimeMilliseconds();
        var toMs = t.ToUnixTimeMilliseconds();
        var points = resolution == "raw"
            ? await store.RawAsync(d.Id, fromMs, toMs, 10_000, http.RequestAborted)
            : await store.RollupAsync(d.Id, resolution == "1h", fromMs, toMs, 10_000, http.RequestAborted);
        return TypedResults.Ok(new ReadingsView(d.Code, resolution, d.Unit, f, t, d.Synthetic, points));
    }

    private static async Task<Ok<IReadOnlyList<AlarmView>>> Alarms(bool? open, string? device, int? take, DeviceQueries queries, HttpContext http) =>
        TypedResults.Ok(await queries.AlarmsAsync(CurrentUser.From(http.User), open == true, device, take ?? 100, http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<RejectionView>>> Rejections(string? device, DeviceQueries queries, SensingDbContext db, RejectionCounter counter, HttpContext http)
    {
        await counter.FlushAsync(db, http.RequestAborted);
        return TypedResults.Ok(await queries.RejectionsAsync(device, http.RequestAborted));
    }

    private static async Task<Results<Created<IssuedGatewayKey>, ValidationProblem>> IssueKey(GatewayKeyInput? body, GatewayKeys keys, HttpContext http)
    {
        var name = body?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 50)
        {
            return Problems.Invalid("name", "required, at most 50 characters: the gateway or department system the key is for");
        }

        var issued = await keys.IssueAsync(CurrentUser.From(http.User), name, http.RequestAborted);
        return TypedResults.Created($"/api/telemetry/keys/{issued.Id}", issued);
    }

    private static async Task<Results<Created<DeviceView>, ValidationProblem, ProblemHttpResult>> Register(DeviceInput? body, DeviceAdministration admin, DeviceQueries queries, HttpContext http)
    {
        if (body is null)
        {
            return Problems.Invalid("body", "required");
        }

        var (device, errors, conflict) = await admin.RegisterAsync(CurrentUser.From(http.User), body, http.RequestAborted);
        if (errors is not null)
        {
            return errors.ToProblem();
        }

        if (conflict is not null)
        {
            return Problems.Conflict(conflict);
        }

        return TypedResults.Created($"/api/telemetry/devices/{device!.Code}", queries.View(device, []));
    }

    private static async Task<Results<Ok<DeviceView>, ValidationProblem, ProblemHttpResult>> Update(string code, DeviceInput? body, DeviceAdministration admin, DeviceQueries queries, HttpContext http)
    {
        if (body is null)
        {
            return Problems.Invalid("body", "required");
        }

        var (device, errors, notFound) = await admin.UpdateAsync(CurrentUser.From(http.User), code, body, http.RequestAborted);
        if (errors is not null)
        {
            return errors.ToProblem();
        }

        if (notFound is not null)
        {
            return Problems.NotFound(notFound);
        }

        return TypedResults.Ok(queries.View(device!, []));
    }
}

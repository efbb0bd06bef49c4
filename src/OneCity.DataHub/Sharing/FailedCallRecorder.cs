using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OneCity.DataHub.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OpenIddict.Server;

namespace OneCity.DataHub.Sharing;

/// <summary>A data API call refused at the token: who (a client id only when the token's signature proved it), why, where.</summary>
internal sealed record DataApiFailure(string? ClientId, string Reason, int Status, string Endpoint, string Dataset);

/// <summary>Marks the data API's endpoints, so token failures on them are recorded.</summary>
internal sealed class DataApiEndpointMarker
{
    public static readonly DataApiEndpointMarker Instance = new();

    /// <summary>"GET /api/datahub/data/{dataset}/records/{key}": the route pattern, never the caller's path (bounded, no personal ids).</summary>
    public static string Describe(HttpContext http) =>
        $"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "/api/datahub/data"}";

    public static string Dataset(HttpContext http)
    {
        var dataset = http.GetRouteValue("dataset") as string ?? "";
        return dataset.Length > 80 ? dataset[..80] : dataset;
    }
}

/// <summary>
/// Writes data API calls refused at the token (missing, malformed, forged, expired, without the scope) to the audit
/// ledger without letting anyone flood it: the first failure per (client, reason, endpoint) in a UTC minute is an
/// entry at once (<see cref="Action"/>); further ones in that minute are only counted, and the count becomes one
/// summary entry (<see cref="RepeatedAction"/>) when the minute is over (checked every 10 s, and at shutdown). At most
/// <see cref="MaxKeysPerMinute"/> keys a minute; beyond that failures share one overflow key. The token itself is never
/// recorded. Grant-level refusals (a known client beyond its fields, purpose or period) are not aggregated: each is a
/// <see cref="DataAccess.RefusedAction"/> entry, as every answered call is.
/// </summary>
internal sealed class FailedCallRecorder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FailedCallRecorder> log) : IHostedService, IDisposable
{
    public const string Action = "datahub.data.unauthenticated";
    public const string RepeatedAction = "datahub.data.unauthenticated.repeated";
    public const int MaxKeysPerMinute = 256;
    public const string UnknownClient = "unknown-client";
    private const string OverflowReason = "too many distinct failures";
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(10);

    private readonly record struct Key(string Client, string Reason, string Endpoint);

    private sealed class Counter(long minute, DataApiFailure first)
    {
        public long Minute { get; } = minute;

        public DataApiFailure First { get; } = first;

        public int Repeats { get; set; }

        public DateTimeOffset Last { get; set; }
    }

    private readonly Lock gate = new();
    private readonly Dictionary<Key, Counter> counters = [];
    private ITimer? timer;

    public async Task RecordAsync(DataApiFailure failure, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeMilliseconds() / 60_000;
        var key = new Key(failure.ClientId ?? UnknownClient, failure.Reason, failure.Endpoint);
        var first = false;
        lock (gate)
        {
            if (!counters.ContainsKey(key) && counters.Count >= MaxKeysPerMinute)
            {
                key = new Key("*", OverflowReason, "*");
                failure = failure with { ClientId = null, Reason = OverflowReason, Endpoint = "*" };
            }

            if (counters.TryGetValue(key, out var counter) && counter.Minute == minute)
            {
                counter.Repeats++;
                counter.Last = now;
            }
            else
            {
                // A counter of an earlier minute not flushed yet keeps its count: the flush below writes it.
                if (counter is not null)
                {
                    counters.Remove(key);
                    _ = WriteSummariesAsync([counter]);
                }

                counters[key] = new Counter(minute, failure) { Last = now };
                first = true;
            }
        }

        if (first)
        {
            await AppendAsync(failure.ClientId, new AuditRecord(Action, ObjectType(failure), failure.Endpoint,
                Details: $"reason={failure.Reason}; status={failure.Status}"), ct);
        }
    }

    /// <summary>Writes the counts of finished minutes (all minutes when <paramref name="all"/>, at shutdown and in tests).</summary>
    public Task FlushAsync(bool all = false)
    {
        var minute = clock.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;
        List<Counter> due;
        lock (gate)
        {
            var keys = counters.Where(c => all || c.Value.Minute < minute).Select(c => c.Key).ToList();
            due = keys.Select(k => counters[k]).ToList();
            foreach (var k in keys)
            {
                counters.Remove(k);
            }
        }

        return WriteSummariesAsync(due);
    }

    private async Task WriteSummariesAsync(IReadOnlyList<Counter> due)
    {
        foreach (var c in due.Where(c => c.Repeats > 0))
        {
            var from = DateTimeOffset.FromUnixTimeMilliseconds(c.Minute * 60_000);
            await AppendAsync(c.First.ClientId, new AuditRecord(RepeatedAction, ObjectType(c.First), c.First.Endpoint,
                Details: string.Create(CultureInfo.InvariantCulture, $"reason={c.First.Reason}; status={c.First.Status}; repeats={c.Repeats}; from={from:O}; last={c.Last:O}")),
                CancellationToken.None);
        }
    }

    private static string ObjectType(DataApiFailure f) => f.Dataset.Length == 0 ? "datahub-data-api" : f.Dataset;

    private async Task AppendAsync(string? clientId, AuditRecord record, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            string? department = null;
            if (clientId is not null)
            {
                department = (await services.GetRequiredService<GrantCache>().ClientAsync(services.GetRequiredService<DataHubDbContext>(), clientId, ct))?.DepartmentCode;
            }

            var name = clientId ?? UnknownClient;
            var actor = new CurrentUser(clientId ?? "", name, name, [DataAccess.ClientRole], department, AreaCodes.City, null);
            await services.GetRequiredService<AuditLedger>().AppendAsync(actor, record, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The caller gets its 401/403 whatever happens here; the failure to record is logged.
            log.LogError(e, "Could not record a refused data API call ({Action}, {Details})", record.Action, record.Details);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        timer = clock.CreateTimer(_ => _ = FlushAsync(), null, FlushPeriod, FlushPeriod);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        timer?.Dispose();
        await FlushAsync(all: true);
    }

    public void Dispose() => timer?.Dispose();
}

/// <summary>
/// Tells why OpenIddict refused a bearer token, to record it: the token is checked against the server's own keys with
/// the lifetime check off, so an expired token still names its client, and a forged or foreign one names none.
/// </summary>
internal sealed class TokenInspector(IOptionsMonitor<OpenIddictServerOptions> server, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<(string? ClientId, string Reason)> InspectAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, header.Length == 0 ? "token missing" : "not a bearer token");
        }

        var token = header[7..].Trim();
        if (token.Length is 0 or > 16_384)
        {
            return (null, "token malformed");
        }

        var options = server.CurrentValue;
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = options.SigningCredentials.Select(c => c.Key).ToList(),
            TokenDecryptionKeys = options.EncryptionCredentials.Select(c => c.Key).ToList(),
        });
        if (!result.IsValid)
        {
            return (null, "token invalid");
        }

        var clientId = result.ClaimsIdentity.FindFirst("sub")?.Value ?? result.ClaimsIdentity.FindFirst("client_id")?.Value;
        if (clientId is { Length: > 100 })
        {
            clientId = null;
        }

        return result.SecurityToken.ValidTo <= clock.GetUtcNow().UtcDateTime ? (clientId, "token expired") : (clientId, "token refused");
    }
}

/// <summary>
/// Records the data API's 401s (the authorisation middleware challenges before any handler runs) and otherwise behaves as
/// ASP.NET Core's default handler. The platform has no other <see cref="IAuthorizationMiddlewareResultHandler"/>.
/// </summary>
internal sealed class DataApiAuthorizationResultHandler(FailedCallRecorder recorder, TokenInspector inspector) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) && context.GetEndpoint()?.Metadata.GetMetadata<DataApiEndpointMarker>() is not null)
        {
            var (clientId, reason) = await inspector.InspectAsync(context);
            await recorder.RecordAsync(new DataApiFailure(clientId, reason, authorizeResult.Challenged ? 401 : 403,
                DataApiEndpointMarker.Describe(context), DataApiEndpointMarker.Dataset(context)), context.RequestAborted);
        }

        await inner.HandleAsync(next, context, policy, authorizeResult);
    }
}

internal static class FailedCallRegistration
{
    public static IServiceCollection AddFailedCallRecording(this IServiceCollection services)
    {
        services.AddSingleton<FailedCallRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<FailedCallRecorder>());
        services.AddSingleton<TokenInspector>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DataApiAuthorizationResultHandler>();
        return services;
    }

}

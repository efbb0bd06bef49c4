using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Calendar;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Audit;

public sealed record AuditKeyResponse(string KeyId, string PublicKey, string Algorithm);

/// <summary>Turns query-string filters into an <see cref="AuditSearch"/>, naming every field it cannot read.</summary>
public static class AuditQuery
{
    public static AuditSearch? Parse(
        string? actor, string? action, string? objectType, string? objectId, string? subject, string? role, string? department,
        string? from, string? to, string? page, string? pageSize, TimeZoneInfo zone, IDictionary<string, string[]> errors)
    {
        if (!string.IsNullOrWhiteSpace(role) && Roles.Find(role.Trim()) is null)
        {
            errors["role"] = ["one of the platform's roles: " + string.Join(", ", Roles.All.Select(r => r.Name))];
        }

        var f = ParseBound(from, zone, endOfDay: false, "from", errors);
        var t = ParseBound(to, zone, endOfDay: true, "to", errors);
        var p = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1 || p > 1_000_000))
        {
            errors["page"] = ["a positive integer"];
        }

        var size = 50;
        if (!string.IsNullOrWhiteSpace(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 200))
        {
            errors["pageSize"] = ["an integer between 1 and 200"];
        }

        return errors.Count > 0 ? null : new AuditSearch(actor, action, objectType, objectId, subject, f, t, p, size, Role: role, Department: department);
    }

    // A bare date means that whole day in the platform's time zone: from = its start, to = the start of the next day.
    private static DateTimeOffset? ParseBound(string? text, TimeZoneInfo zone, bool endOfDay, string field, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (CalendarRegistration.TryParseDate(text.Trim(), out var date))
        {
            var local = date.AddDays(endOfDay ? 1 : 0).ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        if (CalendarRegistration.TryParseInstant(text, zone, out var instant))
        {
            return instant;
        }

        errors[field] = ["a date (yyyy-MM-dd) or an ISO 8601 date-time"];
        return null;
    }
}

internal static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<PlatformPaths>();
        var options = AuditOptions.From(configuration);
        services.AddSingleton(sp => new AuditChain(
            AuditSigner.Load(sp.GetRequiredService<PlatformPaths>(), configuration),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<ILogger<AuditChain>>()));
        services.AddScoped(sp => new AuditLedger(sp.GetRequiredService<PlatformDbContext>(), sp.GetRequiredService<AuditChain>()));
        services.AddHostedService<AuditCheckpointService>();
        services.AddHostedService<AuditWriterService>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Auditor);
        g.MapGet("/verify", Verify).WithSummary("Recompute the SM3 chain and check the chain of SM2-signed checkpoints; {ok, entries, lastCheckpointSeq, lastCheckpointAt, unsignedEntries} or the first entry that fails and why.");
        g.MapGet("/entries", Entries).WithSummary("Ledger entries, newest first, filtered by actor, role, department, action (prefix), object, subject person id and time.");
        g.MapGet("/key", Key).WithSummary("The SM2 public key that signs checkpoints.");
        return app;
    }

    private static async Task<Ok<AuditVerification>> Verify(AuditLedger ledger, CancellationToken ct) =>
        TypedResults.Ok(await ledger.VerifyAsync(ct));

    private static async Task<Results<Ok<AuditEntryPage>, ValidationProblem>> Entries(
        string? actor, string? action, string? objectType, string? objectId, string? subject, string? role, string? department,
        string? from, string? to, string? page, string? pageSize, AuditLedger ledger, WorkingCalendar calendar, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var search = AuditQuery.Parse(actor, action, objectType, objectId, subject, role, department, from, to, page, pageSize, calendar.Options.TimeZone, errors);
        if (search is null)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await ledger.SearchAsync(search, ct));
    }

    private static Ok<AuditKeyResponse> Key(AuditLedger ledger) =>
        TypedResults.Ok(new AuditKeyResponse(ledger.SigningKeyId, ledger.SigningPublicKey, "SM2 (GB/T 32918) with SM3, default user id 1234567812345678, DER signature"));
}

/// <summary>Signs the chain's head every <c>Audit:CheckpointMinutes</c>, so a quiet ledger is still sealed regularly.</summary>
internal sealed class AuditCheckpointService(IServiceScopeFactory scopes, AuditChain chain, TimeProvider clock, ILogger<AuditCheckpointService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(chain.Options.CheckpointPeriod, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var seq = await scope.ServiceProvider.GetRequiredService<AuditLedger>().CheckpointAsync(stoppingToken);
                    if (seq is not null)
                    {
                        logger.LogInformation("Audit ledger checkpoint signed at entry {Seq}.", seq);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Audit ledger checkpoint failed; will retry at the next period.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// Ends the ledger's group-commit writer with the host: the queue stops taking entries and everything already queued is
/// committed before the host goes on stopping. The writer itself starts with the first append.
/// </summary>
internal sealed class AuditWriterService(AuditChain chain) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => chain.StopAsync(cancellationToken);
}

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Audit;

/// <summary>
/// What happened, to what, and why. <paramref name="Subjects"/> lists the population-registry person ids
/// whose personal data the action touched (the citizen's data tracker is built from it).
/// </summary>
public sealed record AuditRecord(
    string Action,
    string ObjectType,
    string ObjectId,
    string? Purpose = null,
    string? LegalBasis = null,
    string? Details = null,
    IReadOnlyList<string>? Subjects = null);

/// <summary>The append-only, SM3-chained audit ledger. (Skeleton: implementation pending.)</summary>
public sealed class AuditLedger
{
    public Task AppendAsync(CurrentUser actor, AuditRecord record, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

internal static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AuditLedger>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app) => app;
}

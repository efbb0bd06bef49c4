using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Sharing;
using OneCity.Platform.Hosting;

namespace OneCity.DataHub.Contracts;

/// <summary>A module's data API client id and the department its grants are held for.</summary>
public static class DataHubClients
{
    /// <summary>GovServices' client: pre-fill and material exemptions read registry data only through its grants.</summary>
    public const string GovServices = "onecity-govservices";
}

/// <summary>DataHub refused a read: the status (400, 403, 404, 422, 429) and why.</summary>
public sealed class DataHubAccessDeniedException(int status, string title, string detail, string? field)
    : Exception($"{status} {title}: {detail}")
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string Detail { get; } = detail;

    public string? Field { get; } = field;
}

/// <summary>
/// The in-process data API for other modules. It runs the same grant checks, masking, consent checks, rate limit and
/// audit-ledger entry as <c>GET /api/datahub/data/…</c>, acting as the module's registered client: a module gets
/// only what its department's grants allow, and never reads another module's tables.
/// </summary>
public sealed class DataHubClient
{
    private readonly IServiceScopeFactory scopes;

    internal DataHubClient(IServiceScopeFactory scopes) => this.scopes = scopes;

    /// <summary>One record by key, with the granted fields (masked unless granted in clear); null when there is none.</summary>
    /// <exception cref="DataHubAccessDeniedException">The grant does not allow the read.</exception>
    public async Task<IReadOnlyDictionary<string, object?>?> GetRecordAsync(string clientId, string dataset, string key, string purpose, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<DataAccess>();
        var result = await access.ReadAsync(clientId, dataset, purpose, new DataQuery(key, new Dictionary<string, string>(), 1, 0, null), ct);
        if (result.Refusal is { Status: 404 } && result.Refusal.Field is null)
        {
            return null;
        }

        if (result.Refusal is { } r)
        {
            throw new DataHubAccessDeniedException(r.Status, r.Title, r.Detail, r.Field);
        }

        return result.Page!.Items[0];
    }

    /// <summary>
    /// Records matching every filter (field name → value; the fields must be in the grant), with the granted fields
    /// (masked unless granted in clear): the first <paramref name="limit"/> rows (1–100), possibly none;
    /// <paramref name="offset"/> pages (a multiple of the limit for registries).
    /// </summary>
    /// <exception cref="DataHubAccessDeniedException">The grant does not allow the read, or a filter or the limit is not valid.</exception>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> QueryAsync(
        string clientId, string dataset, IReadOnlyDictionary<string, string> filters, string purpose, int limit = 100, int offset = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        await using var scope = scopes.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<DataAccess>();
        if (limit is < 1 or > DataAccess.MaxLimit)
        {
            // Refused before any grant is looked at, and recorded like a malformed HTTP call.
            var errors = new FieldErrors();
            errors.Add("limit", $"an integer from 1 to {DataAccess.MaxLimit}");
            var refused = (await access.RecordRefusalAsync(clientId, dataset, purpose, $"limit={limit}", errors, ct)).Refusal!;
            throw new DataHubAccessDeniedException(refused.Status, refused.Title, refused.Detail, "limit");
        }

        var copy = new Dictionary<string, string>(filters, StringComparer.Ordinal);
        var result = await access.ReadAsync(clientId, dataset, purpose, new DataQuery(null, copy, limit, offset, null), ct);
        if (result.Refusal is { } r)
        {
            throw new DataHubAccessDeniedException(r.Status, r.Title, r.Detail, r.Field);
        }

        return result.Page!.Items;
    }
}

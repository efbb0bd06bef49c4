using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Sharing;

/// <summary>The schema of a dataset as the data API needs it.</summary>
internal sealed record DatasetInfo(string Code, string OwnerDepartmentCode, DatasetSource Source, string KeyField, SharingType SharingType, IReadOnlyList<DatasetField> Fields)
{
    public DatasetField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>
/// Clients, grants and dataset schemas for the data API, cached for a few seconds at most and dropped whenever a
/// grant, client or request changes in this process. Status and period are still checked on every call.
/// </summary>
internal sealed class GrantCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private sealed record Entry<T>(T Value, DateTimeOffset LoadedAt);

    private readonly ConcurrentDictionary<string, Entry<DataClient?>> clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Department, string Dataset), Entry<IReadOnlyList<Grant>>> grants = new();
    private readonly ConcurrentDictionary<string, Entry<DatasetInfo?>> datasets = new(StringComparer.Ordinal);

    public void Invalidate()
    {
        clients.Clear();
        grants.Clear();
        datasets.Clear();
    }

    public async Task<DataClient?> ClientAsync(DataHubDbContext db, string clientId, CancellationToken ct)
    {
        if (clients.TryGetValue(clientId, out var e) && Fresh(e.LoadedAt))
        {
            return e.Value;
        }

        var value = await db.Set<DataClient>().AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
        clients[clientId] = new(value, clock.GetUtcNow());
        return value;
    }

    public async Task<IReadOnlyList<Grant>> GrantsAsync(DataHubDbContext db, string department, string dataset, CancellationToken ct)
    {
        if (grants.TryGetValue((department, dataset), out var e) && Fresh(e.LoadedAt))
        {
            return e.Value;
        }

        IReadOnlyList<Grant> value = await db.Set<Grant>().AsNoTracking()
            .Where(g => g.GranteeDepartmentCode == department && g.DatasetCode == dataset)
            .OrderBy(g => g.Id).ToListAsync(ct);
        grants[(department, dataset)] = new(value, clock.GetUtcNow());
        return value;
    }

    public async Task<DatasetInfo?> DatasetAsync(DataHubDbContext db, string code, CancellationToken ct)
    {
        if (datasets.TryGetValue(code, out var e) && Fresh(e.LoadedAt))
        {
            return e.Value;
        }

        var d = await db.Set<Dataset>().AsNoTracking().Include(x => x.Fields).FirstOrDefaultAsync(x => x.Code == code, ct);
        var value = d is null ? null : new DatasetInfo(d.Code, d.OwnerDepartmentCode, d.Source, d.KeyField, d.SharingType, d.Fields.OrderBy(f => f.Position).ToList());
        datasets[code] = new(value, clock.GetUtcNow());
        return value;
    }

    private bool Fresh(DateTimeOffset loadedAt)
    {
        var age = clock.GetUtcNow() - loadedAt;
        return age >= TimeSpan.Zero && age < Lifetime;
    }
}

/// <summary>A token bucket per grant: capacity = the grant's per-minute limit, refilled evenly over the minute.</summary>
internal sealed class GrantRateLimiter(TimeProvider clock)
{
    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset At;
        public int Limit;
    }

    private readonly ConcurrentDictionary<long, Bucket> buckets = new();

    /// <summary>Takes one token; when none is left, returns how long until one is.</summary>
    public TimeSpan? TryAcquire(long grantId, int perMinute)
    {
        var now = clock.GetUtcNow();
        var bucket = buckets.GetOrAdd(grantId, _ => new Bucket { Tokens = perMinute, At = now, Limit = perMinute });
        lock (bucket)
        {
            var rate = perMinute / 60.0;
            if (bucket.Limit != perMinute)
            {
                bucket.Limit = perMinute;
                bucket.Tokens = Math.Min(bucket.Tokens, perMinute);
            }

            var elapsed = Math.Max(0, (now - bucket.At).TotalSeconds);
            bucket.Tokens = Math.Min(perMinute, bucket.Tokens + (elapsed * rate));
            bucket.At = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((1 - bucket.Tokens) / rate)));
        }
    }
}

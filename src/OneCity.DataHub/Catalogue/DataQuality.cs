using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Contracts;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Catalogue;

/// <summary>
/// Data quality rules. Freshness: the data's age against its declared frequency. Completeness: the share of stored
/// records whose required fields are non-empty. Registry-backed and operational datasets report completeness as n/a:
/// their records live in the kernel or another module, whose own validators refuse incomplete records at write time,
/// and sampling them here would mean reading personal data without a purpose.
/// </summary>
internal static class DataQuality
{
    /// <summary>The longest age a dataset may have before it is stale; null when updates are irregular.</summary>
    public static TimeSpan? AllowedAge(UpdateFrequency frequency) => frequency switch
    {
        UpdateFrequency.RealTime => TimeSpan.FromHours(1),
        UpdateFrequency.Daily => TimeSpan.FromDays(1),
        UpdateFrequency.Weekly => TimeSpan.FromDays(7),
        UpdateFrequency.Monthly => TimeSpan.FromDays(31),
        UpdateFrequency.Quarterly => TimeSpan.FromDays(92),
        UpdateFrequency.Yearly => TimeSpan.FromDays(366),
        _ => null,
    };

    public static (string Freshness, TimeSpan Age, TimeSpan? Allowed) Freshness(UpdateFrequency frequency, DateTimeOffset dataUpdatedAt, DateTimeOffset now)
    {
        var age = now - dataUpdatedAt;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        var allowed = AllowedAge(frequency);
        return (allowed is null ? "n/a" : age <= allowed ? "fresh" : "stale", age, allowed);
    }

    /// <summary>True when every required field is present and not an empty string or null.</summary>
    public static bool IsComplete(string json, IReadOnlyList<string> requiredFields)
    {
        if (requiredFields.Count == 0)
        {
            return true;
        }

        using var doc = JsonDocument.Parse(json);
        foreach (var name in requiredFields)
        {
            if (!doc.RootElement.TryGetProperty(name, out var v) || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                || (v.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetString())))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Computes completeness on demand and caches it until the dataset's data or schema changes.</summary>
internal sealed class QualityCache
{
    private readonly ConcurrentDictionary<string, (long Stamp, double? Completeness, long Checked, string? Note)> cache = new(StringComparer.Ordinal);

    public async Task<DatasetQuality> GetAsync(DataHubDbContext db, Dataset d, DateTimeOffset now, CancellationToken ct)
    {
        var (freshness, age, allowed) = DataQuality.Freshness(d.UpdateFrequency, d.DataUpdatedAt, now);
        var stamp = d.DataUpdatedAt.UtcTicks ^ (d.MetadataUpdatedAt.UtcTicks * 31);
        if (!cache.TryGetValue(d.Code, out var c) || c.Stamp != stamp)
        {
            c = await ComputeAsync(db, d, stamp, ct);
            cache[d.Code] = c;
        }

        return new DatasetQuality(freshness, Math.Round(age.TotalDays, 1), allowed?.TotalDays, c.Completeness, c.Checked, c.Note);
    }

    public void Invalidate(string code) => cache.TryRemove(code, out _);

    private static async Task<(long, double?, long, string?)> ComputeAsync(DataHubDbContext db, Dataset d, long stamp, CancellationToken ct)
    {
        if (d.Source != DatasetSource.Stored)
        {
            return (stamp, null, 0, d.Source == DatasetSource.ModuleOperational
                ? "n/a: operational data of another module, validated there when written"
                : "n/a: live base registry, validated by the kernel when written; not sampled here to avoid reading personal data without a purpose");
        }

        var fields = d.Fields.Count > 0 ? d.Fields : await db.Set<DatasetField>().Where(f => f.DatasetCode == d.Code).ToListAsync(ct);
        var required = fields.Where(f => f.Required).Select(f => f.Name).ToList();
        long total = 0, complete = 0;
        await foreach (var json in db.Set<DatasetRecord>().AsNoTracking().Where(r => r.DatasetCode == d.Code).Select(r => r.Json).AsAsyncEnumerable().WithCancellation(ct))
        {
            total++;
            if (DataQuality.IsComplete(json, required))
            {
                complete++;
            }
        }

        return total == 0
            ? (stamp, null, 0, "n/a: no records stored yet")
            : (stamp, Math.Round((double)complete / total, 4), total, null);
    }
}

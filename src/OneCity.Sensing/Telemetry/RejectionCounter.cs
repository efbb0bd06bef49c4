using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Telemetry;

/// <summary>
/// Counts rejected readings per device and reason in memory (request threads add without locks) and adds them to
/// <c>sens_rejections</c> every few seconds. A bad reading costs a dictionary update, never the pipeline.
/// </summary>
internal sealed class RejectionCounter(TimeProvider clock)
{
    public const int MaxDeviceCodeLength = 60;

    private sealed class Pending
    {
        public long Count;
        public DateTimeOffset LastAt;
        public string? LastDetail;
    }

    private ConcurrentDictionary<(string Device, string Reason), Pending> pending = new();


    public void Add(IEnumerable<Rejection> rejections)
    {
        var now = clock.GetUtcNow();
        foreach (var r in rejections)
        {
            var device = string.IsNullOrEmpty(r.DeviceId) ? "(none)" : r.DeviceId.Length > MaxDeviceCodeLength ? r.DeviceId[..MaxDeviceCodeLength] : r.DeviceId;
            var p = pending.GetOrAdd((device, r.Reason), _ => new Pending());
            lock (p)
            {
                p.Count++;
                p.LastAt = now;
                p.LastDetail = r.Detail.Length > 200 ? r.Detail[..200] : r.Detail;
            }
        }
    }

    /// <summary>Adds what was counted since the last flush to the database.</summary>
    public async Task FlushAsync(SensingDbContext db, CancellationToken ct)
    {
        var taken = Interlocked.Exchange(ref pending, new ConcurrentDictionary<(string Device, string Reason), Pending>());
        if (taken.IsEmpty)
        {
            return;
        }

        var keys = taken.Keys.Select(k => k.Device).Distinct().ToList();
        var existing = await db.Set<RejectionCount>().Where(r => keys.Contains(r.DeviceCode)).ToListAsync(ct);
        foreach (var ((device, reason), p) in taken)
        {
            var row = existing.FirstOrDefault(r => r.DeviceCode == device && r.Reason == reason);
            if (row is null)
            {
                row = new RejectionCount { DeviceCode = device, Reason = reason };
                db.Add(row);
                existing.Add(row);
            }

            lock (p)
            {
                row.Count += p.Count;
                row.LastAt = p.LastAt;
                row.LastDetail = p.LastDetail;
            }
        }

        await db.SaveChangesAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Telemetry;

/// <summary>
/// Counts rejected readings per device and reason in memory and adds them to
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

    // One lock for counting and for taking the counts: bad readings are rare, and no count is lost between the two.
    private readonly Lock sync = new();
    private Dictionary<(string Device, string Reason), Pending> pending = [];

    public void Add(IEnumerable<Rejection> rejections)
    {
        var now = clock.GetUtcNow();
        lock (sync)
        {
            foreach (var r in rejections)
            {
                var device = string.IsNullOrEmpty(r.DeviceId) ? "(none)" : r.DeviceId.Length > MaxDeviceCodeLength ? r.DeviceId[..MaxDeviceCodeLength] : r.DeviceId;
                if (!pending.TryGetValue((device, r.Reason), out var p))
                {
                    pending[(device, r.Reason)] = p = new Pending();
                }

                p.Count++;
                p.LastAt = now;
                p.LastDetail = r.Detail.Length > 200 ? r.Detail[..200] : r.Detail;
            }
        }
    }

    /// <summary>Adds what was counted since the last flush to the database.</summary>
    public async Task FlushAsync(SensingDbContext db, CancellationToken ct)
    {
        Dictionary<(string Device, string Reason), Pending> taken;
        lock (sync)
        {
            if (pending.Count == 0)
            {
                return;
            }

            (taken, pending) = (pending, []);
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

            row.Count += p.Count;
            row.LastAt = p.LastAt;
            row.LastDetail = p.LastDetail;
        }

        await db.SaveChangesAsync(ct);
    }
}

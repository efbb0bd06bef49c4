using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Telemetry;

/// <summary>The pipeline is saturated: the caller should retry later (HTTP 503 with Retry-After, MQTT: no PUBACK yet).</summary>
internal sealed class TelemetryBusyException() : Exception("The telemetry pipeline is saturated; retry shortly.");

/// <summary>Counters of what the pipeline has done since start (for the operations page and the benchmark).</summary>
internal sealed class TelemetryStats
{
    public long Stored;
    public long Duplicates;
    public long Commits;
}

/// <summary>
/// The one pipeline behind MQTT and HTTP: parse → validate (on the caller's thread) → rules → durable store (on a
/// single writer). Callers hand over a parsed batch and wait until it is committed, so an acknowledgement (HTTP 200,
/// MQTT PUBACK) always means durable. The writer takes whatever is queued (up to <see cref="MaxReadingsPerCommit"/>)
/// and commits it in one transaction — group commit: the busier it gets, the bigger and cheaper the commits. The queue
/// is bounded; a full queue makes callers wait, then refuses them (back-pressure) instead of growing without limit.
/// </summary>
internal sealed class TelemetryPipeline : BackgroundService
{
    public const int MaxReadingsPerCommit = 20_000;
    public const int QueueCapacity = 64;
    public static readonly TimeSpan RollupFlushInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan EnqueueTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<WorkItem> queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly TelemetryStore store;
    private readonly DeviceRegistry registry;
    private readonly RuleEngine rules;
    private readonly AlarmQueue alarms;
    private readonly TimeProvider clock;
    private readonly ILogger<TelemetryPipeline> log;
    private long sinceRollUp;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset lastFlush;

    public TelemetryPipeline(TelemetryStore store, DeviceRegistry registry, RuleEngine rules, AlarmQueue alarms, TimeProvider clock, ILogger<TelemetryPipeline> log)
    {
        (this.store, this.registry, this.rules, this.alarms, this.clock, this.log) = (store, registry, rules, alarms, clock, log);
        lastFlush = clock.GetUtcNow();
    }

    public TelemetryStats Stats { get; } = new();

    /// <summary>Completes when the store is initialised and the writer runs.</summary>
    public Task Ready => ready.Task;

    private abstract class WorkItem
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Batch(List<Reading> readings) : WorkItem
    {
        public List<Reading> Readings { get; } = readings;
    }

    /// <summary>Periodic work on the writer: offline detection, roll-up flush, raw retention.</summary>
    private sealed class Tick(bool flushRollups, long? retentionCutoffMs) : WorkItem
    {
        public bool FlushRollups { get; } = flushRollups;

        public long? RetentionCutoffMs { get; } = retentionCutoffMs;
    }

    /// <summary>Stores the readings (after the rules have seen them) and returns once they are durable.</summary>
    /// <exception cref="TelemetryBusyException">The queue stayed full for <see cref="EnqueueTimeout"/>.</exception>
    public async Task SubmitAsync(List<Reading> readings, CancellationToken ct)
    {
        if (readings.Count == 0)
        {
            return;
        }

        await Enqueue(new Batch(readings), ct);
    }

    /// <summary>Runs offline detection now, optionally flushing roll-ups and applying retention; returns when done.</summary>
    public Task TickAsync(bool flushRollups, long? retentionCutoffMs, CancellationToken ct) => Enqueue(new Tick(flushRollups, retentionCutoffMs), ct);

    private async Task Enqueue(WorkItem item, CancellationToken ct)
    {
        if (!queue.Writer.TryWrite(item))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(EnqueueTimeout);
            try
            {
                await queue.Writer.WriteAsync(item, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TelemetryBusyException();
            }
        }

        await item.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.InitialiseAsync(stoppingToken);
            await RestoreAsync(stoppingToken);
            ready.TrySetResult();
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
            throw;
        }

        var items = new List<WorkItem>();
        var readings = new List<Reading>(MaxReadingsPerCommit);
        var events = new List<AlarmEvent>();
        var inserted = new bool[MaxReadingsPerCommit + TelemetryParser.MaxReadingsPerBatch];
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                items.Clear();
                readings.Clear();
                events.Clear();
                WorkItem? tick = null;
                while (readings.Count < MaxReadingsPerCommit && reader.TryRead(out var item))
                {
                    items.Add(item);
                    if (item is Batch b)
                    {
                        readings.AddRange(b.Readings);
                    }
                    else
                    {
                        tick = item;
                        break;
                    }
                }

                try
                {
                    await Process(readings, inserted, events, tick as Tick, stoppingToken);
                    foreach (var item in items)
                    {
                        item.Done.TrySetResult();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Telemetry commit of {Count} readings failed", readings.Count);
                    foreach (var item in items)
                    {
                        item.Done.TrySetException(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            while (reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(CancellationToken.None);
            }

            if (sinceRollUp > 0)
            {
                try
                {
                    await store.RollUpAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    // The checkpoint did not move: the next start rolls these readings up.
                    log.LogWarning(e, "Roll-up at shutdown failed");
                }
            }

            await store.DisposeAsync();
        }
    }

    /// <summary>Resumes the rules where they were: each device's newest reading (open alarms are restored by the module's start-up).</summary>
    private async Task RestoreAsync(CancellationToken ct)
    {
        foreach (var (device, (ts, value)) in await store.LatestAsync(ct))
        {
            var rt = rules.Runtime(device);
            (rt.HasLast, rt.LastTs, rt.LastValue, rt.Level, rt.Samples) = (true, ts, value, value, 1);
        }
    }

    private async Task Process(List<Reading> readings, bool[] inserted, List<AlarmEvent> events, Tick? tick, CancellationToken ct)
    {
        var devices = registry.Current;
        if (readings.Count > 0)
        {
            // Rules see each device's readings in time order within the commit.
            readings.Sort(static (a, b) => a.DeviceId != b.DeviceId ? a.DeviceId.CompareTo(b.DeviceId) : a.Timestamp.CompareTo(b.Timestamp));
            foreach (var r in readings)
            {
                if (devices.Find(r.DeviceId) is { } device)
                {
                    rules.Evaluate(r, device, events);
                }
            }

            await store.WriteAsync(readings, inserted, ct);
            Interlocked.Increment(ref Stats.Commits);
            long stored = 0;
            for (var i = 0; i < readings.Count; i++)
            {
                stored += inserted[i] ? 1 : 0;
            }

            sinceRollUp += stored;
            Interlocked.Add(ref Stats.Stored, stored);
            Interlocked.Add(ref Stats.Duplicates, readings.Count - stored);
        }

        var now = clock.GetUtcNow();

        // Roll up before retention, so no reading is deleted before it is in the roll-ups.
        if (sinceRollUp > 0 && (tick?.FlushRollups == true || tick?.RetentionCutoffMs is not null || now - lastFlush >= RollupFlushInterval))
        {
            await store.RollUpAsync(ct);
            sinceRollUp = 0;
            lastFlush = now;
        }

        if (tick is not null)
        {
            rules.CheckOffline(now, devices, events);
            if (tick.RetentionCutoffMs is { } cutoff)
            {
                foreach (var device in devices.ById)
                {
                    if (device is not null)
                    {
                        await store.DeleteRawBeforeAsync(device.Id, cutoff, ct);
                    }
                }
            }
        }

        foreach (var e in events)
        {
            alarms.Post(e);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;
using OneCity.Sensing.Telemetry;

namespace OneCity.Benchmarks.Sensing;

/// <summary>
/// Sustained telemetry throughput on one node with SQLite: JSON batches of 1,000 readings go through the real
/// pipeline (parse → validate → rules → durable store with roll-ups, group-committed, synchronous=FULL), from 16
/// concurrent senders (gateways), for as long as the pre-generated readings last. In the same run, the raw write limit of the same store:
/// the same readings written with plain batched inserts and nothing else. Each device reports every 5 minutes (every
/// reading is a new one-minute roll-up bucket, the expensive case).
/// usage: dotnet run -c Release --project bench/OneCity.Benchmarks -- --telemetry [devices] [readings]
/// </summary>
internal static class TelemetryThroughput
{
    /// <summary>Concurrent senders (gateways), each waiting for its batch to be durable before sending the next.</summary>
    private const int Producers = 16;

    public static async Task RunAsync(string[] args)
    {
        var devices = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var total = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_200_000;
        const int perBatch = 1_000;
        var dir = Path.Combine(Path.GetTempPath(), "onecity-bench-telemetry", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Console.WriteLine($"cores {Environment.ProcessorCount}; {devices:N0} devices; {total:N0} readings in batches of {perBatch:N0}; store {dir}");

        var clock = TimeProvider.System;
        var registry = new DeviceRegistry();
        var rules = DefaultRules.All().Select((r, i) => { r.Id = i + 1; return r; }).ToList();
        var now = clock.GetUtcNow();
        var list = Enumerable.Range(1, devices).Select(i =>
        {
            var t = DeviceTypes.All[i % DeviceTypes.All.Count];
            var d = DeviceCatalogue.New(t, $"{t.Prefix}-B{i:D7}", "bench", null, 121.4, 31.2, "310101", "310101002", now.AddDays(-4));
            d.Id = i;
            return d;
        }).ToList();
        registry.Load(list, rules);
        var snapshot = registry.Current;

        // Values stay in each type's normal band so the run measures the steady state, not alarm storms.
        var start = now.AddDays(-3).ToUnixTimeMilliseconds();
        var payloads = new List<byte[]>(total / perBatch);
        var random = new Random(42);
        var sb = new StringBuilder(perBatch * 80);
        for (var b = 0; b < total / perBatch; b++)
        {
            sb.Clear().Append('[');
            for (var j = 0; j < perBatch; j++)
            {
                var g = (b * perBatch) + j;
                var device = list[g % devices];
                var type = DeviceTypes.Of(device.Type);
                // A slow wave with a little noise around 40 % of the way to the warning threshold.
                var value = type.ValidMin + ((type.WarningThreshold - type.ValidMin) * (0.4 + (0.01 * Math.Sin((g / devices) * 0.3)) + (0.002 * random.NextDouble())));
                var ts = start + ((long)(g / devices) * 300_000) + (g % 1000);
                sb.Append(j == 0 ? "" : ",").Append("{\"deviceId\":\"").Append(device.Code).Append("\",\"ts\":").Append(ts.ToString(CultureInfo.InvariantCulture))
                    .Append(",\"value\":").Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append('}');
            }

            payloads.Add(Encoding.UTF8.GetBytes(sb.Append(']').ToString()));
        }

        Console.WriteLine($"payload {payloads.Sum(p => (long)p.Length) / 1024 / 1024} MB of JSON");
        var parser = new TelemetryParser(registry, clock);

        // 1. Parse + validate alone (one thread).
        var sw = Stopwatch.StartNew();
        var parsed = new List<List<Reading>>(payloads.Count);
        foreach (var p in payloads)
        {
            parsed.Add(parser.ParseArray(p).Accepted);
        }

        Report("parse + validate only (1 thread)", total, sw.Elapsed);
        if (parsed.Sum(p => p.Count) != total)
        {
            throw new InvalidOperationException("Some bench readings were rejected.");
        }

        // 2. The raw write limit of the same store: the same readings, plain batched inserts of 20,000.
        await using (var raw = new SqliteTelemetryStore(Path.Combine(dir, "raw.db")))
        {
            await raw.InitialiseAsync(CancellationToken.None);
            var flat = parsed.SelectMany(p => p).ToList();
            var inserted = new bool[TelemetryPipeline.MaxReadingsPerCommit];
            sw.Restart();
            for (var i = 0; i < flat.Count; i += TelemetryPipeline.MaxReadingsPerCommit)
            {
                await raw.WriteAsync(flat.GetRange(i, Math.Min(TelemetryPipeline.MaxReadingsPerCommit, flat.Count - i)), inserted, CancellationToken.None);
            }

            var rawElapsed = sw.Elapsed;
            Report("raw write limit (batched inserts of 20,000, same store)", total, rawElapsed);

            // 3. The whole pipeline: two producers parse and submit batches; the writer runs rules and stores.
            var store = new SqliteTelemetryStore(Path.Combine(dir, "pipeline.db"));
            var alarms = new AlarmQueue();
            var pipeline = new TelemetryPipeline(store, registry, new RuleEngine(), alarms, clock, NullLogger<TelemetryPipeline>.Instance);
            using var cts = new CancellationTokenSource();
            await pipeline.StartAsync(cts.Token);
            await pipeline.Ready;
            var next = -1;
            sw.Restart();
            var producers = Enumerable.Range(0, Producers).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < payloads.Count)
                {
                    var batch = parser.ParseArray(payloads[i]);
                    await pipeline.SubmitAsync(batch.Accepted, CancellationToken.None);
                }
            })).ToArray();
            await Task.WhenAll(producers);
            await pipeline.TickAsync(flushRollups: true, null, CancellationToken.None);
            var pipeElapsed = sw.Elapsed;
            Report($"pipeline: parse → validate → rules → durable store + roll-ups ({Producers} concurrent senders)", total, pipeElapsed);
            Console.WriteLine($"commits {pipeline.Stats.Commits:N0} (avg {total / Math.Max(1, pipeline.Stats.Commits):N0} readings each); stored {pipeline.Stats.Stored:N0}; alarm events {alarms.Pending:N0}");
            Console.WriteLine($"pipeline / raw write limit = {rawElapsed.TotalSeconds / pipeElapsed.TotalSeconds:0.00}");
            await cts.CancelAsync();
            await pipeline.StopAsync(CancellationToken.None);
        }

        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Report(string what, int readings, TimeSpan elapsed) =>
        Console.WriteLine($"{what}: {readings / elapsed.TotalSeconds:N0} readings/s ({readings:N0} in {elapsed.TotalSeconds:0.00} s)");
}

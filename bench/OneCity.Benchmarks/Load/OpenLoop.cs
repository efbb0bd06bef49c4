using System.Diagnostics;
using System.Globalization;

namespace OneCity.Benchmarks.Load;

/// <summary>
/// Open-loop load over HTTP: requests start on schedule whether or not earlier ones finished, and latency counts from
/// the scheduled start, so a slow server shows as latency instead of hiding behind a lower rate.
/// </summary>
public static class OpenLoop
{
    /// <summary>Runs <paramref name="send"/>(i) at <paramref name="rate"/> per second; send returns the HTTP status (or -1).</summary>
    public static async Task<string> RunAsync(string name, Func<int, Task<int>> send, int rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var statuses = new int[total];
        var tasks = new Task[total];
        var clock = Stopwatch.StartNew();
        var interval = 1000.0 / rate;
        for (var i = 0; i < total; i++)
        {
            var due = i * interval;
            var wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            var n = i;
            tasks[n] = Task.Run(async () =>
            {
                try
                {
                    statuses[n] = await send(n);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    statuses[n] = -1;
                }

                latencies[n] = clock.Elapsed.TotalMilliseconds - due;
            });
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double P(double q) => Percentile(latencies, q);
        var byStatus = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}: target {rate}/s for {duration.TotalSeconds:F0} s, {total} requests in {elapsed:F1} s ({total / elapsed:F0}/s achieved); " +
            $"p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms; statuses {byStatus}; {Environment.ProcessorCount} cores");
    }

    /// <summary>The q-quantile (nearest rank) of latencies sorted ascending.</summary>
    public static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    public static int Setting(string name, int fallback) =>
        int.Parse(Environment.GetEnvironmentVariable(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace OneCity.Benchmarks.DataHub;

/// <summary>
/// Data API single-record lookup by key through the real HTTP pipeline (Kestrel, OpenIddict token validation, grant
/// checks, registry read, masking, audit-ledger append) at a fixed arrival rate; reports p50/p95/p99 latency.
/// Start the demo city first, then:
/// <code>
/// dotnet run -c Release --project src/OneCity.Web -- --urls http://127.0.0.1:18080 --Storage:DataDirectory=/tmp/onecity-bench-data
/// ONECITY_BENCH_URL=http://127.0.0.1:18080 dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*SharingDataApiLoad*'
/// </code>
/// ONECITY_BENCH_RATE (requests/s, default 1000) and ONECITY_BENCH_SECONDS (default 15) tune the run.
/// The demo client of 市人社局 (onecity-demo-sh-rs, demo-only secret) reads the population dataset.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class SharingDataApiLoad
{
    private HttpClient client = null!;
    private string[] keys = [];

    [GlobalSetup]
    public void Setup()
    {
        var url = Environment.GetEnvironmentVariable("ONECITY_BENCH_URL") ?? "http://127.0.0.1:18080";
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var token = client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "onecity-demo-sh-rs", ["client_secret"] = "OneCity-demo-client-RS-1", ["scope"] = "datahub.api",
        })).GetAwaiter().GetResult();
        token.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(token.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("access_token").GetString());
        client.DefaultRequestHeaders.Add("X-Purpose", "social-insurance-enrolment");
        keys = Enumerable.Range(1, 2000).Select(i => "P" + i.ToString("D8", CultureInfo.InvariantCulture)).ToArray();
    }

    [Benchmark]
    public async Task FixedRateLookups()
    {
        var rate = int.Parse(Environment.GetEnvironmentVariable("ONECITY_BENCH_RATE") ?? "1000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Environment.GetEnvironmentVariable("ONECITY_BENCH_SECONDS") ?? "15", CultureInfo.InvariantCulture);
        var report = await RunAsync(client, keys, rate, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(report);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "onecity-datahub-load.txt"), report + Environment.NewLine);
    }

    /// <summary>Open-loop load: requests start on schedule whether or not earlier ones finished; latency counts from the scheduled start.</summary>
    public static async Task<string> RunAsync(HttpClient client, string[] keys, int rate, TimeSpan duration)
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
                    using var response = await client.GetAsync($"/api/datahub/data/SH-GA-population/records/{keys[n % keys.Length]}", HttpCompletionOption.ResponseHeadersRead);
                    await response.Content.ReadAsByteArrayAsync();
                    statuses[n] = (int)response.StatusCode;
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
        double P(double q) => latencies[Math.Min(total - 1, (int)Math.Ceiling(q * total) - 1)];
        var byStatus = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"DataHub data API key lookup: target {rate}/s for {duration.TotalSeconds:F0} s, {total} requests in {elapsed:F1} s ({total / elapsed:F0}/s achieved); " +
            $"p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms; statuses {byStatus}");
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using OneCity.Benchmarks.Load;

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
        var rate = OpenLoop.Setting("ONECITY_BENCH_RATE", 1000);
        var seconds = OpenLoop.Setting("ONECITY_BENCH_SECONDS", 15);
        var report = await OpenLoop.RunAsync("DataHub data API key lookup", async n =>
        {
            using var response = await client.GetAsync($"/api/datahub/data/SH-GA-population/records/{keys[n % keys.Length]}", HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }, rate, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(report);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "onecity-datahub-load.txt"), report + Environment.NewLine);
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using OneCity.Benchmarks.Load;

namespace OneCity.Benchmarks.CityOps;

/// <summary>
/// 12345 hotline reports through the real HTTP pipeline — validated, classified, located, duplicate-checked, routed,
/// persisted with their KPI cells, dispatched, published to the live map and written to the audit ledger — at a fixed
/// arrival rate; reports p50/p95/p99 latency. Texts, places and call ids vary (a new seed per run) so most reports are new incidents; the report says how many merged.
/// Start the demo city first, then:
/// <code>
/// dotnet run -c Release --project src/OneCity.Web -- --urls http://127.0.0.1:18080 --Storage:DataDirectory=/tmp/onecity-bench-data
/// ONECITY_BENCH_URL=http://127.0.0.1:18080 ONECITY_BENCH_RATE=500 dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*IntakeLoad*'
/// </code>
/// ONECITY_BENCH_RATE (reports/s, default 500), ONECITY_BENCH_SECONDS (default 10) and ONECITY_BENCH_SEED tune the run.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class IntakeLoad
{
    /// <summary>Hotline texts of eight kinds (the classifier puts them in different categories); a number makes each unique.</summary>
    internal static readonly string[] Texts =
    [
        "路口井盖缺失，有个大洞很危险", "小区门口路灯不亮好几天了", "人行道上堆放大量生活垃圾没人清运", "马路边有人占道经营摆摊",
        "工地晚上施工噪音太大影响休息", "红绿灯坏了一直闪黄灯", "电线杆上贴满了小广告", "路面塌陷出现一个坑",
    ];

    /// <summary>The i-th hotline call of a run: one of the texts, numbered, a caller's phone, and a place in the central districts (about 121.40–121.52 E, 31.17–31.29 N).</summary>
    internal static (string Text, string Phone, double Longitude, double Latitude) Call(int i, Random random) => (
        Texts[i % Texts.Length] + string.Create(CultureInfo.InvariantCulture, $"（{i}号）"),
        "138" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture),
        121.40 + (random.NextDouble() * 0.12),
        31.17 + (random.NextDouble() * 0.12));

    private static readonly byte[] MergedTrue = "\"merged\":true"u8.ToArray();

    private HttpClient client = null!;
    private byte[][] bodies = [];
    private byte[][] warmup = [];
    private int merged;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task FixedRateHotlineReports()
    {
        var rate = OpenLoop.Setting("ONECITY_BENCH_RATE", 500);
        var seconds = OpenLoop.Setting("ONECITY_BENCH_SECONDS", 10);
        // Untimed warm-up (ONECITY_BENCH_WARMUP seconds, default 3, at up to 250/s): the generator shares the machine, and
        // its own start (JIT, new connections) would otherwise count as the server's latency in the first seconds.
        var warmSeconds = OpenLoop.Setting("ONECITY_BENCH_WARMUP", 3);
        if (warmSeconds > 0)
        {
            await OpenLoop.RunAsync("warm-up", n => SendAsync(warmup[n % warmup.Length], count: false), Math.Min(rate, 250), TimeSpan.FromSeconds(warmSeconds));
        }

        var report = await OpenLoop.RunAsync("CityOps hotline intake", n => SendAsync(bodies[n], count: true), rate, TimeSpan.FromSeconds(seconds));
        // New incidents cost more than merges (routing, dispatch, work order, more rows): say how the run mixed them.
        report += string.Create(CultureInfo.InvariantCulture, $"; {merged} of {bodies.Length} merged into an open incident");
        Console.WriteLine(report);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "onecity-cityops-intake.txt"), report + Environment.NewLine);
    }

    private async Task<int> SendAsync(byte[] payload, bool count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cityops/hotline") { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (count && body.AsSpan().IndexOf(MergedTrue) >= 0)
        {
            Interlocked.Increment(ref merged);
        }

        return (int)response.StatusCode;
    }

    private async Task SetupAsync()
    {
        var url = Environment.GetEnvironmentVariable("ONECITY_BENCH_URL") ?? "http://127.0.0.1:18080";
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "dispatcher", password = "OneCity-demo-1" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var count = OpenLoop.Setting("ONECITY_BENCH_RATE", 500) * OpenLoop.Setting("ONECITY_BENCH_SECONDS", 10);
        // A new seed per run (ONECITY_BENCH_SEED repeats one): the same places every run would mostly merge into the
        // incidents earlier runs opened, which is cheaper than taking new ones.
        var seed = OpenLoop.Setting("ONECITY_BENCH_SEED", Random.Shared.Next());
        var random = new Random(seed);
        var run = Guid.NewGuid().ToString("N")[..8];
        byte[] Body(int i, string id)
        {
            var (text, phone, lon, lat) = Call(i, random);
            return JsonSerializer.SerializeToUtf8Bytes(new { text, callerPhone = phone, longitude = lon, latitude = lat, callId = $"{run}-{id}" });
        }

        bodies = Enumerable.Range(0, count).Select(i => Body(i, i.ToString(CultureInfo.InvariantCulture))).ToArray();
        warmup = Enumerable.Range(0, 750).Select(i => Body(i, "w" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Prepared {count} hotline reports (seed {seed})."));
    }
}

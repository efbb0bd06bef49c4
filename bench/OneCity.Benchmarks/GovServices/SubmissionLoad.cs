using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using OneCity.Benchmarks.Load;

namespace OneCity.Benchmarks.GovServices;

/// <summary>
/// Newborn bundle submissions through the real HTTP pipeline: validated, pre-filled from the registries through
/// DataHub (grant checks, masking, ledger), e-licence exemptions looked up, fanned out to department steps, persisted,
/// written to the audit ledger and notified — at a fixed arrival rate; reports p50/p95/p99 latency.
/// The materials to upload are uploaded before the timed run (each submission attaches its own files).
/// Start the demo city first, then:
/// <code>
/// dotnet run -c Release --project src/OneCity.Web -- --urls http://127.0.0.1:18080 --Storage:DataDirectory=/tmp/onecity-bench-data
/// ONECITY_BENCH_URL=http://127.0.0.1:18080 dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*SubmissionLoad*'
/// </code>
/// ONECITY_BENCH_RATE (submissions/s, default 300) and ONECITY_BENCH_SECONDS (default 10) tune the run.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class SubmissionLoad
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    private readonly Dictionary<string, object?> answers = new()
    {
        ["babyName"] = "张小宝", ["babyGender"] = "Male",
        ["babyBirthDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["birthHospital"] = "上海市第一妇婴保健院",
        ["applicantRelation"] = "father", ["otherParentName"] = "李娜", ["otherParentIdNumber"] = "11010519491231002X", ["hukouPlace"] = "father",
        ["birthFilingDone"] = true, ["motherInsured"] = true, ["bankAccountNumber"] = "6222020000000000", ["cardDelivery"] = "post",
    };

    private HttpClient client = null!;
    private byte[][] bodies = [];

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task FixedRateSubmissions()
    {
        var rate = OpenLoop.Setting("ONECITY_BENCH_RATE", 300);
        var seconds = OpenLoop.Setting("ONECITY_BENCH_SECONDS", 10);
        var report = await OpenLoop.RunAsync("GovServices newborn submission", async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = new ByteArrayContent(bodies[n]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }, rate, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(report);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "onecity-govservices-load.txt"), report + Environment.NewLine);
    }

    private async Task SetupAsync()
    {
        var url = Environment.GetEnvironmentVariable("ONECITY_BENCH_URL") ?? "http://127.0.0.1:18080";
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        await BenchCalendar.EnsureAheadAsync(client);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "citizen", password = "OneCity-demo-1" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var preview = await (await client.PostAsJsonAsync("/api/bundles/newborn/preview", new { answers })).Content.ReadFromJsonAsync<JsonElement>();
        var toUpload = new List<string>();
        var commitments = new List<string>();
        foreach (var m in preview.GetProperty("materials").EnumerateArray())
        {
            var code = m.GetProperty("code").GetString()!;
            switch (m.GetProperty("disposition").GetString())
            {
                case "Uploaded": toUpload.Add(code); break;
                case "Commitment": commitments.Add(code); break;
            }
        }

        var count = OpenLoop.Setting("ONECITY_BENCH_RATE", 300) * OpenLoop.Setting("ONECITY_BENCH_SECONDS", 10);
        bodies = new byte[count][];
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var uploads = new Dictionary<string, long>();
                foreach (var code in toUpload)
                {
                    uploads[code] = await UploadAsync(code + ".pdf");
                }

                bodies[i] = JsonSerializer.SerializeToUtf8Bytes(new { bundleCode = "newborn", answers, uploads, commitments });
            }
            finally
            {
                gate.Release();
            }
        }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Prepared {count} submissions, {toUpload.Count} uploads each."));
    }

    private async Task<long> UploadAsync(string name)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Pdf), "file", name);
        var response = await client.PostAsync("/api/applications/files", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}

extern alias web;

using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Benchmarks.Load;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Organisation;

namespace OneCity.Benchmarks.CityOps;

/// <summary>
/// Intake throughput on one node, without HTTP: the platform as <c>Program</c> composes it (SQLite, demo city, every
/// background service running), and hotline reports handed to the same <see cref="IntakeService"/> the HTTP endpoint
/// calls — validated, classified, located, duplicate-checked, routed, persisted with their KPI cells and ledger
/// entries, dispatched and published to the live map — by many concurrent callers, each waiting for its report to be
/// durable before handing in the next. What it leaves out is Kestrel, authentication and JSON, which the HTTP benchmark
/// (<see cref="IntakeLoad"/>) measures with the load generator on the same cores.
/// usage: dotnet run -c Release --project bench/OneCity.Benchmarks -- --intake-pipeline [reports=40000] [callers=256]
/// </summary>
internal static class IntakePipeline
{
    public static async Task RunAsync(string[] args)
    {
        var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40_000;
        var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
        var dir = Path.Combine(Path.GetTempPath(), "onecity-bench-pipeline", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // The web project's content root (its appsettings.json, static files): found from the repository root.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OneCity.slnx")))
        {
            root = root.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ONECITY_WEB", Path.Combine(
            root?.FullName ?? throw new InvalidOperationException("Run from inside the repository."), "src", "OneCity.Web"));
        await using var factory = new WebApplicationFactory<web::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Storage:DataDirectory", dir);
            b.UseSetting("Sensing:Mqtt:Enabled", "false");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        var services = factory.Services; // builds and starts the host: migrations, demo city, background services

        // The demo dispatcher, as a request would see them.
        CurrentUser dispatcher;
        using (var scope = services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
            var user = await users.FindByNameAsync("dispatcher") ?? throw new InvalidOperationException("The demo city has no dispatcher.");
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PlatformUser>>().CreateAsync(user);
            dispatcher = CurrentUser.From(principal);
        }

        var random = new Random(OpenLoop.Setting("ONECITY_BENCH_SEED", Random.Shared.Next()));
        var drafts = Enumerable.Range(0, total + 2_000).Select(i => IntakeLoad.Call(i, random)).Select((c, i) => new ReportDraft(ReportChannel.Hotline,
            c.Text, null, c.Longitude, c.Latitude, null, null, null, c.Phone, null, $"pipeline-{i}", "12345")).ToArray();

        // Warm-up (JIT, caches): the first 2,000 reports, not timed.
        await RunCallersAsync(services, dispatcher, drafts.AsMemory(0, 2_000), callers, null);

        var latencies = new double[total];
        var clock = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var merged = await RunCallersAsync(services, dispatcher, drafts.AsMemory(2_000, total), callers, latencies);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        Array.Sort(latencies);
        double P(double q) => OpenLoop.Percentile(latencies, q);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CityOps intake pipeline: {total} reports, {callers} concurrent callers, {elapsed:F1} s: {total / elapsed:F0} reports/s; " +
            $"p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms; {merged} merged into an open incident; CPU {cpu / total:F2} ms per report; {Environment.ProcessorCount} cores"));
    }

    /// <summary>Each caller hands in the next report when its previous one is durable; returns how many merged.</summary>
    private static async Task<int> RunCallersAsync(IServiceProvider services, CurrentUser actor, ReadOnlyMemory<ReportDraft> drafts, int callers, double[]? latencies)
    {
        var next = -1;
        var merged = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < drafts.Length)
            {
                var started = Stopwatch.GetTimestamp();
                await using var scope = services.CreateAsyncScope();
                var (result, errors) = await scope.ServiceProvider.GetRequiredService<IntakeService>().SubmitAsync(actor, drafts.Span[n], CancellationToken.None);
                if (result is null)
                {
                    throw new InvalidOperationException("A benchmark report was refused: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
                }

                if (result.Merged)
                {
                    Interlocked.Increment(ref merged);
                }

                if (latencies is not null)
                {
                    latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
        })));
        return merged;
    }
}

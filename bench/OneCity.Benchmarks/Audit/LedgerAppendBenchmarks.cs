using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.Benchmarks.Audit;

/// <summary>
/// Ledger appends on an SQLite file (WAL, default synchronous) in a temporary folder, as requests make them: each caller
/// appends one entry after another, awaiting each (its own AuditLedger and DbContext, no transaction), and
/// <see cref="Callers"/> callers run at once. One caller measures the latency of a lone append (one commit each); with
/// many callers the writer puts the entries that queued during one commit into the next (group commit). Reported
/// per append: appends/s = 1 s / mean.
/// dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*Ledger*' --job short
/// </summary>
public class LedgerAppendBenchmarks
{
    private const int Operations = 512;
    private static readonly CurrentUser Clerk = new("u1", "clerk", "clerk", [Roles.CounterClerk], "310101-XZFW", "310101", null);
    private string directory = "";
    private ServiceProvider services = null!;
    private AuditChain chain = null!;
    private IServiceScope[] scopes = [];
    private AuditLedger[] ledgers = [];

    [Params(1, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "onecity-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(directory, "bench.db")}" };
        services = new ServiceCollection()
            .AddModuleDbContext<PlatformDbContext, SqlitePlatformDbContext, PostgresPlatformDbContext>(database, PlatformSchema.HistoryTable)
            .BuildServiceProvider();
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.Database.Migrate();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }

        chain = new AuditChain(
            new AuditSigner(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            new AuditOptions(1000, TimeSpan.FromHours(1)),
            TimeProvider.System,
            services.GetRequiredService<IServiceScopeFactory>());
        scopes = [.. Enumerable.Range(0, Callers).Select(_ => services.CreateScope())];
        ledgers = [.. scopes.Select(s => new AuditLedger(s.ServiceProvider.GetRequiredService<PlatformDbContext>(), chain))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        chain.StopAsync().GetAwaiter().GetResult();
        foreach (var scope in scopes)
        {
            scope.Dispose();
        }

        services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task Append() =>
        Task.WhenAll(ledgers.Select(ledger => Task.Run(async () =>
        {
            for (var i = 0; i < Operations / Callers; i++)
            {
                await ledger.AppendAsync(Clerk, new AuditRecord("person.read", "person", "P1", Purpose: "bench", Subjects: ["P1"]));
            }
        })));
}

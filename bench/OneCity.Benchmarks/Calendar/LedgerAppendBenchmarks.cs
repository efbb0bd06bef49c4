using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.Benchmarks.Audit;

/// <summary>
/// Ledger appends on an SQLite file (WAL), each its own transaction: SM3 hash, conditional head update, entry and subject rows.
/// dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*Ledger*' --job short
/// </summary>
public class LedgerAppendBenchmarks
{
    private const int Operations = 200;
    private static readonly CurrentUser Clerk = new("u1", "clerk", "clerk", [Roles.CounterClerk], "310101-XZFW", "310101", null);
    private string directory = "";
    private SqlitePlatformDbContext db = null!;
    private AuditLedger ledger = null!;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "onecity-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var b = new DbContextOptionsBuilder<SqlitePlatformDbContext>();
        new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(directory, "bench.db")}" }.Configure(b, PlatformSchema.HistoryTable);
        db = new SqlitePlatformDbContext(b.Options);
        db.Database.Migrate();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        var chain = new AuditChain(new AuditSigner(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), new AuditOptions(1000, TimeSpan.FromHours(1)));
        ledger = new AuditLedger(db, chain, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        db.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public async Task Append()
    {
        for (var i = 0; i < Operations; i++)
        {
            await ledger.AppendAsync(Clerk, new AuditRecord("person.read", "person", "P1", Purpose: "bench", Subjects: ["P1"]));
        }
    }
}

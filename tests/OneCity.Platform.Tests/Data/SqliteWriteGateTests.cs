using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;

namespace OneCity.Platform.Tests.Data;

/// <summary>
/// The in-process queue for SQLite write transactions: a waiting transaction starts when the previous one ends, however
/// it ends, and transactions on another database file never wait for it.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "onecity-gate-" + Guid.NewGuid().ToString("N"));
    private readonly List<DbContext> contexts = [];

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        foreach (var file in new[] { "a.db", "b.db" })
        {
            await using var db = Context(file);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER NOT NULL);");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in contexts)
        {
            await c.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private SqlitePlatformDbContext Context(string file = "a.db")
    {
        var b = new DbContextOptionsBuilder<SqlitePlatformDbContext>();
        new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(directory, file)}" }.Configure(b, PlatformSchema.HistoryTable);
        var db = new SqlitePlatformDbContext(b.Options);
        contexts.Add(db);
        return db;
    }

    [Fact]
    public async Task ASecondWriterWaitsForTheFirstCommitAndThenProceeds()
    {
        var first = Context();
        var tx = await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await first.Database.ExecuteSqlRawAsync("INSERT INTO t VALUES (1)", TestContext.Current.CancellationToken);

        var second = Context();
        var waiting = Task.Run(async () =>
        {
            await using var t2 = await second.Database.BeginTransactionAsync();
            await second.Database.ExecuteSqlRawAsync("INSERT INTO t VALUES (2)");
            await t2.CommitAsync();
        }, TestContext.Current.CancellationToken);

        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        await tx.CommitAsync(TestContext.Current.CancellationToken);
        await waiting.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2L], await Values());
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommitOrRollbackReleasesTheQueue()
    {
        var first = Context();
        await using (await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await first.Database.ExecuteSqlRawAsync("INSERT INTO t VALUES (1)", TestContext.Current.CancellationToken);
        }

        // Without the release on close, the next writer would wait the whole 30 s busy timeout.
        var second = Context();
        await WriteAsync(second, 2).WaitAsync(Prompt, TestContext.Current.CancellationToken);
        Assert.Equal([2L], await Values());
    }

    [Fact]
    public async Task ARolledBackTransactionReleasesTheQueue()
    {
        var first = Context();
        var tx = await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await first.Database.ExecuteSqlRawAsync("INSERT INTO t VALUES (1)", TestContext.Current.CancellationToken);
        await tx.RollbackAsync(TestContext.Current.CancellationToken);

        await WriteAsync(Context(), 3).WaitAsync(Prompt, TestContext.Current.CancellationToken);
        await WriteAsync(first, 4).WaitAsync(Prompt, TestContext.Current.CancellationToken);
        Assert.Equal([3L, 4L], await Values());
    }

    [Fact]
    public async Task AnotherDatabaseFileIsNotHeldUp()
    {
        var first = Context("a.db");
        await using var tx = await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await WriteAsync(Context("b.db"), 5).WaitAsync(Prompt, TestContext.Current.CancellationToken);
        await tx.CommitAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ManyConcurrentWritersAllCommitInFull()
    {
        var writers = Enumerable.Range(1, 64).Select(i => Task.Run(() => WriteAsync(Context(), i), TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(1, 64).Select(i => (long)i), await Values());
    }

    private static async Task WriteAsync(DbContext db, int value)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"INSERT INTO t VALUES ({value})");
        await tx.CommitAsync();
    }

    private async Task<List<long>> Values()
    {
        await using var db = Context();
        return await db.Database.SqlQueryRaw<long>("SELECT x AS Value FROM t ORDER BY x").ToListAsync();
    }
}

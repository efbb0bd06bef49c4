using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Tests.Audit;

/// <summary>The ledger on a real SQLite file with the real migrations.</summary>
public sealed class AuditLedgerTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "onecity-ledger-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 9, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly AuditSigner signer = new(RandomNumberGenerator.GetBytes(32));
    private readonly List<PlatformDbContext> contexts = [];
    private readonly List<AuditChain> chains = [];
    private readonly ServiceProvider services;

    public AuditLedgerTests()
    {
        services = NewServices();
    }

    private static readonly CurrentUser Clerk = new("u1", "clerk", "窗口 周丽", [Roles.CounterClerk], "310101-XZFW", "310101", null);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var chain in chains)
        {
            await chain.StopAsync();
        }

        await services.DisposeAsync();
        foreach (var c in contexts)
        {
            await c.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private DatabaseOptions Database => new() { ConnectionString = $"Data Source={Path.Combine(directory, "ledger.db")}" };

    private SqlitePlatformDbContext NewContext()
    {
        var b = new DbContextOptionsBuilder<SqlitePlatformDbContext>();
        Database.Configure(b, PlatformSchema.HistoryTable);
        var db = new SqlitePlatformDbContext(b.Options);
        contexts.Add(db);
        return db;
    }

    /// <summary>The DbContext registration the ledger's writer takes its contexts from, as in the application.</summary>
    private ServiceProvider NewServices(CommitProbe? probe = null) =>
        new ServiceCollection()
            .AddDbContext<PlatformDbContext, SqlitePlatformDbContext>(b =>
            {
                Database.Configure(b, PlatformSchema.HistoryTable);
                if (probe is not null)
                {
                    b.AddInterceptors(probe);
                }
            })
            .BuildServiceProvider();

    /// <summary>One chain = one process: its own gate, head cache and writer.</summary>
    private AuditChain NewChain(int interval = 1000, AuditSigner? key = null, IServiceProvider? provider = null)
    {
        var chain = new AuditChain(key ?? signer, new AuditOptions(interval, TimeSpan.FromHours(1)), clock, (provider ?? services).GetRequiredService<IServiceScopeFactory>());
        chains.Add(chain);
        return chain;
    }

    private AuditLedger NewLedger(int interval = 1000, AuditChain? chain = null) =>
        new(NewContext(), chain ?? NewChain(interval));

    private async Task AppendManyAsync(AuditLedger ledger, int n)
    {
        for (var i = 0; i < n; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1234));
            await ledger.AppendAsync(Clerk, new AuditRecord("person.read", "person", $"P{i}", Purpose: "窗口办理", LegalBasis: "个人信息保护法第十三条", Subjects: [$"P{i}", "P-common"]));
        }
    }

    private async Task ExecAsync(string sql)
    {
        await using var db = NewContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task EntriesFormAChainFromTheGenesisHash()
    {
        var ledger = NewLedger();
        await AppendManyAsync(ledger, 5);
        await using var db = NewContext();
        var entries = await db.Set<AuditEntry>().OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Seq));
        Assert.Equal(AuditHash.Genesis, entries[0].PrevHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PrevHash);
        }

        Assert.Equal("clerk", entries[0].Actor);
        Assert.Equal(Roles.CounterClerk, entries[0].Role);
        Assert.Equal("310101-XZFW", entries[0].Department);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), entries[^1].AtMs);
        Assert.Equal(new AuditVerification(true, 5), await NewLedger().VerifyAsync());
    }

    [Fact]
    public void TheEncodingIsUnambiguous()
    {
        var a = new AuditEntry { Seq = 1, Actor = "ab", Role = "c", Action = "x", ObjectType = "t", ObjectId = "1", PrevHash = AuditHash.Genesis };
        var b = new AuditEntry { Seq = 1, Actor = "a", Role = "bc", Action = "x", ObjectType = "t", ObjectId = "1", PrevHash = AuditHash.Genesis };
        var nullPurpose = new AuditEntry { Seq = 1, Actor = "a", Role = "bc", Action = "x", ObjectType = "t", ObjectId = "1", PrevHash = AuditHash.Genesis, Purpose = null };
        var emptyPurpose = new AuditEntry { Seq = 1, Actor = "a", Role = "bc", Action = "x", ObjectType = "t", ObjectId = "1", PrevHash = AuditHash.Genesis, Purpose = "" };
        Assert.NotEqual(AuditHash.Compute(a, []), AuditHash.Compute(b, []));
        Assert.NotEqual(AuditHash.Compute(nullPurpose, []), AuditHash.Compute(emptyPurpose, []));
        Assert.NotEqual(AuditHash.Compute(a, ["p1", "p2"]), AuditHash.Compute(a, ["p1p2"]));
        Assert.Equal(AuditHash.Compute(a, []), AuditHash.Compute(a, []));
        Assert.Matches("^[0-9a-f]{64}$", AuditHash.Compute(a, []));
    }

    [Fact]
    public void Sm2SignaturesVerifyOnlyWithTheSigningKey()
    {
        var message = AuditHash.CheckpointMessage(1000, new string('a', 64), 1_700_000_000_000);
        var signature = signer.Sign(message);
        Assert.True(signer.Verify(message, signature));
        Assert.False(signer.Verify(AuditHash.CheckpointMessage(1001, new string('a', 64), 1_700_000_000_000), signature));
        Assert.False(new AuditSigner(RandomNumberGenerator.GetBytes(32)).Verify(message, signature));
        Assert.False(signer.Verify(message, "zz"));
        Assert.Equal(16, signer.KeyId.Length);
    }

    [Fact]
    public async Task CheckpointsAreSignedEveryNEntriesAndChecked()
    {
        var ledger = NewLedger(interval: 5);
        await AppendManyAsync(ledger, 12);
        await using var db = NewContext();
        Assert.Equal([5L, 10], await db.Set<AuditCheckpoint>().OrderBy(c => c.Seq).Select(c => c.Seq).ToListAsync());
        Assert.Equal(12L, await ledger.CheckpointAsync());
        Assert.Null(await ledger.CheckpointAsync());
        var ok = await NewLedger().VerifyAsync();
        Assert.True(ok.Ok);
        Assert.Equal(3, ok.Checkpoints);

        // A forged signature, and a checkpoint from another key, are both refused.
        await ExecAsync("UPDATE audit_checkpoints SET at_ms = at_ms + 1 WHERE seq = 10");
        var forged = await NewLedger().VerifyAsync();
        Assert.Equal(10, forged.FailedAt);
        var otherKey = new AuditLedger(NewContext(), NewChain(5, new AuditSigner(RandomNumberGenerator.GetBytes(32))));
        Assert.Equal(5, (await otherKey.VerifyAsync()).FailedAt);
    }

    [Fact]
    public async Task TheVerificationNamesTheLastCheckpointAndTheEntriesAfterIt()
    {
        var ledger = NewLedger(interval: 5);
        await AppendManyAsync(ledger, 3);
        var none = await NewLedger().VerifyAsync();
        Assert.Equal(new AuditVerification(true, 3), none);
        Assert.Equal(3, none.UnsignedEntries);

        await AppendManyAsync(ledger, 4);
        var signedAt = await ScalarAsync("SELECT at_ms AS \"Value\" FROM audit_checkpoints WHERE seq = 5");
        var some = await NewLedger().VerifyAsync();
        Assert.Equal((5L, DateTimeOffset.FromUnixTimeMilliseconds(signedAt), 2L), (some.LastCheckpointSeq!.Value, some.LastCheckpointAt!.Value, some.UnsignedEntries));
        Assert.Equal(7L, await ledger.CheckpointAsync());
        Assert.Equal(0, (await NewLedger().VerifyAsync()).UnsignedEntries);
    }

    [Fact]
    public async Task ADeletedTailWithARewrittenHeadIsFoundWhenACheckpointLiesBeyond()
    {
        var ledger = NewLedger(interval: 5);
        await AppendManyAsync(ledger, 12);
        Assert.True((await NewLedger().VerifyAsync()).Ok);

        // Cut everything after entry 7 (and with it the signed entry 10) and make the head point at entry 7.
        await ExecAsync("DELETE FROM audit_subjects WHERE seq > 7; DELETE FROM audit_entries WHERE seq > 7; "
            + "UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_entries WHERE seq = 7) WHERE id = 1");
        var cut = await NewLedger().VerifyAsync();
        Assert.False(cut.Ok);
        Assert.Equal(8, cut.FailedAt);
        Assert.Equal(7, cut.Entries);
        Assert.Contains("checkpoint at entry 10 lies beyond", cut.Reason, StringComparison.Ordinal);
        Assert.Equal(5, cut.LastCheckpointSeq);

        // With the beyond checkpoint deleted too, the database alone cannot tell: the limit the documentation names.
        await ExecAsync("DELETE FROM audit_checkpoints WHERE seq = 10");
        var undetectable = await NewLedger().VerifyAsync();
        Assert.True(undetectable.Ok, undetectable.Reason);
        Assert.Equal((7L, 5L), (undetectable.Entries, undetectable.LastCheckpointSeq!.Value));
    }

    [Fact]
    public async Task AHeadMovedBackBeforeStoredEntriesIsFound()
    {
        await AppendManyAsync(NewLedger(), 6);
        await ExecAsync("UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_entries WHERE seq = 4) WHERE id = 1");
        var result = await NewLedger().VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(5, result.FailedAt);
        Assert.Contains("after the recorded head", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedCheckpointIsFoundAtItsEntry()
    {
        var ledger = NewLedger(interval: 3);
        await AppendManyAsync(ledger, 10);
        List<AuditCheckpoint> stored;
        await using (var db = NewContext())
        {
            stored = await db.Set<AuditCheckpoint>().AsNoTracking().OrderBy(c => c.Seq).ToListAsync();
        }

        Assert.Equal([(3L, 0L), (6, 3), (9, 6)], stored.Select(c => (c.Seq, c.PrevSeq!.Value)));
        await ExecAsync("DELETE FROM audit_checkpoints WHERE seq = 6");
        var result = await NewLedger().VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(6, result.FailedAt);
        Assert.Contains("checkpoint missing", result.Reason, StringComparison.Ordinal);
        Assert.Equal(3, result.LastCheckpointSeq);

        // The first checkpoint too: the second one names it.
        await using (var db = NewContext())
        {
            db.Add(stored[1]);
            await db.SaveChangesAsync();
        }

        Assert.True((await NewLedger().VerifyAsync()).Ok);
        await ExecAsync("DELETE FROM audit_checkpoints WHERE seq = 3");
        Assert.Equal(3, (await NewLedger().VerifyAsync()).FailedAt);
    }

    [Fact]
    public async Task ACheckpointRelinkedPastADeletedOneIsRefused()
    {
        await AppendManyAsync(NewLedger(interval: 3), 10);
        // Deleting checkpoint 6 and pointing 9 at 3 instead: the link is signed, so the signature no longer holds.
        await ExecAsync("DELETE FROM audit_checkpoints WHERE seq = 6; UPDATE audit_checkpoints SET prev_seq = 3 WHERE seq = 9");
        var result = await NewLedger().VerifyAsync();
        Assert.Equal(9, result.FailedAt);
        Assert.Contains("signature invalid", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionOneCheckpointsStillVerifyAndTheFirstChainedOneLinksToThem()
    {
        var chain = NewChain(interval: 1000);
        await AppendManyAsync(NewLedger(chain: chain), 4);
        // Checkpoints as the ledger signed them before they were chained: (seq, hash, time) only, no prev_seq.
        foreach (var seq in new[] { 2, 4 })
        {
            var hash = await TextAsync($"SELECT hash AS \"Value\" FROM audit_entries WHERE seq = {seq}");
            var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var signature = signer.Sign(AuditHash.CheckpointMessage(seq, hash, at));
            await ExecAsync($"INSERT INTO audit_checkpoints (seq, hash, at_ms, key_id, signature) VALUES ({seq}, '{hash}', {at}, '{signer.KeyId}', '{signature}')");
        }

        var legacy = await NewLedger().VerifyAsync();
        Assert.True(legacy.Ok, legacy.Reason);
        Assert.Equal((2L, 4L), (legacy.Checkpoints, legacy.LastCheckpointSeq!.Value));
        await AppendManyAsync(NewLedger(chain: chain), 2);
        Assert.Equal(6L, await NewLedger(chain: chain).CheckpointAsync());
        Assert.Equal(4L, await ScalarAsync("SELECT prev_seq AS \"Value\" FROM audit_checkpoints WHERE seq = 6"));
        var mixed = await NewLedger().VerifyAsync();
        Assert.True(mixed.Ok, mixed.Reason);
        Assert.Equal((3L, 6L), (mixed.Checkpoints, mixed.LastCheckpointSeq!.Value));

        // The last version-1 checkpoint is named by the first chained one, so deleting it is found.
        await ExecAsync("UPDATE audit_checkpoints SET seq = -4 WHERE seq = 4");
        var deleted = await NewLedger().VerifyAsync();
        Assert.Equal(4, deleted.FailedAt);
        Assert.Contains("checkpoint missing", deleted.Reason, StringComparison.Ordinal);
        await ExecAsync("UPDATE audit_checkpoints SET seq = 4 WHERE seq = -4");

        // After a chained checkpoint, an unchained one is refused even with a valid signature.
        await AppendManyAsync(NewLedger(chain: chain), 1);
        var hash7 = await TextAsync("SELECT hash AS \"Value\" FROM audit_entries WHERE seq = 7");
        var signature7 = signer.Sign(AuditHash.CheckpointMessage(7, hash7, 1));
        await ExecAsync($"INSERT INTO audit_checkpoints (seq, hash, at_ms, key_id, signature) VALUES (7, '{hash7}', 1, '{signer.KeyId}', '{signature7}')");
        var late = await NewLedger().VerifyAsync();
        Assert.Equal(7, late.FailedAt);
        Assert.Contains("unchained", late.Reason, StringComparison.Ordinal);
    }

    /// <summary>One value; the query names its column "Value".</summary>
    private async Task<long> ScalarAsync(string sql)
    {
        await using var db = NewContext();
        return (await db.Database.SqlQueryRaw<long>(sql).ToListAsync()).Single();
    }

    private async Task<string> TextAsync(string sql)
    {
        await using var db = NewContext();
        return (await db.Database.SqlQueryRaw<string>(sql).ToListAsync()).Single();
    }

    [Fact]
    public async Task AnEditedEntryFailsAtThatEntry()
    {
        await AppendManyAsync(NewLedger(), 8);
        await ExecAsync("UPDATE audit_entries SET object_id = 'P-forged' WHERE seq = 4");
        var result = await NewLedger().VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(4, result.FailedAt);
        Assert.Equal(3, result.Entries);
        Assert.Contains("altered", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEditedSubjectFailsAtItsEntry()
    {
        await AppendManyAsync(NewLedger(), 6);
        await ExecAsync("DELETE FROM audit_subjects WHERE seq = 2 AND person_id = 'P1'");
        Assert.Equal(2, (await NewLedger().VerifyAsync()).FailedAt);
    }

    [Fact]
    public async Task ADeletedOrReorderedEntryIsFound()
    {
        await AppendManyAsync(NewLedger(), 8);
        await ExecAsync("UPDATE audit_entries SET seq = -1 WHERE seq = 3; UPDATE audit_entries SET seq = 3 WHERE seq = 6; UPDATE audit_entries SET seq = 6 WHERE seq = -1;");
        Assert.Equal(3, (await NewLedger().VerifyAsync()).FailedAt);
        await ExecAsync("UPDATE audit_entries SET seq = -1 WHERE seq = 3; UPDATE audit_entries SET seq = 3 WHERE seq = 6; UPDATE audit_entries SET seq = 6 WHERE seq = -1;");
        Assert.True((await NewLedger().VerifyAsync()).Ok);

        await ExecAsync("DELETE FROM audit_entries WHERE seq = 8");
        var tail = await NewLedger().VerifyAsync();
        Assert.Equal(8, tail.FailedAt);
        await ExecAsync("DELETE FROM audit_entries WHERE seq = 5");
        var middle = await NewLedger().VerifyAsync();
        Assert.Equal(5, middle.FailedAt);
        Assert.Contains("missing", middle.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntryInARolledBackTransactionLeavesNoTrace()
    {
        var chain = NewChain();
        await AppendManyAsync(NewLedger(chain: chain), 2);
        var db = NewContext();
        var ledger = new AuditLedger(db, chain);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            Assert.Equal(3, await ledger.AppendAsync(Clerk, new AuditRecord("calendar.year-loaded", "calendar-year", "2027")));
            await tx.RollbackAsync();
        }

        Assert.Equal(3, await NewLedger(chain: chain).AppendAsync(Clerk, new AuditRecord("auth.signed-in", "user", "clerk")));
        Assert.Equal(new AuditVerification(true, 3), await NewLedger().VerifyAsync());
    }

    [Fact]
    public async Task TwoProcessesSharingADatabaseDoNotForkTheChain()
    {
        // Separate chains = separate head caches and gates, as in two application instances.
        var a = NewChain();
        var b = NewChain();
        for (var i = 0; i < 4; i++)
        {
            await AppendManyAsync(NewLedger(chain: a), 2);
            await AppendManyAsync(NewLedger(chain: b), 3);
        }

        var result = await NewLedger().VerifyAsync();
        Assert.True(result.Ok, result.Reason);
        Assert.Equal(20, result.Entries);
    }

    [Fact]
    public async Task SearchFiltersBySubjectActionAndTime()
    {
        var ledger = NewLedger();
        await AppendManyAsync(ledger, 5);
        await ledger.AppendAsync(CurrentUser.System, new AuditRecord("calendar.year-loaded", "calendar-year", "2027"));
        Assert.Equal(5, (await ledger.SearchAsync(new AuditSearch(Subject: "P-common"))).Total);
        var one = await ledger.SearchAsync(new AuditSearch(Subject: "P2"));
        Assert.Equal("P2", Assert.Single(one.Items).ObjectId);
        Assert.Equal(["P-common", "P2"], one.Items[0].Subjects);
        Assert.Equal(1, (await ledger.SearchAsync(new AuditSearch(Action: "calendar."))).Total);
        Assert.Equal(5, (await ledger.SearchAsync(new AuditSearch(Actor: "clerk"))).Total);
        Assert.Equal(5, (await ledger.SearchAsync(new AuditSearch(Role: Roles.CounterClerk))).Total);
        Assert.Equal(6L, Assert.Single((await ledger.SearchAsync(new AuditSearch(Role: Roles.SystemAdministrator))).Items).Seq);
        Assert.Equal(5, (await ledger.SearchAsync(new AuditSearch(Department: "310101-XZFW"))).Total);
        Assert.Equal(0, (await ledger.SearchAsync(new AuditSearch(Department: "310101-XZFW", Role: Roles.SystemAdministrator))).Total);
        var page = await ledger.SearchAsync(new AuditSearch(PageSize: 2, Page: 2));
        Assert.Equal([4L, 3], page.Items.Select(i => i.Seq));
        Assert.Equal(0, (await ledger.SearchAsync(new AuditSearch(From: clock.GetUtcNow().AddSeconds(1)))).Total);
    }

    private static AuditRecord Read(string id) => new("person.read", "person", id, Purpose: "窗口办理", Subjects: [id]);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for the ledger's queue");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The writer's first commit waits until released, so that later appends queue up behind it.</summary>
    private static (CommitProbe Probe, Task FirstCommitting, TaskCompletionSource Release) HoldFirstCommit(Func<int, Exception?>? fail = null)
    {
        var committing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new CommitProbe(async n =>
        {
            if (n == 1)
            {
                committing.SetResult();
                await release.Task;
            }

            if (fail?.Invoke(n) is { } e)
            {
                throw e;
            }
        });
        return (probe, committing.Task, release);
    }

    [Fact]
    public async Task ConcurrentAppendsShareCommitsAndFormOneChain()
    {
        var (probe, _, release) = HoldFirstCommit();
        release.SetResult();
        await using var provider = NewServices(probe);
        var chain = NewChain(provider: provider);
        var appends = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => NewLedger(chain: chain).AppendAsync(Clerk, Read("P" + i.ToString(CultureInfo.InvariantCulture)))))
            .ToList();
        var seqs = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), seqs.Order());
        Assert.InRange(probe.Commits, 1, 199);
        var page = await NewLedger().SearchAsync(new AuditSearch(PageSize: 200));
        var idBySeq = page.Items.ToDictionary(i => i.Seq, i => i.ObjectId);
        for (var i = 0; i < 200; i++)
        {
            // Each caller was answered with the number of its own entry.
            Assert.Equal("P" + i.ToString(CultureInfo.InvariantCulture), idBySeq[seqs[i]]);
            Assert.Equal(["P" + i.ToString(CultureInfo.InvariantCulture)], page.Items.Single(e => e.Seq == seqs[i]).Subjects);
        }

        Assert.Equal(new AuditVerification(true, 200), await NewLedger().VerifyAsync());
    }

    [Fact]
    public async Task AFailedCommitFailsEveryCallerInTheBatchAndLeavesNoGap()
    {
        var (probe, committing, release) = HoldFirstCommit(n => n == 2 ? new InvalidOperationException("disk full") : null);
        await using var provider = NewServices(probe);
        var chain = NewChain(provider: provider);
        var first = NewLedger(chain: chain).AppendAsync(Clerk, Read("A"));
        await committing;
        var failing = Enumerable.Range(0, 5).Select(i => NewLedger(chain: chain).AppendAsync(Clerk, Read("B" + i.ToString(CultureInfo.InvariantCulture)))).ToList();
        await WaitUntilAsync(() => chain.Queued == 5);
        release.SetResult();

        Assert.Equal(1, await first);
        foreach (var append in failing)
        {
            Assert.Equal("disk full", (await Assert.ThrowsAsync<InvalidOperationException>(() => append)).Message);
        }

        Assert.Null(chain.Head);
        Assert.Equal(2, await NewLedger(chain: chain).AppendAsync(Clerk, Read("C")));
        Assert.Equal(new AuditVerification(true, 2), await NewLedger().VerifyAsync());
        Assert.Equal(["C", "A"], (await NewLedger().SearchAsync(new AuditSearch())).Items.Select(i => i.ObjectId));
    }

    [Fact]
    public async Task ACallerThatStopsWaitingStillHasItsEntryWritten()
    {
        var (probe, committing, release) = HoldFirstCommit();
        await using var provider = NewServices(probe);
        var chain = NewChain(provider: provider);
        var ledger = NewLedger(chain: chain);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.AppendAsync(Clerk, Read("never"), new CancellationToken(canceled: true)));

        var first = ledger.AppendAsync(Clerk, Read("A"));
        await committing;
        using var cts = new CancellationTokenSource();
        var abandoned = NewLedger(chain: chain).AppendAsync(Clerk, Read("B"), cts.Token);
        await WaitUntilAsync(() => chain.Queued == 1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var third = NewLedger(chain: chain).AppendAsync(Clerk, Read("C"));
        await WaitUntilAsync(() => chain.Queued == 2);
        release.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(3, await third);
        Assert.Equal(["C", "B", "A"], (await NewLedger().SearchAsync(new AuditSearch())).Items.Select(i => i.ObjectId));
        Assert.Equal(new AuditVerification(true, 3), await NewLedger().VerifyAsync());
    }

    [Fact]
    public async Task StoppingWritesEverythingQueuedAndLaterAppendsStillCommit()
    {
        var (probe, committing, release) = HoldFirstCommit();
        await using var provider = NewServices(probe);
        var chain = NewChain(provider: provider);
        var first = NewLedger(chain: chain).AppendAsync(Clerk, Read("A"));
        await committing;
        var queued = Enumerable.Range(0, 10).Select(i => NewLedger(chain: chain).AppendAsync(Clerk, Read("Q" + i.ToString(CultureInfo.InvariantCulture)))).ToList();
        await WaitUntilAsync(() => chain.Queued == 10);
        var stop = chain.StopAsync(TestContext.Current.CancellationToken);
        Assert.False(stop.IsCompleted);
        release.SetResult();
        await stop;

        // Committed by the time the stop ends (the callers' continuations may still be on their way).
        Assert.Equal(new AuditVerification(true, 11), await NewLedger().VerifyAsync());
        Assert.Equal(1, await first);
        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), await Task.WhenAll(queued));
        Assert.Equal(12, await NewLedger(chain: chain).AppendAsync(Clerk, Read("after stop")));
        Assert.Equal(new AuditVerification(true, 12), await NewLedger().VerifyAsync());
    }

    [Fact]
    public async Task CheckpointsFallingInsideABatchAreSignedInIt()
    {
        var (probe, committing, release) = HoldFirstCommit();
        await using var provider = NewServices(probe);
        var chain = NewChain(interval: 5, provider: provider);
        var first = NewLedger(chain: chain).AppendAsync(Clerk, Read("A"));
        await committing;
        var queued = Enumerable.Range(0, 11).Select(i => NewLedger(chain: chain).AppendAsync(Clerk, Read("Q" + i.ToString(CultureInfo.InvariantCulture)))).ToList();
        await WaitUntilAsync(() => chain.Queued == 11);
        release.SetResult();
        await first;
        await Task.WhenAll(queued);

        Assert.Equal(2, probe.Commits);
        await using var db = NewContext();
        Assert.Equal([5L, 10], await db.Set<AuditCheckpoint>().OrderBy(c => c.Seq).Select(c => c.Seq).ToListAsync(TestContext.Current.CancellationToken));
        var verified = await NewLedger().VerifyAsync();
        Assert.Equal(new AuditVerification(true, 12, Checkpoints: 2, LastCheckpointSeq: 10, LastCheckpointAt: clock.GetUtcNow()), verified);
        Assert.Equal(2, verified.UnsignedEntries);
    }

    [Fact]
    public async Task AnAppendInACallersTransactionInterleavesWithGroupedAppends()
    {
        var chain = NewChain();
        await AppendManyAsync(NewLedger(chain: chain), 3);
        var grouped = new List<Task<long>>();
        var db = NewContext();
        var joined = new AuditLedger(db, chain);
        long committedSeq;
        await using (var tx = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            grouped.AddRange(Enumerable.Range(0, 20).Select(i => Task.Run(() => NewLedger(chain: chain).AppendAsync(Clerk, Read("G" + i.ToString(CultureInfo.InvariantCulture))))));
            committedSeq = await joined.AppendAsync(CurrentUser.System, new AuditRecord("calendar.year-loaded", "calendar-year", "2027"));
            grouped.AddRange(Enumerable.Range(20, 20).Select(i => Task.Run(() => NewLedger(chain: chain).AppendAsync(Clerk, Read("G" + i.ToString(CultureInfo.InvariantCulture))))));
            await tx.CommitAsync(TestContext.Current.CancellationToken);
        }

        await using (var tx = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await joined.AppendAsync(CurrentUser.System, new AuditRecord("calendar.year-replaced", "calendar-year", "2027"));
            grouped.AddRange(Enumerable.Range(40, 20).Select(i => Task.Run(() => NewLedger(chain: chain).AppendAsync(Clerk, Read("G" + i.ToString(CultureInfo.InvariantCulture))))));
            await tx.RollbackAsync(TestContext.Current.CancellationToken);
        }

        var seqs = await Task.WhenAll(grouped);
        Assert.Equal(Enumerable.Range(4, 61).Select(i => (long)i), seqs.Append(committedSeq).Order());
        Assert.Equal(new AuditVerification(true, 64), await NewLedger().VerifyAsync());
        Assert.Equal(0, (await NewLedger().SearchAsync(new AuditSearch(Action: "calendar.year-replaced"))).Total);
        Assert.Equal(committedSeq, Assert.Single((await NewLedger().SearchAsync(new AuditSearch(Action: "calendar.year-loaded"))).Items).Seq);
    }

    /// <summary>Counts the commits of the writer's contexts and lets a test hold or fail one.</summary>
    private sealed class CommitProbe(Func<int, Task> beforeCommit) : DbTransactionInterceptor
    {
        private int commits;

        public int Commits => Volatile.Read(ref commits);

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            await beforeCommit(Interlocked.Increment(ref commits));
            return result;
        }
    }
}

using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Audit;

/// <summary>
/// Process-wide ledger state: the append gate, the cached head, the signing key and the group-commit writer.
/// <para>An append outside a caller's transaction is queued. One writer loop takes every queued entry (at most
/// <see cref="MaxBatch"/>), chains them in queue order, writes them and any checkpoint that falls due in ONE transaction
/// on a DbContext of its own, commits, and only then completes each caller's task. If the batch fails, every caller in it
/// gets the exception and the cached head is dropped. An append inside the caller's transaction (see
/// <see cref="AuditLedger"/>) takes the same gate and head, so both paths extend one chain.</para>
/// <para>Lock order, in every path: the database's ledger lock first (SQLite: the database write lock; PostgreSQL: the
/// <c>audit_head</c> row), then <see cref="Gate"/>. A transaction waiting for the gate therefore never holds what the
/// gate's holder is waiting for.</para>
/// </summary>
internal sealed class AuditChain
{
    /// <summary>The most entries one transaction holds.</summary>
    public const int MaxBatch = 512;

    private readonly GroupCommitQueue<AuditPending> queue;

    private readonly IServiceScopeFactory scopes;
    private readonly ILogger logger;

    /// <param name="scopes">The writer resolves a <see cref="PlatformDbContext"/> from a scope of its own for each batch.</param>
    public AuditChain(AuditSigner signer, AuditOptions options, TimeProvider clock, IServiceScopeFactory scopes, ILogger<AuditChain>? logger = null)
    {
        Signer = signer;
        Options = options;
        Clock = clock;
        this.scopes = scopes;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        queue = new GroupCommitQueue<AuditPending>(MaxBatch, MaxBatch * 8, WriteQueuedAsync);
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The committed head as this process last saw it; null = read it from the database.</summary>
    public (long Seq, string Hash)? Head { get; set; }

    public AuditSigner Signer { get; }

    public AuditOptions Options { get; }

    public TimeProvider Clock { get; }

    /// <summary>Entries queued and not yet taken by the writer.</summary>
    internal int Queued => queue.Queued;

    /// <summary>
    /// Queues the entry and waits until the transaction holding it has committed; returns its sequence number.
    /// Cancelling before the entry is queued leaves no entry; once queued, the entry is written and only the wait ends.
    /// </summary>
    public async Task<long> AppendAsync(AuditDraft draft, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new AuditPending(draft);
        if (!await queue.TryEnqueueAsync(pending, ct))
        {
            // The writer has stopped (the host is shutting down): commit this entry alone, still on a context of our own.
            return (await WriteBatchAsync([draft], ct))[0];
        }

        return await pending.Completion.Task.WaitAsync(ct);
    }

    /// <summary>Stops taking new entries into the queue and waits until every queued entry has been written.</summary>
    public Task StopAsync(CancellationToken ct = default) => queue.StopAsync(ct);

    /// <summary>One writer batch: every caller in it gets its sequence number, or the error.</summary>
    private async Task WriteQueuedAsync(IReadOnlyList<AuditPending> batch)
    {
        try
        {
            // No cancellation: a queued entry is written even when its caller has stopped waiting.
            var seqs = await WriteBatchAsync([.. batch.Select(p => p.Draft)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(seqs[i]);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Audit ledger batch of {Count} entries failed; every caller in it gets the error.", batch.Count);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(e);
            }
        }
    }

    /// <summary>Chains the drafts after the head and writes them, with their due checkpoints, in one transaction.</summary>
    private async Task<long[]> WriteBatchAsync(IReadOnlyList<AuditDraft> drafts, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        // SQLite: BEGIN IMMEDIATE, so the transaction holds the database write lock from here on.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AuditStore.LockHeadAsync(db.Database, ct);
        await Gate.WaitAsync(ct);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var head = Head ?? await AuditStore.ReadHeadAsync(db.Database, ct);
                var at = Clock.GetUtcNow().ToUnixTimeMilliseconds();
                var entries = AuditStore.Link(drafts, head, at);
                if (await AuditStore.TryWriteAsync(db.Database, entries, drafts, head, ct))
                {
                    // Rare (one entry in CheckpointInterval): only then is the last checkpoint read, to chain the new one to it.
                    var due = entries.Where(e => e.Seq % Options.CheckpointInterval == 0).ToList();
                    if (due.Count > 0)
                    {
                        var previous = await AuditStore.ReadLastCheckpointAsync(db, ct);
                        foreach (var e in due)
                        {
                            previous = await AuditStore.InsertCheckpointAsync(db, Signer, previous, e.Seq, e.Hash, at, ct);
                        }
                    }

                    await tx.CommitAsync(ct);
                    Head = (entries[^1].Seq, entries[^1].Hash);
                    return [.. entries.Select(e => e.Seq)];
                }

                // Only a cached head another process has moved past gets here: under the lock, the database's head is final.
                Head = null;
                if (attempt >= 1)
                {
                    throw new InvalidOperationException("Could not append to the audit ledger: the head moved while locked.");
                }
            }
        }
        catch
        {
            Head = null;
            throw;
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>A queued entry and the task its caller waits on.</summary>
internal sealed class AuditPending(AuditDraft draft)
{
    public AuditDraft Draft { get; } = draft;

    // Continuations run on the pool, never inline on the writer loop.
    public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An entry's fields, cleaned exactly as they will be stored and hashed, waiting for its place in the chain.</summary>
internal sealed record AuditDraft(
    string Actor,
    string Role,
    string? Department,
    string Action,
    string ObjectType,
    string ObjectId,
    string? Purpose,
    string? LegalBasis,
    string? Details,
    IReadOnlyList<string> Subjects)
{
    public static AuditDraft From(CurrentUser actor, AuditRecord record) => new(
        Clean(actor.UserName, AuditLimits.Short) ?? "",
        Clean(actor.PrimaryRole, AuditLimits.Short) ?? "",
        Clean(actor.DepartmentCode, AuditLimits.Short),
        Clean(record.Action, AuditLimits.Short) ?? "",
        Clean(record.ObjectType, AuditLimits.Short) ?? "",
        Clean(record.ObjectId, AuditLimits.Medium) ?? "",
        Clean(record.Purpose, AuditLimits.Medium),
        Clean(record.LegalBasis, AuditLimits.Medium),
        Clean(record.Details, AuditLimits.Long),
        [.. (record.Subjects ?? [])
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => Clean(s.Trim(), AuditLimits.Short)!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)]);

    /// <summary>The entry at <paramref name="seq"/> after <paramref name="prevHash"/>, with its hash.</summary>
    public AuditEntry Link(long seq, long atMs, string prevHash)
    {
        var entry = new AuditEntry
        {
            Seq = seq,
            AtMs = atMs,
            Actor = Actor,
            Role = Role,
            Department = Department,
            Action = Action,
            ObjectType = ObjectType,
            ObjectId = ObjectId,
            Purpose = Purpose,
            LegalBasis = LegalBasis,
            Details = Details,
            PrevHash = prevHash,
        };
        entry.Hash = AuditHash.Compute(entry, Subjects);
        return entry;
    }

    // PostgreSQL text cannot hold NUL, and column limits are enforced there: store exactly what was hashed.
    private static string? Clean(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }

        value = value.Replace('\0', '\uFFFD');
        if (value.Length <= max)
        {
            return value;
        }

        return char.IsHighSurrogate(value[max - 1]) ? value[..(max - 1)] : value[..max];
    }
}

/// <summary>
/// The ledger's SQL, shared by the writer and by appends in a caller's transaction. Raw SQL rather than SaveChanges:
/// an append must never flush the caller's half-made changes. Every method runs in the context's open transaction.
/// </summary>
internal static class AuditStore
{
    private const string InsertEntry =
        "INSERT INTO audit_entries (seq, at_ms, actor, role, department, action, object_type, object_id, purpose, legal_basis, details, prev_hash, hash) "
        + "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)";

    private const string InsertSubject = "INSERT INTO audit_subjects (person_id, seq) VALUES (@p0, @p1)";

    private static readonly DbType[] EntryTypes =
    [
        DbType.Int64, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String,
        DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String,
    ];

    private static readonly DbType[] SubjectTypes = [DbType.String, DbType.Int64];

    /// <summary>
    /// Takes the database's ledger lock in the current transaction. PostgreSQL: the <c>audit_head</c> row lock. SQLite:
    /// the database write lock, which a BEGIN IMMEDIATE transaction (EF's default) already holds; the no-op update takes
    /// it in a deferred transaction too.
    /// </summary>
    public static Task LockHeadAsync(DatabaseFacade database, CancellationToken ct) =>
        database.IsNpgsql()
            ? database.ExecuteSqlRawAsync("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE", ct)
            : database.ExecuteSqlRawAsync("UPDATE audit_head SET seq = seq WHERE id = 1", ct);

    /// <summary>The head, read through any module's context on the platform's database (in its transaction, if it has one).</summary>
    public static async Task<(long Seq, string Hash)> ReadHeadAsync(DatabaseFacade database, CancellationToken ct)
    {
        var head = await database.SqlQueryRaw<HeadRow>("SELECT seq AS \"Seq\", hash AS \"Hash\" FROM audit_head WHERE id = 1").SingleAsync(ct);
        return (head.Seq, head.Hash);
    }

    internal sealed class HeadRow
    {
        public long Seq { get; set; }

        public string Hash { get; set; } = "";
    }

    /// <summary>
    /// The head, the last entry's seq and the last checkpoint's seq, read in ONE statement and so from one snapshot (each
    /// PostgreSQL statement sees one snapshot; an SQLite statement runs in one read transaction). Every writer moves the
    /// head, inserts the entries and signs their checkpoints in one transaction, so in an intact ledger the three agree:
    /// last entry = head, last checkpoint ≤ head.
    /// </summary>
    public static async Task<LedgerSnapshot> ReadSnapshotAsync(DatabaseFacade database, CancellationToken ct) =>
        await database.SqlQueryRaw<LedgerSnapshot>(
                "SELECT h.seq AS \"Seq\", h.hash AS \"Hash\", "
                + "(SELECT MAX(e.seq) FROM audit_entries e) AS \"LastEntry\", "
                + "(SELECT MAX(c.seq) FROM audit_checkpoints c) AS \"LastCheckpoint\" "
                + "FROM audit_head h WHERE h.id = 1")
            .SingleAsync(ct);

    internal sealed class LedgerSnapshot
    {
        public long Seq { get; set; }

        public string Hash { get; set; } = "";

        public long? LastEntry { get; set; }

        public long? LastCheckpoint { get; set; }
    }

    /// <summary>The last stored checkpoint's seq and signature, or (0, null) when there is none. Call it under the ledger lock.</summary>
    public static async Task<(long Seq, string? Signature)> ReadLastCheckpointAsync(PlatformDbContext db, CancellationToken ct)
    {
        var last = await db.Set<AuditCheckpoint>().AsNoTracking()
            .OrderByDescending(c => c.Seq)
            .Select(c => new { c.Seq, c.Signature })
            .FirstOrDefaultAsync(ct);
        return last is null ? (0, null) : (last.Seq, last.Signature);
    }

    /// <summary>
    /// Moves the head from <paramref name="head"/> to the last entry with a conditional update (false, and nothing written,
    /// when the head is no longer there), then inserts the entries and their subjects.
    /// </summary>
    public static async Task<bool> TryWriteAsync(
        DatabaseFacade database, IReadOnlyList<AuditEntry> entries, IReadOnlyList<AuditDraft> drafts, (long Seq, string Hash) head, CancellationToken ct)
    {
        var (seq, hash) = head;
        var last = entries[^1];
        var connection = database.GetDbConnection();
        var transaction = Transaction(database);
        await using (var move = connection.CreateCommand())
        {
            move.Transaction = transaction;
            move.CommandText = "UPDATE audit_head SET seq = @p0, hash = @p1 WHERE id = 1 AND seq = @p2 AND hash = @p3";
            move.Parameters.Add(Parameter(move.CreateParameter(), 0, DbType.Int64, last.Seq));
            move.Parameters.Add(Parameter(move.CreateParameter(), 1, DbType.String, last.Hash));
            move.Parameters.Add(Parameter(move.CreateParameter(), 2, DbType.Int64, seq));
            move.Parameters.Add(Parameter(move.CreateParameter(), 3, DbType.String, hash));
            if (await move.ExecuteNonQueryAsync(ct) != 1)
            {
                return false;
            }
        }

        await InsertAsync(connection, transaction, InsertEntry, EntryTypes,
            entries.Select(e => new object?[] { e.Seq, e.AtMs, e.Actor, e.Role, e.Department, e.Action, e.ObjectType, e.ObjectId, e.Purpose, e.LegalBasis, e.Details, e.PrevHash, e.Hash }),
            ct);
        await InsertAsync(connection, transaction, InsertSubject, SubjectTypes,
            entries.SelectMany((e, i) => drafts[i].Subjects.Select(s => new object?[] { s, e.Seq })),
            ct);
        return true;
    }

    /// <summary>The drafts chained one after another behind the head, all stamped <paramref name="at"/>.</summary>
    public static AuditEntry[] Link(IReadOnlyList<AuditDraft> drafts, (long Seq, string Hash) head, long at)
    {
        var entries = new AuditEntry[drafts.Count];
        var prev = head;
        for (var i = 0; i < drafts.Count; i++)
        {
            entries[i] = drafts[i].Link(prev.Seq + 1, at, prev.Hash);
            prev = (entries[i].Seq, entries[i].Hash);
        }

        return entries;
    }

    private static DbTransaction Transaction(DatabaseFacade database) =>
        database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Audit entries are written in a transaction.");

    /// <summary>
    /// Signs (seq, hash, at) chained to <paramref name="previous"/> (version 2, see <see cref="AuditHash.CheckpointMessage(long, string, long, long, string?)"/>)
    /// and stores the checkpoint; returns it as the previous checkpoint of the next one. Call it under the ledger lock, so
    /// that <paramref name="previous"/> is still the last checkpoint. A checkpoint already there for that seq stays (only a
    /// ledger whose head was moved back gets there, and verification reports that); the last stored one is returned then.
    /// </summary>
    public static async Task<(long Seq, string? Signature)> InsertCheckpointAsync(
        PlatformDbContext db, AuditSigner signer, (long Seq, string? Signature) previous, long seq, string hash, long at, CancellationToken ct)
    {
        var signature = signer.Sign(AuditHash.CheckpointMessage(seq, hash, at, previous.Seq, previous.Signature));
        var keyId = signer.KeyId;
        var prevSeq = previous.Seq;
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO audit_checkpoints (seq, hash, at_ms, key_id, signature, prev_seq) VALUES ({seq}, {hash}, {at}, {keyId}, {signature}, {prevSeq}) ON CONFLICT (seq) DO NOTHING",
            ct);
        return inserted == 1 ? (seq, signature) : await ReadLastCheckpointAsync(db, ct);
    }

    /// <summary>
    /// One INSERT per row. Where the provider batches commands (PostgreSQL) all rows go in one round trip; otherwise
    /// (SQLite, in process) one prepared command is executed once per row. Both are far cheaper than one multi-row
    /// statement with hundreds of parameters, which SQLite has to compile and bind anew for every batch.
    /// </summary>
    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string sql, DbType[] types, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var row in rows)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                for (var i = 0; i < types.Length; i++)
                {
                    command.Parameters.Add(Parameter(command.CreateParameter(), i, types[i], row[i]));
                }

                batch.BatchCommands.Add(command);
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }

            return;
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = sql;
        var parameters = new DbParameter[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            parameters[i] = Parameter(insert.CreateParameter(), i, types[i], null);
            insert.Parameters.Add(parameters[i]);
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbParameter parameter, int index, DbType type, object? value)
    {
        parameter.ParameterName = "@p" + index.ToString(CultureInfo.InvariantCulture);
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}

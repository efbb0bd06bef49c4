using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Audit;

/// <summary>
/// What happened, to what, and why. <paramref name="Subjects"/> lists the population-registry person ids
/// whose personal data the action touched (the citizen's data tracker is built from it).
/// <para>The ledger is permanent and readable by auditors: never put personal values (names, identity numbers,
/// phone numbers, addresses …) in any field. Refer to people and records by their ids.</para>
/// </summary>
public sealed record AuditRecord(
    string Action,
    string ObjectType,
    string ObjectId,
    string? Purpose = null,
    string? LegalBasis = null,
    string? Details = null,
    IReadOnlyList<string>? Subjects = null);

/// <summary>
/// The result of recomputing the chain: <c>{"ok":true,"entries":N}</c> or the first entry that fails and why.
/// <see cref="LastCheckpointSeq"/> and <see cref="LastCheckpointAt"/> name the last signed checkpoint verified (absent
/// when there is none): entries up to it are sealed by an SM2 signature, the <see cref="UnsignedEntries"/> after it rely
/// on the hash chain alone (someone who can write the database can cut them off and rewrite the head unnoticed).
/// </summary>
public sealed record AuditVerification(
    bool Ok,
    long Entries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? FailedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    long Checkpoints = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? LastCheckpointSeq = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? LastCheckpointAt = null)
{
    /// <summary>Verified entries after the last verified checkpoint: protected by the hash chain alone.</summary>
    public long UnsignedEntries => Math.Max(0, Entries - (LastCheckpointSeq ?? 0));
}

/// <summary>
/// Filters for listing entries; every filter is optional. <see cref="Action"/> matches a prefix (auth. → all sign-in
/// events); <see cref="Role"/> (the actor's primary role when acting) and <see cref="Department"/> (department code) match exactly.
/// </summary>
public sealed record AuditSearch(
    string? Actor = null,
    string? Action = null,
    string? ObjectType = null,
    string? ObjectId = null,
    string? Subject = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 1,
    int PageSize = 50,
    long? Seq = null,
    string? ExcludeActor = null,
    string? Role = null,
    string? Department = null);

public sealed record AuditEntryView(
    long Seq,
    DateTimeOffset Time,
    string Actor,
    string Role,
    string? Department,
    string Action,
    string ObjectType,
    string ObjectId,
    string? Purpose,
    string? LegalBasis,
    string? Details,
    IReadOnlyList<string> Subjects,
    string PreviousHash,
    string Hash);

public sealed record AuditEntryPage(long Total, int Page, int PageSize, IReadOnlyList<AuditEntryView> Items);

/// <summary><c>Audit:CheckpointInterval</c> (entries, default 1000) and <c>Audit:CheckpointMinutes</c> (default 60).</summary>
public sealed record AuditOptions(int CheckpointInterval, TimeSpan CheckpointPeriod)
{
    public static AuditOptions From(IConfiguration configuration) => new(
        Math.Max(1, configuration.GetValue("Audit:CheckpointInterval", 1000)),
        TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Audit:CheckpointMinutes", 60.0))));
}

/// <summary>
/// The append-only, SM3-chained audit ledger. Every state change and every read of personal data appends one entry.
/// <para>Outside a transaction an append is group-committed: the process's single writer puts the entries of concurrent
/// callers in one transaction and answers each caller after that commit (see <see cref="AuditChain"/>). When the caller's
/// DbContext has an open transaction the entry joins it, so a state change and its entry commit or roll back together.
/// Both paths take the database's ledger lock and then one in-process gate, and the head moves by a conditional update of
/// the single <c>audit_head</c> row (seq and hash must still be what this process believes), so two application instances
/// on one PostgreSQL database cannot fork the chain either: the loser re-reads the head and retries.</para>
/// </summary>
public sealed class AuditLedger
{
    private const int VerifyBatch = 2000;
    private readonly PlatformDbContext db;
    private readonly AuditChain chain;

    internal AuditLedger(PlatformDbContext db, AuditChain chain)
    {
        this.db = db;
        this.chain = chain;
    }

    public string SigningKeyId => chain.Signer.KeyId;

    public string SigningPublicKey => chain.Signer.PublicKeyHex;

    /// <summary>
    /// Appends one entry and returns its sequence number once the entry is committed (or, inside the caller's open
    /// transaction, written in it). Cancelling after the entry has been queued ends the wait, not the write.
    /// </summary>
    public async Task<long> AppendAsync(CurrentUser actor, AuditRecord record, CancellationToken cancellationToken = default)
    {
        var draft = AuditDraft.From(actor, record);
        return db.Database.CurrentTransaction is null
            ? await chain.AppendAsync(draft, cancellationToken)
            : (await WriteInTransactionAsync(db, [draft], cancellationToken))[0];
    }

    /// <summary>
    /// Signs the current head unless it is already signed; returns the new checkpoint's sequence number. Under the ledger
    /// lock (in the context's transaction, or one of its own), so that the checkpoint is chained to the last one and no
    /// other writer signs in between.
    /// </summary>
    public async Task<long?> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await AuditStore.LockHeadAsync(db.Database, cancellationToken);
        var head = await AuditStore.ReadHeadAsync(db.Database, cancellationToken);
        var previous = await AuditStore.ReadLastCheckpointAsync(db, cancellationToken);
        // previous > head: a checkpoint beyond the head (a head moved back); verification reports it, nothing to sign.
        if (head.Seq == 0 || previous.Seq >= head.Seq)
        {
            return null;
        }

        await AuditStore.InsertCheckpointAsync(db, chain.Signer, previous, head.Seq, head.Hash, chain.Clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return head.Seq;
    }

    /// <summary>
    /// Recomputes the chain from the first entry up to the head as it was when verification started, in batches, and
    /// checks the signed checkpoints as a chain of their own: every checkpoint's key and SM2 signature, its hash against
    /// its entry, its link to the checkpoint before it (a deleted checkpoint is found at its entry), and that no entry or
    /// signed checkpoint lies beyond the head (a deleted tail with a rewritten head is found when a checkpoint was signed
    /// after the new head). Reports the first position that fails and why.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        // Head, last entry and last checkpoint from one snapshot: appends committed later are left for the next run.
        var snapshot = await AuditStore.ReadSnapshotAsync(db.Database, cancellationToken);
        var headSeq = snapshot.Seq;
        var lastStored = snapshot.LastCheckpoint ?? 0;
        var stored = await db.Set<AuditCheckpoint>().AsNoTracking()
            .Where(c => c.Seq <= lastStored)
            .OrderBy(c => c.Seq)
            .ToListAsync(cancellationToken);
        var checkpoints = stored.ToDictionary(c => c.Seq);
        // A chained checkpoint names the one before it: a named checkpoint that is not stored was deleted.
        var namedBy = new Dictionary<long, long>();
        foreach (var c in stored.Where(c => c.PrevSeq > 0))
        {
            namedBy.TryAdd(c.PrevSeq!.Value, c.Seq);
        }

        var signer = chain.Signer;
        AuditCheckpoint? previous = null;
        var prev = AuditHash.Genesis;
        var expected = 1L;
        while (expected <= headSeq)
        {
            var from = expected;
            var batch = await db.Set<AuditEntry>().AsNoTracking()
                .Where(e => e.Seq >= from && e.Seq <= headSeq)
                .OrderBy(e => e.Seq)
                .Take(VerifyBatch)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return Fail(expected, "entry missing: the chain ends before its recorded head");
            }

            var last = batch[^1].Seq;
            var subjects = (await db.Set<AuditSubject>().AsNoTracking()
                    .Where(s => s.Seq >= from && s.Seq <= last)
                    .Select(s => new { s.Seq, s.PersonId })
                    .ToListAsync(cancellationToken))
                .GroupBy(s => s.Seq)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(s => s.PersonId).Order(StringComparer.Ordinal).ToList());
            foreach (var e in batch)
            {
                if (e.Seq != expected)
                {
                    return Fail(expected, "entry missing: sequence number skipped");
                }

                if (!string.Equals(e.PrevHash, prev, StringComparison.Ordinal))
                {
                    return Fail(e.Seq, "previous-hash link broken: the entry is out of place");
                }

                if (!string.Equals(AuditHash.Compute(e, subjects.GetValueOrDefault(e.Seq) ?? []), e.Hash, StringComparison.Ordinal))
                {
                    return Fail(e.Seq, "hash mismatch: the entry was altered");
                }

                if (checkpoints.TryGetValue(e.Seq, out var cp))
                {
                    if (CheckpointProblem(cp, previous, signer) is { } problem)
                    {
                        return Fail(e.Seq, problem);
                    }

                    if (!string.Equals(cp.Hash, e.Hash, StringComparison.Ordinal))
                    {
                        return Fail(e.Seq, "entry differs from its signed checkpoint");
                    }

                    previous = cp;
                }
                else if (namedBy.TryGetValue(e.Seq, out var successor))
                {
                    return Fail(e.Seq, $"signed checkpoint missing: the checkpoint at entry {successor} is chained to a checkpoint at this entry, which is no longer stored");
                }

                prev = e.Hash;
                expected++;
            }
        }

        if (!string.Equals(prev, snapshot.Hash, StringComparison.Ordinal))
        {
            return Fail(headSeq, "the recorded head does not match the chain");
        }

        if (snapshot.LastEntry > headSeq)
        {
            return Fail(headSeq + 1, $"entries up to {snapshot.LastEntry} are stored after the recorded head {headSeq}: the head was moved back");
        }

        // A signed checkpoint beyond the head proves entries that are gone: the tail was deleted and the head rewritten.
        foreach (var cp in stored.Where(c => c.Seq > headSeq))
        {
            if (CheckpointProblem(cp, previous, signer) is { } problem)
            {
                return Fail(cp.Seq, $"checkpoint beyond the recorded head {headSeq}: {problem}");
            }

            return Fail(headSeq + 1, $"entry missing: a signed checkpoint at entry {cp.Seq} lies beyond the last entry and the recorded head {headSeq}: the entries after {headSeq} were deleted and the head rewritten");
        }

        return Verified(true, headSeq);

        AuditVerification Fail(long seq, string reason) => Verified(false, Math.Max(0, expected - 1)) with { FailedAt = seq, Reason = reason };

        AuditVerification Verified(bool ok, long entries) => new(
            ok, entries, Checkpoints: stored.Count, LastCheckpointSeq: previous?.Seq,
            LastCheckpointAt: previous is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(previous.AtMs));
    }

    /// <summary>
    /// What is wrong with a checkpoint, given the verified checkpoint before it (null: none), or null when it is sound.
    /// Version 1 (no <see cref="AuditCheckpoint.PrevSeq"/>): signed before checkpoints were chained; accepted only before
    /// the first chained one. Version 2: chained to exactly the checkpoint before it.
    /// </summary>
    private static string? CheckpointProblem(AuditCheckpoint cp, AuditCheckpoint? previous, AuditSigner signer)
    {
        if (!string.Equals(cp.KeyId, signer.KeyId, StringComparison.Ordinal))
        {
            return $"checkpoint signed with unknown key {cp.KeyId}";
        }

        byte[] message;
        if (cp.PrevSeq is not { } prevSeq)
        {
            if (previous?.PrevSeq is not null)
            {
                return "unchained (version 1) checkpoint after chained ones";
            }

            message = AuditHash.CheckpointMessage(cp.Seq, cp.Hash, cp.AtMs);
        }
        else
        {
            var expectedPrev = previous?.Seq ?? 0;
            if (prevSeq != expectedPrev)
            {
                return $"checkpoint chain broken: signed after a checkpoint at entry {prevSeq}, but the checkpoint before it is at entry {expectedPrev}";
            }

            message = AuditHash.CheckpointMessage(cp.Seq, cp.Hash, cp.AtMs, prevSeq, previous?.Signature);
        }

        return signer.Verify(message, cp.Signature) ? null : "checkpoint signature invalid";
    }

    /// <summary>Entries matching the filters, newest first.</summary>
    public async Task<AuditEntryPage> SearchAsync(AuditSearch search, CancellationToken cancellationToken = default)
    {
        var page = Math.Max(1, search.Page);
        var size = Math.Clamp(search.PageSize, 1, 200);
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.Actor))
        {
            q = q.Where(e => e.Actor == search.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(search.Action))
        {
            var prefix = search.Action.Trim();
            q = q.Where(e => e.Action.StartsWith(prefix));
        }

        if (!string.IsNullOrWhiteSpace(search.ObjectType))
        {
            q = q.Where(e => e.ObjectType == search.ObjectType.Trim());
        }

        if (!string.IsNullOrWhiteSpace(search.ObjectId))
        {
            q = q.Where(e => e.ObjectId == search.ObjectId.Trim());
        }

        if (!string.IsNullOrWhiteSpace(search.Subject))
        {
            var subject = search.Subject.Trim();
            q = q.Where(e => db.Set<AuditSubject>().Any(s => s.PersonId == subject && s.Seq == e.Seq));
        }

        if (!string.IsNullOrWhiteSpace(search.Role))
        {
            q = q.Where(e => e.Role == search.Role.Trim());
        }

        if (!string.IsNullOrWhiteSpace(search.Department))
        {
            q = q.Where(e => e.Department == search.Department.Trim());
        }

        if (!string.IsNullOrWhiteSpace(search.ExcludeActor))
        {
            q = q.Where(e => e.Actor != search.ExcludeActor);
        }

        if (search.Seq is { } seq)
        {
            q = q.Where(e => e.Seq == seq);
        }

        if (search.From is { } from)
        {
            var ms = from.ToUnixTimeMilliseconds();
            q = q.Where(e => e.AtMs >= ms);
        }

        if (search.To is { } to)
        {
            var ms = to.ToUnixTimeMilliseconds();
            q = q.Where(e => e.AtMs < ms);
        }

        var total = await q.LongCountAsync(cancellationToken);
        var rows = await q.OrderByDescending(e => e.Seq).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        var seqs = rows.Select(r => r.Seq).ToList();
        var subjects = (await db.Set<AuditSubject>().AsNoTracking().Where(s => seqs.Contains(s.Seq)).ToListAsync(cancellationToken))
            .ToLookup(s => s.Seq, s => s.PersonId);
        var items = rows.Select(e => new AuditEntryView(
            e.Seq, e.At, e.Actor, e.Role, e.Department, e.Action, e.ObjectType, e.ObjectId, e.Purpose, e.LegalBasis, e.Details,
            subjects[e.Seq].Order(StringComparer.Ordinal).ToList(), e.PrevHash, e.Hash)).ToList();
        return new AuditEntryPage(total, page, size, items);
    }

    /// <summary>
    /// Appends entries inside another module's open transaction on the platform's database (its DbContext's connection
    /// and transaction): written now, committed or rolled back with that module's changes, so a group commit of changes
    /// and their entries needs one commit, not two. Like every ledger writer it takes the database's ledger lock (here in
    /// the caller's transaction) before the in-process gate.
    /// </summary>
    public async Task<long[]> AppendInTransactionAsync(DbContext caller, IReadOnlyList<(CurrentUser Actor, AuditRecord Record)> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return [];
        }

        return await WriteInTransactionAsync(caller, records.Select(r => AuditDraft.From(r.Actor, r.Record)).ToArray(), ct);
    }

    /// <summary>
    /// The entry joins the caller's transaction: written now, committed or rolled back with the caller's changes. The
    /// cached head is dropped afterwards, because that transaction may still roll back. No checkpoint is signed here;
    /// the writer and the periodic checkpoint service sign only committed heads.
    /// </summary>
    private async Task<long[]> WriteInTransactionAsync(DbContext caller, AuditDraft[] drafts, CancellationToken ct)
    {
        // The database's ledger lock before the gate, as the writer does (see AuditChain).
        await AuditStore.LockHeadAsync(caller.Database, ct);
        await chain.Gate.WaitAsync(ct);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var head = chain.Head ?? await AuditStore.ReadHeadAsync(caller.Database, ct);
                var entries = AuditStore.Link(drafts, head, chain.Clock.GetUtcNow().ToUnixTimeMilliseconds());
                var written = await AuditStore.TryWriteAsync(caller.Database, entries, drafts, head, ct);
                // The caller's transaction may still roll back: the next writer reads the head from the database.
                chain.Head = null;
                if (written)
                {
                    return [.. entries.Select(e => e.Seq)];
                }

                // Only a cached head another process has moved past gets here: under the lock, the database's head is final.
                if (attempt >= 1)
                {
                    throw new InvalidOperationException("Could not append to the audit ledger: the head moved while locked.");
                }
            }
        }
        catch
        {
            chain.Head = null;
            throw;
        }
        finally
        {
            chain.Gate.Release();
        }
    }
}

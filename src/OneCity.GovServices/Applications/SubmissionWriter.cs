using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneCity.GovServices.Data;
using OneCity.Platform.Data;
using OneCity.Platform.Notifications;

namespace OneCity.GovServices.Applications;

/// <summary>
/// A validated, pre-filled and planned submission waiting for the writer. <see cref="Build"/> makes a fresh, unsaved
/// entity graph on every attempt (a failed batch leaves ids on the entities it tried).
/// </summary>
internal sealed class SubmissionWork(
    Func<Application> build, string submitterUserId, string? idempotencyKey, string actor, IReadOnlyList<long> files, string details,
    Func<Application, Notification?> message)
{
    public Func<Application> Build { get; } = build;

    /// <summary>The submitting account; Idempotency-Keys are per submitter.</summary>
    public string SubmitterUserId { get; } = submitterUserId;

    public string? IdempotencyKey { get; } = idempotencyKey;

    /// <summary>The submitter's user name, for the application's first event.</summary>
    public string Actor { get; } = actor;

    /// <summary>The uploaded files the application attaches (already checked to be the submitter's own).</summary>
    public IReadOnlyList<long> Files { get; } = files;

    /// <summary>The <c>submitted</c> event's details.</summary>
    public string Details { get; } = details;

    /// <summary>The applicant's "submitted" message for the stored application; written to the outbox with the batch's other messages.</summary>
    public Func<Application, Notification?> Message { get; } = message;

    // Continuations run on the pool, never inline on the writer loop.
    public TaskCompletionSource<SubmissionOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An application stored under an Idempotency-Key: its number and the hash of the request that created it.</summary>
internal sealed record KeyUse(string Number, string RequestHash);

/// <summary>
/// What became of a submission: stored (<see cref="Saved"/>), an earlier application with the same submitter and
/// Idempotency-Key (<see cref="Duplicate"/>), or refused because one of its files was attached elsewhere meanwhile.
/// </summary>
internal sealed record SubmissionOutcome(Application? Saved, KeyUse? Duplicate = null, bool FilesTaken = false);

/// <summary>
/// Group commit for submissions. Validation, pre-fill through DataHub, eligibility, materials and the step plan run
/// concurrently on the callers' threads; the writer loop then takes every queued submission (at most
/// <see cref="MaxBatch"/>) and, in ONE transaction, checks their Idempotency-Keys (against the database and against each
/// other), claims their uploaded files, inserts the applications with their steps, materials and first events, numbers
/// them, commits, writes the applicants' "submitted" messages to the outbox in one more commit, and only then answers
/// each caller — so no receipt is given before its application is durable, and the SQLite write lock and the disk flush
/// are paid once per batch instead of once per application.
/// <para>If a batch fails (another instance won an Idempotency-Key or a file), it is rolled back and each submission
/// is written again alone, so one conflict fails only itself.</para>
/// </summary>
internal sealed class SubmissionWriter : IAsyncDisposable
{
    public const int MaxBatch = 128;

    private readonly GroupCommitQueue<SubmissionWork> queue;
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<SubmissionWriter> logger;

    public SubmissionWriter(IServiceScopeFactory scopes, ILogger<SubmissionWriter> logger)
    {
        this.scopes = scopes;
        this.logger = logger;
        queue = new GroupCommitQueue<SubmissionWork>(MaxBatch, MaxBatch * 16, WriteBatchAsync, WriteAloneAsync, logger);
    }

    /// <summary>
    /// Queues the submission and waits until the transaction holding it has committed. Cancelling before it is queued
    /// stores nothing; once queued, it is written and only the wait ends.
    /// </summary>
    public Task<SubmissionOutcome> WriteAsync(SubmissionWork work, CancellationToken ct) => queue.WriteAsync(work, work.Completion.Task, ct);

    public async ValueTask DisposeAsync() => await queue.StopAsync();

    /// <summary>The application number shown on the receipt: submission date and database id.</summary>
    public static string Number(DateOnly submittedOn, long id) => string.Create(CultureInfo.InvariantCulture, $"YW{submittedOn:yyyyMMdd}{id:D8}");

    private async Task WriteAloneAsync(SubmissionWork work)
    {
        try
        {
            await WriteBatchAsync([work]);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Alone, a file claimed meanwhile by another instance fails only this submission, as taken files do.
            work.Completion.TrySetResult(new SubmissionOutcome(null, FilesTaken: true));
        }
        catch (DbUpdateException) when (work.IdempotencyKey is { } key)
        {
            // A concurrent submission with the same key (on another instance) won the unique index: answer with that one.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var winner = await ByKeyAsync(scope.ServiceProvider.GetRequiredService<GovServicesDbContext>(), work.SubmitterUserId, key, CancellationToken.None);
                work.Completion.TrySetResult(winner is null ? new SubmissionOutcome(null, FilesTaken: true) : new SubmissionOutcome(null, winner));
            }
            catch (Exception e)
            {
                work.Completion.TrySetException(e);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "A submission could not be stored.");
            work.Completion.TrySetException(e);
        }
    }

    /// <summary>Writes the submissions in one transaction and answers their callers after the commit; throws (answering none) when it fails.</summary>
    private async Task WriteBatchAsync(IReadOnlyList<SubmissionWork> batch)
    {
        var ct = CancellationToken.None;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GovServicesDbContext>();
        // Thousands of new entities per batch: every change below goes through the change tracker's own API, so the
        // full scan for changes that SaveChanges would otherwise run twice is not needed.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var outcomes = new SubmissionOutcome?[batch.Count];
        var apps = new Application?[batch.Count];
        var sameKeyAs = new int[batch.Count];
        Array.Fill(sameKeyAs, -1);
        // SQLite: BEGIN IMMEDIATE, so the checks below and the writes happen under the database write lock.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Idempotency-Keys already used, for the whole batch in one query; then within the batch, the first one wins.
            var keyed = batch.Where(w => w.IdempotencyKey is not null).ToList();
            var submitters = keyed.Select(w => w.SubmitterUserId).Distinct().ToList();
            var keys = keyed.Select(w => w.IdempotencyKey!).Distinct().ToList();
            var used = keys.Count == 0
                ? []
                : (await db.Set<Application>().AsNoTracking()
                    .Where(x => x.IdempotencyKey != null && submitters.Contains(x.SubmittedByUserId) && keys.Contains(x.IdempotencyKey))
                    .Select(x => new { x.SubmittedByUserId, x.IdempotencyKey, x.Number, x.RequestHash }).ToListAsync(ct))
                    .ToDictionary(x => (x.SubmittedByUserId, x.IdempotencyKey!), x => new KeyUse(x.Number, x.RequestHash));

            // Files: each may be claimed once, by its owner, while unattached.
            var fileIds = batch.SelectMany(w => w.Files).Distinct().ToList();
            var files = fileIds.Count == 0
                ? []
                : (await db.Set<UploadedFile>().AsNoTracking().Where(f => fileIds.Contains(f.Id)).Select(f => new { f.Id, f.OwnerUserId, f.ApplicationId }).ToListAsync(ct))
                    .ToDictionary(f => f.Id);
            var claimed = new HashSet<long>();
            var firstWithKey = new Dictionary<(string, string), int>();
            for (var n = 0; n < batch.Count; n++)
            {
                var work = batch[n];
                if (work.IdempotencyKey is { } key)
                {
                    if (used.TryGetValue((work.SubmitterUserId, key), out var earlier))
                    {
                        outcomes[n] = new SubmissionOutcome(null, earlier);
                        continue;
                    }

                    if (firstWithKey.TryGetValue((work.SubmitterUserId, key), out var first))
                    {
                        sameKeyAs[n] = first; // answered below with the first one's number
                        continue;
                    }

                    firstWithKey[(work.SubmitterUserId, key)] = n;
                }

                if (work.Files.Any(id => !files.TryGetValue(id, out var f) || f.ApplicationId is not null || f.OwnerUserId != work.SubmitterUserId || claimed.Contains(id)))
                {
                    outcomes[n] = new SubmissionOutcome(null, FilesTaken: true);
                    continue;
                }

                claimed.UnionWith(work.Files);
                apps[n] = work.Build();
                db.Add(apps[n]!);
            }

            await db.SaveChangesAsync(ct);

            var toClaim = new List<(long File, long Application)>();
            for (var n = 0; n < batch.Count; n++)
            {
                if (apps[n] is not { } a)
                {
                    continue;
                }

                db.Entry(a).Property(x => x.Number).CurrentValue = Number(a.SubmittedOn, a.Id);
                db.Add(new ApplicationEvent { ApplicationId = a.Id, At = a.SubmittedAt, Actor = batch[n].Actor, Kind = "submitted", Details = batch[n].Details });
                toClaim.AddRange(batch[n].Files.Select(f => (f, a.Id)));
                outcomes[n] = new SubmissionOutcome(a);
            }

            await db.SaveChangesAsync(ct);
            if (toClaim.Count > 0 && await ClaimAsync(db, toClaim, ct) != toClaim.Count)
            {
                // Another instance attached one of these files since the check: roll back; each is retried alone.
                throw new DbUpdateConcurrencyException("An uploaded file was attached to another application meanwhile.");
            }

            await tx.CommitAsync(ct);
        }

        for (var n = 0; n < batch.Count; n++)
        {
            if (sameKeyAs[n] >= 0)
            {
                // A second submission with a key the batch already used: the first one's number (or the first one's fate).
                var first = outcomes[sameKeyAs[n]]!;
                outcomes[n] = first.Saved is { } saved ? new SubmissionOutcome(null, new KeyUse(saved.Number, saved.RequestHash)) : first;
            }
        }

        // The applicants' messages, all in one outbox commit; a failure here loses no application and is logged.
        var messages = new List<Notification>();
        for (var n = 0; n < batch.Count; n++)
        {
            if (outcomes[n]!.Saved is { } saved && batch[n].Message(saved) is { } message)
            {
                messages.Add(message);
            }
        }

        if (messages.Count > 0)
        {
            try
            {
                await scope.ServiceProvider.GetRequiredService<Notifier>().EnqueueAsync(messages, ct);
            }
            catch (Exception e)
            {
                logger.LogError(e, "The 'submitted' messages of {Count} applications could not be queued.", messages.Count);
            }
        }

        for (var n = 0; n < batch.Count; n++)
        {
            batch[n].Completion.TrySetResult(outcomes[n]!);
        }
    }

    /// <summary>The submitter's application stored under this Idempotency-Key, if any.</summary>
    public static Task<KeyUse?> ByKeyAsync(GovServicesDbContext db, string submitterUserId, string key, CancellationToken ct) =>
        // Every keyed submission asks this first: compiled once per model (one per provider, and per host in tests).
        KeyLookup.GetValue(db.Model, static _ => EF.CompileAsyncQuery((GovServicesDbContext c, string submitter, string k, CancellationToken _) =>
            c.Set<Application>().AsNoTracking().Where(x => x.SubmittedByUserId == submitter && x.IdempotencyKey == k)
                .Select(x => new KeyUse(x.Number, x.RequestHash)).FirstOrDefault()))(db, submitterUserId, key, ct);

    private static readonly ConditionalWeakTable<IModel, Func<GovServicesDbContext, string, string, CancellationToken, Task<KeyUse?>>> KeyLookup = [];

    /// <summary>Attaches the files to their applications, each only if still unattached; answers how many were attached.</summary>
    private static Task<int> ClaimAsync(GovServicesDbContext db, List<(long File, long Application)> claims, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(UploadedFile))!;
        var table = entity.GetTableName();
        var id = entity.FindProperty(nameof(UploadedFile.Id))!.GetColumnName();
        var application = entity.FindProperty(nameof(UploadedFile.ApplicationId))!.GetColumnName();
        var args = new List<object>(claims.Count * 3);
        var cases = new System.Text.StringBuilder();
        var ids = new System.Text.StringBuilder();
        foreach (var (file, app) in claims)
        {
            cases.Append(CultureInfo.InvariantCulture, $" WHEN {{{args.Count}}} THEN {{{args.Count + 1}}}");
            args.Add(file);
            args.Add(app);
        }

        foreach (var (file, _) in claims)
        {
            ids.Append(ids.Length == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{{{args.Count}}}");
            args.Add(file);
        }

        // Identifiers come from the EF model, values are parameters.
#pragma warning disable EF1002
        return db.Database.ExecuteSqlRawAsync(
            $"UPDATE \"{table}\" SET \"{application}\" = CASE \"{id}\"{cases} END WHERE \"{id}\" IN ({ids}) AND \"{application}\" IS NULL", args, ct);
#pragma warning restore EF1002
    }
}

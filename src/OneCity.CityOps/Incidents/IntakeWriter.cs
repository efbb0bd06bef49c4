using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Location;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Incidents;

/// <summary>
/// A validated, classified and located report waiting for the intake writer, and the task its caller waits on.
/// </summary>
internal sealed class IntakeWork(CurrentUser actor, ReportDraft draft, string source, Category category, double confidence, string? suggested, Located located, Report report, DateTimeOffset now)
{
    public CurrentUser Actor { get; } = actor;

    public ReportDraft Draft { get; } = draft;

    public string Source { get; } = source;

    public Category Category { get; } = category;

    public double Confidence { get; } = confidence;

    public string? Suggested { get; } = suggested;

    public Located Located { get; } = located;

    /// <summary>The report as received; each attempt to write it stores a copy (<see cref="Report.Unsaved"/>).</summary>
    public Report Report { get; } = report;

    public DateTimeOffset Now { get; } = now;

    // Continuations run on the pool, never inline on the writer loop.
    public TaskCompletionSource<IntakeResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit for intake. Every channel's reports are queued here after validation, classification and location
/// (done concurrently on the callers' threads); one writer loop takes the queued reports (at most
/// <see cref="MaxBatch"/>) and, in ONE transaction on a DbContext of its own, checks idempotency and duplicates, creates
/// or merges the incidents, dispatches them and adds their KPI cells (one upsert for the whole batch), commits, and
/// only then completes each caller's task — so no report is acknowledged before it is durable.
/// <para>Reports of one batch see each other: a report is checked against the open incidents in the database and
/// against the incidents the earlier reports of the same batch created (same scoring, same storm suppression), and a
/// call id or alarm id repeated within a batch answers with the first delivery. If a batch fails (a concurrent change
/// of a merge target, a unique index another instance won) it is rolled back and every report in it is written again
/// alone, so one bad report fails only itself.</para>
/// </summary>
internal sealed class IntakeWriter : IAsyncDisposable
{
    /// <summary>The most reports one transaction holds.</summary>
    public const int MaxBatch = 256;

    private readonly GroupCommitQueue<IntakeWork> queue;
    private readonly IServiceScopeFactory scopes;
    private readonly LoopEngine loop;
    private readonly ILogger<IntakeWriter> logger;

    public IntakeWriter(IServiceScopeFactory scopes, LoopEngine loop, ILogger<IntakeWriter> logger)
    {
        this.scopes = scopes;
        this.loop = loop;
        this.logger = logger;
        queue = new GroupCommitQueue<IntakeWork>(MaxBatch, MaxBatch * 16, WriteBatchAsync, WriteAloneAsync, logger);
    }

    /// <summary>
    /// Queues the report and waits until the transaction holding it has committed. Cancelling before the report is queued
    /// stores nothing; once queued, the report is written and only the wait ends.
    /// </summary>
    public Task<IntakeResult> WriteAsync(IntakeWork work, CancellationToken ct) => queue.WriteAsync(work, work.Completion.Task, ct);

    public async ValueTask DisposeAsync() => await queue.StopAsync();

    /// <summary>One report in a transaction of its own; its caller gets the result or the exception.</summary>
    private async Task WriteAloneAsync(IntakeWork work)
    {
        try
        {
            await WriteBatchAsync([work]);
        }
        catch (DbUpdateException) when (work.Draft.ExternalId is { } externalId)
        {
            // A concurrent delivery of the same external id (from another instance) won the unique index: answer with that one.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
                var stored = await ExistingAsync(db, [(work.Source, externalId)], CancellationToken.None);
                work.Completion.TrySetResult(stored.TryGetValue((work.Source, externalId), out var winner)
                    ? winner
                    : throw new InvalidOperationException("The report could not be stored and no earlier delivery of it exists."));
            }
            catch (Exception e)
            {
                work.Completion.TrySetException(e);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Intake of a {Channel} report failed.", work.Draft.Channel);
            work.Completion.TrySetException(e);
        }
    }

    /// <summary>Writes the reports in one transaction; completes their tasks only after the commit. Throws (completing none) when it fails.</summary>
    private async Task WriteBatchAsync(IReadOnlyList<IntakeWork> batch)
    {
        var ct = CancellationToken.None;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
        // The batch changes tracked incidents in place (merges, dispatch); one scan for those changes just before saving
        // replaces the scans the change tracker would otherwise run on every query, entry listing and save.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // SQLite: BEGIN IMMEDIATE, so the batch reads and writes under the database write lock.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // New rows never enter the change tracker (its per-row work was most of the writer's time): they are collected
        // here and inserted in bulk after SaveChanges has stored the changes to incidents already in the database.
        var rows = new NewRows();
        var days = new Dictionary<Incident, int>();
        var delivered = new Dictionary<(string Source, string ExternalId), int>();
        var outcomes = new Outcome[batch.Count];
        // Deliveries already stored, for the whole batch in one query.
        var stored = await ExistingAsync(db, batch.Where(w => w.Draft.ExternalId is not null).Select(w => (w.Source, w.Draft.ExternalId!)).ToList(), ct);
        for (var n = 0; n < batch.Count; n++)
        {
            var work = batch[n];
            if (work.Draft.ExternalId is { } externalId)
            {
                if (delivered.TryGetValue((work.Source, externalId), out var first))
                {
                    outcomes[n] = outcomes[first] with { Existing = true };
                    continue;
                }

                if (stored.TryGetValue((work.Source, externalId), out var existing))
                {
                    outcomes[n] = new Outcome(existing.Incident, null, existing.Merged, true, existing);
                    continue;
                }

                delivered[(work.Source, externalId)] = n;
            }

            outcomes[n] = await TakeAsync(db, work, rows, days, ct);
        }

        db.ChangeTracker.DetectChanges();
        rows.TakeAddedChildren(db);
        await db.SaveChangesAsync(ct);
        await rows.InsertAsync(db, ct);
        await Performance.KpiWriter.CountAsync(db, db.ChangeTracker.Entries<Incident>().Select(e => e.Entity).Concat(rows.Incidents),
            i => days.TryGetValue(i, out var day) ? day : loop.Day(i.UpdatedAt), ct);
        // The batch's ledger entries in the same transaction: the reports and their entries commit (or fail) together,
        // with one disk flush for both.
        var records = new List<(CurrentUser, AuditRecord)>(batch.Count);
        for (var n = 0; n < batch.Count; n++)
        {
            if (outcomes[n] is { Known: null, Existing: false, Report: { } taken } o)
            {
                records.Add((batch[n].Actor, Received(batch[n], o.Target, taken, o.Merged)));
            }
        }

        await scope.ServiceProvider.GetRequiredService<AuditLedger>().AppendInTransactionAsync(db, records, ct);
        await tx.CommitAsync(ct);
        for (var n = 0; n < batch.Count; n++)
        {
            var o = outcomes[n];
            batch[n].Completion.TrySetResult(o.Known ?? new IntakeResult(o.Report!.Id, o.Report.Token, o.Target, o.Merged, o.Report.MergeScore, o.Existing));
        }
    }

    /// <summary>Merges the report into an open incident (storm suppression or duplicate) or creates and dispatches a new one.</summary>
    private async Task<Outcome> TakeAsync(CityOpsDbContext db, IntakeWork work, NewRows rows, Dictionary<Incident, int> days, CancellationToken ct)
    {
        var (draft, category, located, now) = (work.Draft, work.Category, work.Located, work.Now);
        // A fresh copy on every attempt: a failed batch may have left ids and a merge score on the one it tried.
        var report = work.Report.Unsaved();

        // Storm suppression first: many machine alarms of one category in one subdistrict become one incident.
        // An incident of this batch is the newest there is, so it is preferred to one in the database.
        Incident? storm = null;
        if (Duplicates.IsMachine(draft.Channel))
        {
            var area = Duplicates.StormArea(located.SubdistrictCode, located.AreaCode);
            storm = rows.Incidents.LastOrDefault(i => area is not null && i.CategoryCode == category.Code && Duplicates.IsMachine(i.FirstChannel)
                && (located.SubdistrictCode is not null ? i.SubdistrictCode == area : i.AreaCode == area));
            if (storm is null && await Duplicates.StormIncidentAsync(db, category.Code, located, now, ct) is { } stormId)
            {
                storm = await db.Set<Incident>().FirstAsync(i => i.Id == stormId, ct);
            }
        }

        // Duplicate check: an open incident of the same category, near in space and time, with similar text — in the
        // database or created earlier in this batch.
        MergeCandidate? candidate = null;
        Incident? target = storm;
        if (storm is null)
        {
            candidate = (await Duplicates.CandidatesAsync(db, category.Code, located, report.Text, now, null, 1, ct)).FirstOrDefault();
            foreach (var i in rows.Incidents)
            {
                if (i.CategoryCode == category.Code && Duplicates.IsNear(located, i)
                    && Duplicates.Candidate(located, report.Text, now, i.Id, i.Number, i.Longitude, i.Latitude, i.ReportedAt, i.Description) is { } c
                    && (candidate is null || c.Score > candidate.Score))
                {
                    (candidate, target) = (c, i);
                }
            }

            if (candidate is { Score: >= Duplicates.MergeScore })
            {
                target ??= await IncidentById.GetValue(db.Model, static _ => EF.CompileAsyncQuery((CityOpsDbContext c, long id, CancellationToken _) =>
                    c.Set<Incident>().First(i => i.Id == id)))(db, candidate.IncidentId, ct);
            }
            else
            {
                target = null;
            }
        }

        var merged = target is not null;
        if (target is not null)
        {
            report.MergeScore = candidate?.Score ?? 1.0;
            target.Reports.Add(report);
            target.ReportCount++;
            target.Version++;
            target.UpdatedAt = now;
            loop.Note(target, "system", "merged", candidate is null
                ? $"告警风暴抑制：{Channels.Zh(draft.Channel)}在同一街道的同类告警并入本案（第 {target.ReportCount} 条）"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{Channels.Zh(draft.Channel)}的新报告并入本案：得分 {candidate.Score:0.00}（距离 {candidate.DistanceMetres:0} 米，相隔 {candidate.HoursApart:0.#} 小时，文本相似度 {candidate.TextSimilarity:0.00}）"), null, now);
        }
        else
        {
            target = loop.NewIncident(category, work.Confidence, work.Suggested, located, report, draft.Channel, now);
            target.Reports.Add(report);
            if (target.Status != IncidentStatus.Triage)
            {
                // Registered: dispatch at once when the responsibility list names a unit; otherwise it waits in triage.
                loop.AutoDispatch(target, now);
            }

            rows.Incidents.Add(target);
            days[target] = loop.Day(now);
        }

        foreach (var p in draft.Photos ?? [])
        {
            rows.Photos.Add((target, report, new IncidentPhoto
            {
                Kind = "evidence", ContentType = p.ContentType, Content = p.Content, UploadedAt = now, UploadedBy = work.Actor.UserName,
            }));
        }

        return new Outcome(target, report, merged, false, null);
    }

    /// <summary>The ledger entry of a report taken in: which incident it made or joined, by which channel, and where it was routed.</summary>
    private static AuditRecord Received(IntakeWork work, Incident target, Report report, bool merged) => new(
        merged ? "cityops.report-merged" : "cityops.report-received", "incident", target.Number,
        Purpose: "city-operations", Details: $"report {report.Id} via {work.Draft.Channel}; category {target.CategoryCode}; status {target.Status}"
            + (target.UnitCode is null ? "" : $"; unit {target.UnitCode}; rule {target.RuleId}"),
        Subjects: work.Actor.PersonId is { } person && report.ReporterUserId == work.Actor.UserId ? [person] : null);

    /// <summary>The answers to deliveries already stored, by source and external id.</summary>
    private static async Task<Dictionary<(string Source, string ExternalId), IntakeResult>> ExistingAsync(
        CityOpsDbContext db, IReadOnlyCollection<(string Source, string ExternalId)> keys, CancellationToken ct)
    {
        var found = new Dictionary<(string, string), IntakeResult>();
        if (keys.Count == 0)
        {
            return found;
        }

        // One query per source (usually one per batch), on the unique index (Source, ExternalId).
        var reports = new List<Report>();
        foreach (var bySource in keys.GroupBy(k => k.Source))
        {
            var source = bySource.Key;
            var ids = bySource.Select(k => k.ExternalId).Distinct().ToList();
            reports.AddRange(await db.Set<Report>().AsNoTracking().Where(r => r.Source == source && ids.Contains(r.ExternalId!)).ToListAsync(ct));
        }

        if (reports.Count == 0)
        {
            return found;
        }

        var incidentIds = reports.Select(r => r.IncidentId).Distinct().ToList();
        var incidents = await db.Set<Incident>().AsNoTracking().Where(i => incidentIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        foreach (var r in reports)
        {
            found[(r.Source!, r.ExternalId!)] = new IntakeResult(r.Id, r.Token, incidents[r.IncidentId], r.MergeScore is not null, r.MergeScore, Existing: true);
        }

        return found;
    }

    // Most reports of a busy day merge: the merge target's lookup is compiled once per model (one per provider, and per host in tests).
    private static readonly ConditionalWeakTable<IModel, Func<CityOpsDbContext, long, CancellationToken, Task<Incident>>> IncidentById = [];

    /// <summary>
    /// The rows a batch adds, kept out of the change tracker and inserted in bulk: the new incidents with everything in
    /// their lists, the photos, and the rows added to incidents already stored (a merge's report and timeline entry).
    /// </summary>
    private sealed class NewRows
    {
        /// <summary>The incidents this batch creates, in order (also what later reports of the batch are checked against).</summary>
        public List<Incident> Incidents { get; } = [];

        public List<(Incident Incident, Report Report, IncidentPhoto Row)> Photos { get; } = [];

        private readonly List<(Incident Owner, Report Row)> reports = [];
        private readonly List<(Incident Owner, WorkOrder Row)> workOrders = [];
        private readonly List<(Incident Owner, TimelineEntry Row)> timeline = [];

        /// <summary>
        /// Takes the rows that <c>DetectChanges</c> found added to stored incidents' lists out of the change tracker (noted
        /// with their owners first: detaching may also take them out of those lists). Any other added row would reach
        /// SaveChanges unnoticed: refused.
        /// </summary>
        public void TakeAddedChildren(CityOpsDbContext db)
        {
            var detach = new List<object>();
            foreach (var stored in db.ChangeTracker.Entries<Incident>().Select(e => e.Entity).ToList())
            {
                Collect(stored, stored.Reports, reports, r => db.Entry(r).State == EntityState.Added, detach);
                Collect(stored, stored.WorkOrders, workOrders, w => db.Entry(w).State == EntityState.Added, detach);
                Collect(stored, stored.Timeline, timeline, t => db.Entry(t).State == EntityState.Added, detach);
            }

            foreach (var row in detach)
            {
                db.Entry(row).State = EntityState.Detached;
            }

            if (db.ChangeTracker.Entries().FirstOrDefault(e => e.State == EntityState.Added) is { } left)
            {
                throw new InvalidOperationException($"The intake writer does not insert {left.Metadata.ClrType.Name} rows; add them to {nameof(NewRows)}.");
            }
        }

        /// <summary>Inserts the rows in dependency order, each with its owner's key (the incidents' and reports' keys are read back).</summary>
        public async Task InsertAsync(CityOpsDbContext db, CancellationToken ct)
        {
            foreach (var incident in Incidents)
            {
                Collect(incident, incident.Reports, reports, static _ => true, null);
                Collect(incident, incident.WorkOrders, workOrders, static _ => true, null);
                Collect(incident, incident.Timeline, timeline, static _ => true, null);
            }

            await RowInserter.InsertAsync(db, Incidents, nameof(Incident.Number), static (i, id) => i.Id = id, ct);
            await RowInserter.InsertAsync(db, Owned(reports, static (r, o) => r.IncidentId = o.Id), nameof(Report.Token), static (r, id) => r.Id = id, ct);
            await RowInserter.InsertAsync(db, Owned(workOrders, static (w, o) => w.IncidentId = o.Id), ct);
            foreach (var (incident, report, photo) in Photos)
            {
                (photo.IncidentId, photo.ReportId) = (incident.Id, report.Id);
            }

            await RowInserter.InsertAsync(db, Photos.ConvertAll(p => p.Row), ct);
            await RowInserter.InsertAsync(db, Owned(timeline, static (t, o) => t.IncidentId = o.Id), ct);
        }

        private static void Collect<T>(Incident owner, List<T> children, List<(Incident, T)> into, Func<T, bool> isNew, List<object>? detach)
            where T : class
        {
            foreach (var child in children.Where(isNew))
            {
                into.Add((owner, child));
                detach?.Add(child);
            }
        }

        private static List<T> Owned<T>(List<(Incident Owner, T Row)> rows, Action<T, Incident> setOwner)
        {
            foreach (var (owner, row) in rows)
            {
                setOwner(row, owner);
            }

            return rows.ConvertAll(r => r.Row);
        }
    }

    /// <summary>What the batch did with one report; <see cref="Known"/> when the answer was already stored.</summary>
    private sealed record Outcome(Incident Target, Report? Report, bool Merged, bool Existing, IntakeResult? Known);
}

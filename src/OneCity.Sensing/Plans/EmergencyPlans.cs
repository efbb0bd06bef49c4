using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Plans;

/// <summary>
/// Emergency plans (预案): triggers propose activations, the commander confirms them, an activation instantiates the
/// plan's task graph for the affected districts, departments check in and report, ask each other for resources, and the
/// commander raises or lowers the level and deactivates. Every change goes to the audit ledger.
/// <para>Other code calls it in-process from a scope: <see cref="ProposeFromCapAsync"/>, <see cref="ProposeFromVitalSignAsync"/>.</para>
/// </summary>
internal sealed class EmergencyPlans(SensingDbContext db, PlanCatalogue catalogue, AuditLedger ledger, TimeProvider clock)
{
    private const string Purpose = "emergency-response";

    /// <summary>Serialises changes of proposals, activations and task graphs in this process (filtered unique indexes back it up).</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public PlanCatalogue Catalogue => catalogue;

    // ---------- triggers ----------

    /// <summary>A CAP alert: proposes every plan it matches (event, severity, area), or the raise of a running one.</summary>
    public async Task<IReadOnlyList<TriggerResult>> ProposeFromCapAsync(CapTrigger alert, CancellationToken ct)
    {
        var results = new List<TriggerResult>();
        foreach (var m in PlanTriggers.MatchCap(catalogue.All, alert))
        {
            results.Add(await ProposeAsync(CurrentUser.System, m, ProposalSources.Cap, Truncate(alert.Identifier, 200), ct));
        }

        return results;
    }

    /// <summary>A vital sign (城市体征) reached <paramref name="level"/> (normal, attention, warning, alarm) in an area (city, district or below).</summary>
    public async Task<IReadOnlyList<TriggerResult>> ProposeFromVitalSignAsync(string indicatorCode, string areaCode, string level, double value, CancellationToken ct)
    {
        var results = new List<TriggerResult>();
        foreach (var m in PlanTriggers.MatchVitalSign(catalogue.All, indicatorCode, areaCode, level, value))
        {
            results.Add(await ProposeAsync(CurrentUser.System, m, ProposalSources.VitalSign, Truncate($"{indicatorCode}@{areaCode}", 200), ct));
        }

        return results;
    }

    /// <summary>A manual decision (commander or dispatcher): proposes a plan at a level for areas; the commander still confirms it.</summary>
    public async Task<Outcome<ProposalView>> ProposeManualAsync(CurrentUser actor, ManualProposalInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var plan = catalogue.Find(input.PlanCode?.Trim());
        if (plan is null)
        {
            errors.Add("planCode", "one of " + string.Join(", ", catalogue.All.Select(p => p.Code)));
        }

        var level = ResponseLevels.Parse(input.Level);
        if (level is null)
        {
            errors.Add("level", "I, II, III or IV");
        }
        else if (plan is not null && !plan.TasksAt(level.Value).Any())
        {
            errors.Add("level", $"the plan has no tasks at level {ResponseLevels.Roman(level.Value)}");
        }

        var areas = ParseAreas(input.Areas, errors);
        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 500)
        {
            errors.Add("reason", "required, at most 500 characters");
        }

        if (errors.Any)
        {
            return Outcome<ProposalView>.Invalid(errors);
        }

        var result = await ProposeAsync(actor, new TriggerMatch(plan!, level!.Value, areas, input.Reason!.Trim()), ProposalSources.Manual, actor.UserName, ct, manual: true);
        return result.Outcome switch
        {
            "already-pending" => Outcome<ProposalView>.Conflict($"A proposal for {plan!.Code} is already pending; confirm or dismiss it first."),
            "already-active" => Outcome<ProposalView>.Conflict($"{plan!.Code} is already active at this level or higher; change its level instead."),
            _ => Outcome<ProposalView>.Of(result.Proposal!),
        };
    }

    private async Task<TriggerResult> ProposeAsync(CurrentUser actor, TriggerMatch m, string source, string reference, CancellationToken ct, bool manual = false)
    {
        var roman = ResponseLevels.Roman(m.Level);
        await Gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var active = await Running(m.Plan.Code).FirstOrDefaultAsync(ct);
            var pending = await db.Set<PlanProposal>().FirstOrDefaultAsync(p => p.PlanCode == m.Plan.Code && p.Status == ProposalStatuses.Pending, ct);
            if (active is not null && m.Level >= active.Level && Covered(m.Areas, Split(active.Areas)))
            {
                return new TriggerResult(m.Plan.Code, "already-active", ResponseLevels.Roman(active.Level), null);
            }

            if (pending is not null)
            {
                var areas = PlanTriggers.Normalise(Split(pending.Areas).Concat(m.Areas));
                if (manual || (m.Level >= pending.Level && areas.Count == Split(pending.Areas).Count))
                {
                    return new TriggerResult(m.Plan.Code, "already-pending", ResponseLevels.Roman(pending.Level), View(pending));
                }

                // A more severe (or wider) trigger while one is pending: the pending proposal grows instead of a second one.
                pending.Level = Math.Min(pending.Level, m.Level);
                pending.Areas = string.Join(',', areas);
                pending.Reference = reference;
                pending.Reason = Truncate(m.Reason, 500);
                await db.SaveChangesAsync(ct);
                await AuditAsync(actor, "emergency.proposal-updated", "emergency-proposal", pending.Id,
                    $"{m.Plan.Code} level {ResponseLevels.Roman(pending.Level)}; areas {pending.Areas}; {source} {reference}", ct);
                return new TriggerResult(m.Plan.Code, "updated", ResponseLevels.Roman(pending.Level), View(pending));
            }

            var proposal = new PlanProposal
            {
                PlanCode = m.Plan.Code,
                Level = active is null ? m.Level : Math.Min(m.Level, active.Level),
                Source = source,
                Reference = reference,
                Reason = Truncate(m.Reason, 500),
                Areas = string.Join(',', active is null ? m.Areas : PlanTriggers.Normalise(m.Areas.Concat(Split(active.Areas)))),
                ActivationId = active?.Id,
                CreatedAt = now,
                CreatedBy = actor.UserName,
            };
            db.Add(proposal);
            await db.SaveChangesAsync(ct);
            await AuditAsync(actor, "emergency.proposed", "emergency-proposal", proposal.Id,
                $"{m.Plan.Code} level {roman}; areas {proposal.Areas}; {source} {reference}" + (active is null ? "" : $"; raises activation {active.Id}"), ct);
            return new TriggerResult(m.Plan.Code, active is null ? "proposed" : "raise-proposed", ResponseLevels.Roman(proposal.Level), View(proposal));
        }
        finally
        {
            Gate.Release();
        }
    }

    // ---------- the commander's decisions ----------

    /// <summary>Confirms a pending proposal (optionally at another level): starts the activation, or raises the running one.</summary>
    public async Task<Outcome<ActivationDetail>> ConfirmAsync(CurrentUser actor, long proposalId, DecisionInput input, CancellationToken ct)
    {
        int? overrideLevel = null;
        if (input.Level is not null && (overrideLevel = ResponseLevels.Parse(input.Level)) is null)
        {
            return Outcome<ActivationDetail>.Invalid("level", "I, II, III or IV (or leave it out for the proposed level)");
        }

        if (input.Note?.Length > 500)
        {
            return Outcome<ActivationDetail>.Invalid("note", "at most 500 characters");
        }

        long activationId;
        string details;
        await Gate.WaitAsync(ct);
        try
        {
            var proposal = await db.Set<PlanProposal>().FirstOrDefaultAsync(p => p.Id == proposalId, ct);
            if (proposal is null)
            {
                return Outcome<ActivationDetail>.NotFound($"No proposal {proposalId}.");
            }

            if (proposal.Status != ProposalStatuses.Pending)
            {
                return Outcome<ActivationDetail>.Conflict($"Proposal {proposalId} is already {proposal.Status}.");
            }

            var plan = catalogue.Find(proposal.PlanCode)!;
            var level = overrideLevel ?? proposal.Level;
            if (!plan.TasksAt(level).Any())
            {
                return Outcome<ActivationDetail>.Invalid("level", $"the plan has no tasks at level {ResponseLevels.Roman(level)}");
            }

            var now = clock.GetUtcNow();
            var active = await Running(plan.Code).FirstOrDefaultAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (active is null)
            {
                active = new PlanActivation
                {
                    PlanCode = plan.Code, Level = level, Areas = proposal.Areas, ProposalId = proposal.Id, StartedAt = now, StartedBy = actor.UserName,
                };
                db.Add(active);
                await db.SaveChangesAsync(ct);
                db.Add(new PlanLevelChange { ActivationId = active.Id, FromLevel = null, ToLevel = level, At = now, By = actor.UserName, Reason = Truncate(input.Note ?? proposal.Reason, 500) });
                details = $"{plan.Code} activated at level {ResponseLevels.Roman(level)}; areas {active.Areas}; proposal {proposal.Id} ({proposal.Source} {proposal.Reference})";
            }
            else
            {
                if (level >= active.Level && Covered(Split(proposal.Areas), Split(active.Areas)))
                {
                    return Outcome<ActivationDetail>.Conflict($"{plan.Code} is already active at level {ResponseLevels.Roman(active.Level)}; the proposal would not raise it.");
                }

                if (level < active.Level)
                {
                    db.Add(new PlanLevelChange { ActivationId = active.Id, FromLevel = active.Level, ToLevel = level, At = now, By = actor.UserName, Reason = Truncate(input.Note ?? proposal.Reason, 500) });
                    active.Level = level;
                }

                active.Areas = string.Join(',', PlanTriggers.Normalise(Split(active.Areas).Concat(Split(proposal.Areas))));
                details = $"{plan.Code} activation {active.Id} now level {ResponseLevels.Roman(active.Level)}; areas {active.Areas}; proposal {proposal.Id} ({proposal.Source} {proposal.Reference})";
            }

            await ExtendTasksAsync(active, plan, now, ct);
            proposal.Status = ProposalStatuses.Confirmed;
            proposal.ActivationId = active.Id;
            proposal.DecidedBy = actor.UserName;
            proposal.DecidedAt = now;
            proposal.DecisionNote = input.Note?.Trim();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            activationId = active.Id;
        }
        finally
        {
            Gate.Release();
        }

        await AuditAsync(actor, "emergency.confirmed", "emergency-activation", activationId, details, ct);
        return Outcome<ActivationDetail>.Of((await DetailAsync(activationId, ct))!);
    }

    public async Task<Outcome<ProposalView>> DismissAsync(CurrentUser actor, long proposalId, DecisionInput input, CancellationToken ct)
    {
        if (input.Note?.Length > 500)
        {
            return Outcome<ProposalView>.Invalid("note", "at most 500 characters");
        }

        PlanProposal? proposal;
        await Gate.WaitAsync(ct);
        try
        {
            proposal = await db.Set<PlanProposal>().FirstOrDefaultAsync(p => p.Id == proposalId, ct);
            if (proposal is null)
            {
                return Outcome<ProposalView>.NotFound($"No proposal {proposalId}.");
            }

            if (proposal.Status != ProposalStatuses.Pending)
            {
                return Outcome<ProposalView>.Conflict($"Proposal {proposalId} is already {proposal.Status}.");
            }

            proposal.Status = ProposalStatuses.Dismissed;
            proposal.DecidedBy = actor.UserName;
            proposal.DecidedAt = clock.GetUtcNow();
            proposal.DecisionNote = input.Note?.Trim();
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            Gate.Release();
        }

        await AuditAsync(actor, "emergency.dismissed", "emergency-proposal", proposal.Id, $"{proposal.PlanCode} level {ResponseLevels.Roman(proposal.Level)}; {proposal.DecisionNote}", ct);
        return Outcome<ProposalView>.Of(View(proposal));
    }

    /// <summary>Raises or lowers the level. Raising adds the new level's tasks and shortens open deadlines to the new level's; lowering keeps the tasks issued.</summary>
    public async Task<Outcome<ActivationDetail>> ChangeLevelAsync(CurrentUser actor, long activationId, LevelInput input, CancellationToken ct)
    {
        var level = ResponseLevels.Parse(input.Level);
        if (level is null)
        {
            return Outcome<ActivationDetail>.Invalid("level", "I, II, III or IV");
        }

        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 500)
        {
            return Outcome<ActivationDetail>.Invalid("reason", "required, at most 500 characters");
        }

        int from;
        await Gate.WaitAsync(ct);
        try
        {
            var activation = await db.Set<PlanActivation>().FirstOrDefaultAsync(a => a.Id == activationId, ct);
            if (activation is null)
            {
                return Outcome<ActivationDetail>.NotFound($"No activation {activationId}.");
            }

            if (activation.EndedAt is not null)
            {
                return Outcome<ActivationDetail>.Conflict($"Activation {activationId} has ended.");
            }

            if (activation.Level == level)
            {
                return Outcome<ActivationDetail>.Invalid("level", $"different from the current level {ResponseLevels.Roman(level.Value)}");
            }

            var plan = catalogue.Find(activation.PlanCode)!;
            if (!plan.TasksAt(level.Value).Any())
            {
                return Outcome<ActivationDetail>.Invalid("level", $"the plan has no tasks at level {ResponseLevels.Roman(level.Value)}");
            }

            var now = clock.GetUtcNow();
            from = activation.Level;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Add(new PlanLevelChange { ActivationId = activation.Id, FromLevel = from, ToLevel = level.Value, At = now, By = actor.UserName, Reason = input.Reason.Trim() });
            activation.Level = level.Value;
            if (level < from)
            {
                await ExtendTasksAsync(activation, plan, now, ct);
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            Gate.Release();
        }

        await AuditAsync(actor, "emergency.level-changed", "emergency-activation", activationId,
            $"level {ResponseLevels.Roman(from)} → {ResponseLevels.Roman(level.Value)}; {input.Reason.Trim()}", ct);
        return Outcome<ActivationDetail>.Of((await DetailAsync(activationId, ct))!);
    }

    public async Task<Outcome<ActivationDetail>> DeactivateAsync(CurrentUser actor, long activationId, NoteInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Note) || input.Note.Length > 500)
        {
            return Outcome<ActivationDetail>.Invalid("note", "required, at most 500 characters: why the response ends");
        }

        await Gate.WaitAsync(ct);
        try
        {
            var activation = await db.Set<PlanActivation>().FirstOrDefaultAsync(a => a.Id == activationId, ct);
            if (activation is null)
            {
                return Outcome<ActivationDetail>.NotFound($"No activation {activationId}.");
            }

            if (activation.EndedAt is not null)
            {
                return Outcome<ActivationDetail>.Conflict($"Activation {activationId} has already ended.");
            }

            activation.EndedAt = clock.GetUtcNow();
            activation.EndedBy = actor.UserName;
            activation.EndNote = input.Note.Trim();
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            Gate.Release();
        }

        await AuditAsync(actor, "emergency.deactivated", "emergency-activation", activationId, input.Note.Trim(), ct);
        return Outcome<ActivationDetail>.Of((await DetailAsync(activationId, ct))!);
    }

    // ---------- departments ----------

    /// <summary>The task's department (or the commander) takes a ready task on.</summary>
    public Task<Outcome<TaskView>> CheckInAsync(CurrentUser actor, long taskId, NoteInput input, CancellationToken ct) =>
        UpdateTaskAsync(actor, taskId, TaskStatuses.CheckedIn, input.Note, ct);

    /// <summary>The task's department (or the commander) reports in-progress, blocked (with a note) or done.</summary>
    public async Task<Outcome<TaskView>> ReportStatusAsync(CurrentUser actor, long taskId, StatusInput input, CancellationToken ct)
    {
        var status = input.Status?.Trim().ToLowerInvariant();
        if (status is null || !TaskStatuses.Reportable.Contains(status))
        {
            return Outcome<TaskView>.Invalid("status", string.Join(", ", TaskStatuses.Reportable));
        }

        if (status == TaskStatuses.Blocked && string.IsNullOrWhiteSpace(input.Note))
        {
            return Outcome<TaskView>.Invalid("note", "required when the task is blocked: what stops it");
        }

        return await UpdateTaskAsync(actor, taskId, status, input.Note, ct);
    }

    private async Task<Outcome<TaskView>> UpdateTaskAsync(CurrentUser actor, long taskId, string status, string? note, CancellationToken ct)
    {
        if (note?.Length > 1000)
        {
            return Outcome<TaskView>.Invalid("note", "at most 1000 characters");
        }

        PlanActivationTask? task;
        await Gate.WaitAsync(ct);
        try
        {
            task = await db.Set<PlanActivationTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null)
            {
                return Outcome<TaskView>.NotFound($"No task {taskId}.");
            }

            if (!MayAct(actor, task.DepartmentCode))
            {
                return Outcome<TaskView>.Forbidden($"Task {taskId} belongs to {task.DepartmentCode}.");
            }

            var activation = await db.Set<PlanActivation>().AsNoTracking().FirstAsync(a => a.Id == task.ActivationId, ct);
            if (activation.EndedAt is not null)
            {
                return Outcome<TaskView>.Conflict($"Activation {activation.Id} has ended.");
            }

            var allowed = status == TaskStatuses.CheckedIn
                ? task.Status == TaskStatuses.Ready
                : task.Status is TaskStatuses.CheckedIn or TaskStatuses.InProgress or TaskStatuses.Blocked;
            if (!allowed)
            {
                return Outcome<TaskView>.Conflict(task.Status switch
                {
                    TaskStatuses.Waiting => $"Task {task.Key} waits for {task.DependsOn.Replace(",", ", ", StringComparison.Ordinal)}.",
                    TaskStatuses.Ready => $"Check task {task.Key} in first.",
                    _ => $"Task {task.Key} is already {task.Status}.",
                });
            }

            var now = clock.GetUtcNow();
            task.Status = status;
            task.UpdatedAt = now;
            if (status == TaskStatuses.CheckedIn)
            {
                task.CheckedInAt = now;
            }
            else if (status == TaskStatuses.Done)
            {
                task.DoneAt = now;
            }

            db.Add(new PlanTaskNote { TaskId = task.Id, ActivationId = task.ActivationId, At = now, By = actor.UserName, DepartmentCode = actor.DepartmentCode, Status = status, Text = string.IsNullOrWhiteSpace(note) ? null : note.Trim() });
            if (status == TaskStatuses.Done)
            {
                Recompute(await db.Set<PlanActivationTask>().Where(t => t.ActivationId == task.ActivationId).ToListAsync(ct), now);
            }

            await db.SaveChangesAsync(ct);
        }
        finally
        {
            Gate.Release();
        }

        await AuditAsync(actor, status == TaskStatuses.CheckedIn ? "emergency.task-checked-in" : "emergency.task-status", "emergency-task", task.Id,
            $"activation {task.ActivationId}; {task.Key} ({task.DepartmentCode}) → {status}" + (string.IsNullOrWhiteSpace(note) ? "" : $"; {Truncate(note.Trim(), 300)}"), ct);
        return Outcome<TaskView>.Of((await TasksAsync(t => t.Id == taskId, ct))[0]);
    }

    public async Task<Outcome<ResourceRequestView>> RequestResourceAsync(CurrentUser actor, long activationId, ResourceRequestInput input, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(actor.DepartmentCode))
        {
            return Outcome<ResourceRequestView>.Forbidden("Only staff of a department can request resources.");
        }

        var errors = new FieldErrors();
        var to = input.ToDepartment?.Trim();
        if (!DepartmentCodes.IsValid(to))
        {
            errors.Add("toDepartment", "a department code: SH-<LINE> or <district code>-<LINE>, e.g. SH-SWJ, 310101-ZJ");
        }
        else if (to == actor.DepartmentCode)
        {
            errors.Add("toDepartment", "another department than your own");
        }

        if (string.IsNullOrWhiteSpace(input.What) || input.What.Length > 200)
        {
            errors.Add("what", "required, at most 200 characters");
        }

        if (input.Quantity is not { } quantity || !double.IsFinite(quantity) || quantity <= 0 || quantity > 1_000_000_000)
        {
            errors.Add("quantity", "a number above 0");
        }

        if (input.Unit?.Length > 20)
        {
            errors.Add("unit", "at most 20 characters");
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? neededBy = null;
        if (!string.IsNullOrWhiteSpace(input.NeededBy))
        {
            if (!DateTimeOffset.TryParse(input.NeededBy, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var nb))
            {
                errors.Add("neededBy", "an ISO 8601 time, e.g. 2026-07-25T18:00:00+08:00");
            }
            else if (nb <= now)
            {
                errors.Add("neededBy", "in the future");
            }
            else
            {
                neededBy = nb.ToUniversalTime();
            }
        }

        if (errors.Any)
        {
            return Outcome<ResourceRequestView>.Invalid(errors);
        }

        var activation = await db.Set<PlanActivation>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == activationId, ct);
        if (activation is null)
        {
            return Outcome<ResourceRequestView>.NotFound($"No activation {activationId}.");
        }

        if (activation.EndedAt is not null)
        {
            return Outcome<ResourceRequestView>.Conflict($"Activation {activationId} has ended.");
        }

        var request = new PlanResourceRequest
        {
            ActivationId = activationId, FromDepartment = actor.DepartmentCode, ToDepartment = to!, What = input.What!.Trim(), Quantity = input.Quantity!.Value,
            Unit = string.IsNullOrWhiteSpace(input.Unit) ? null : input.Unit.Trim(), NeededBy = neededBy, CreatedAt = now, CreatedBy = actor.UserName, UpdatedAt = now,
        };
        db.Add(request);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, "emergency.resource-requested", "emergency-resource-request", request.Id,
            string.Create(CultureInfo.InvariantCulture, $"activation {activationId}; {request.FromDepartment} → {request.ToDepartment}: {request.What} × {request.Quantity} {request.Unit}"), ct);
        return Outcome<ResourceRequestView>.Of((await RequestsAsync(r => r.Id == request.Id, ct))[0]);
    }

    /// <summary>The asked department (or the commander) accepts or declines a request, and reports it delivered.</summary>
    public async Task<Outcome<ResourceRequestView>> AnswerResourceRequestAsync(CurrentUser actor, long requestId, ResourceAnswerInput input, CancellationToken ct)
    {
        var status = input.Status?.Trim().ToLowerInvariant();
        if (status is null || !ResourceStatuses.Answers.Contains(status))
        {
            return Outcome<ResourceRequestView>.Invalid("status", string.Join(", ", ResourceStatuses.Answers));
        }

        if (input.Note?.Length > 1000)
        {
            return Outcome<ResourceRequestView>.Invalid("note", "at most 1000 characters");
        }

        if (status == ResourceStatuses.Declined && string.IsNullOrWhiteSpace(input.Note))
        {
            return Outcome<ResourceRequestView>.Invalid("note", "required when declining: why");
        }

        var request = await db.Set<PlanResourceRequest>().FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null)
        {
            return Outcome<ResourceRequestView>.NotFound($"No resource request {requestId}.");
        }

        if (!MayAct(actor, request.ToDepartment))
        {
            return Outcome<ResourceRequestView>.Forbidden($"Request {requestId} is addressed to {request.ToDepartment}.");
        }

        var allowed = status == ResourceStatuses.Delivered
            ? request.Status is ResourceStatuses.Requested or ResourceStatuses.Accepted
            : request.Status == ResourceStatuses.Requested;
        if (!allowed)
        {
            return Outcome<ResourceRequestView>.Conflict($"Request {requestId} is already {request.Status}.");
        }

        var now = clock.GetUtcNow();
        request.Status = status;
        request.UpdatedAt = now;
        db.Add(new PlanResourceReply { RequestId = request.Id, At = now, By = actor.UserName, DepartmentCode = actor.DepartmentCode, Status = status, Text = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim() });
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, "emergency.resource-answered", "emergency-resource-request", request.Id,
            $"{request.ToDepartment} → {status}" + (string.IsNullOrWhiteSpace(input.Note) ? "" : $"; {Truncate(input.Note.Trim(), 300)}"), ct);
        return Outcome<ResourceRequestView>.Of((await RequestsAsync(r => r.Id == request.Id, ct))[0]);
    }

    // ---------- queries ----------

    public IReadOnlyList<PlanSummaryView> Plans() => catalogue.All
        .Select(p => new PlanSummaryView(p.Code, p.Type, p.NameZh, p.NameEn, p.SummaryZh, p.SummaryEn, p.Cap?.Events ?? [],
            ResponseLevels.Romans.Reverse().ToDictionary(r => r, r => p.TasksAt(ResponseLevels.Parse(r)!.Value).Count())))
        .ToList();

    public async Task<IReadOnlyList<ProposalView>> ProposalsAsync(string? status, CancellationToken ct)
    {
        var q = db.Set<PlanProposal>().AsNoTracking();
        if (status is not null)
        {
            q = q.Where(p => p.Status == status);
        }

        return (await q.OrderByDescending(p => p.Id).Take(200).ToListAsync(ct)).Select(View).ToList();
    }

    public async Task<IReadOnlyList<ActivationView>> ActivationsAsync(bool activeOnly, CancellationToken ct)
    {
        var q = db.Set<PlanActivation>().AsNoTracking();
        if (activeOnly)
        {
            q = q.Where(a => a.EndedAt == null);
        }

        var activations = await q.OrderByDescending(a => a.Id).Take(100).ToListAsync(ct);
        var ids = activations.Select(a => a.Id).ToList();
        var tasks = await db.Set<PlanActivationTask>().AsNoTracking().Where(t => ids.Contains(t.ActivationId)).ToListAsync(ct);
        var byActivation = tasks.ToLookup(t => t.ActivationId);
        return activations.Select(a => View(a, byActivation[a.Id])).ToList();
    }

    public async Task<ActivationDetail?> DetailAsync(long activationId, CancellationToken ct)
    {
        var a = await db.Set<PlanActivation>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == activationId, ct);
        if (a is null)
        {
            return null;
        }

        var tasks = await TasksAsync(t => t.ActivationId == activationId, ct);
        var raw = await db.Set<PlanActivationTask>().AsNoTracking().Where(t => t.ActivationId == activationId).ToListAsync(ct);
        var levels = await db.Set<PlanLevelChange>().AsNoTracking().Where(c => c.ActivationId == activationId).OrderBy(c => c.Id).ToListAsync(ct);
        return new ActivationDetail(View(a, raw), tasks,
            levels.Select(c => new LevelChangeView(c.FromLevel is { } f ? ResponseLevels.Roman(f) : null, ResponseLevels.Roman(c.ToLevel), c.At, c.By, c.Reason)).ToList(),
            await RequestsAsync(r => r.ActivationId == activationId, ct));
    }

    /// <summary>The tasks of a department in running activations (and, with <paramref name="includeEnded"/>, in ended ones).</summary>
    public async Task<IReadOnlyList<TaskView>> TasksOfDepartmentAsync(string departmentCode, bool includeEnded, CancellationToken ct)
    {
        var running = includeEnded
            ? await db.Set<PlanActivation>().AsNoTracking().Select(a => a.Id).ToListAsync(ct)
            : await db.Set<PlanActivation>().AsNoTracking().Where(a => a.EndedAt == null).Select(a => a.Id).ToListAsync(ct);
        return await TasksAsync(t => t.DepartmentCode == departmentCode && running.Contains(t.ActivationId), ct);
    }

    /// <summary>Resource requests sent by or addressed to a department.</summary>
    public Task<IReadOnlyList<ResourceRequestView>> RequestsOfDepartmentAsync(string departmentCode, CancellationToken ct) =>
        RequestsAsync(r => r.FromDepartment == departmentCode || r.ToDepartment == departmentCode, ct);

    public async Task<TaskView?> TaskAsync(long taskId, CancellationToken ct) =>
        (await TasksAsync(t => t.Id == taskId, ct)).FirstOrDefault();

    public async Task<SituationReport?> SituationReportAsync(long activationId, CancellationToken ct)
    {
        var detail = await DetailAsync(activationId, ct);
        if (detail is null)
        {
            return null;
        }

        var proposal = await db.Set<PlanProposal>().AsNoTracking().Where(p => p.ActivationId == activationId).OrderBy(p => p.Id).ToListAsync(ct);
        var plan = catalogue.Find(detail.Activation.PlanCode)!;
        return SituationReports.Build(plan, detail, proposal.Select(View).ToList(), clock.GetUtcNow());
    }

    // ---------- internals ----------

    private IQueryable<PlanActivation> Running(string planCode) =>
        db.Set<PlanActivation>().Where(a => a.PlanCode == planCode && a.EndedAt == null);

    private static bool MayAct(CurrentUser actor, string departmentCode) =>
        actor.IsInRole(Roles.Commander) || (actor.DepartmentCode is not null && actor.DepartmentCode == departmentCode);

    /// <summary>
    /// Brings the activation's task graph up to its level and areas: adds the tasks it lacks (due that many hours from
    /// now), shortens the deadlines of open tasks to the level's, and adds dependencies on tasks of new districts.
    /// </summary>
    private async Task ExtendTasksAsync(PlanActivation activation, PlanDefinition plan, DateTimeOffset now, CancellationToken ct)
    {
        var tasks = await db.Set<PlanActivationTask>().Where(t => t.ActivationId == activation.Id).ToListAsync(ct);
        var byKey = tasks.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var districts = PlanTriggers.Districts(Split(activation.Areas));
        var definitions = plan.Tasks.ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var def in plan.TasksAt(activation.Level))
        {
            var due = now.AddMinutes(Math.Round(def.HoursAt(activation.Level)!.Value * 60));
            foreach (var (key, department, district) in Instances(def, districts))
            {
                var deps = (def.DependsOn ?? []).SelectMany(d => definitions[d].PerDistrict
                    ? district is null ? districts.Select(x => $"{d}@{x}") : [$"{d}@{district}"]
                    : [d]).ToList();
                if (byKey.TryGetValue(key, out var existing))
                {
                    if (existing.Status != TaskStatuses.Done && due < existing.DueAt)
                    {
                        existing.DueAt = due;
                        existing.UpdatedAt = now;
                    }

                    existing.DependsOn = string.Join(',', existing.Dependencies.Union(deps, StringComparer.Ordinal));
                    continue;
                }

                var task = new PlanActivationTask
                {
                    ActivationId = activation.Id, Key = key, PlanTaskKey = def.Key, DepartmentCode = department, TitleZh = def.TitleZh, TitleEn = def.TitleEn,
                    Level = activation.Level, CreatedAt = now, DueAt = due, DependsOn = string.Join(',', deps), UpdatedAt = now,
                };
                db.Add(task);
                tasks.Add(task);
                byKey[key] = task;
            }
        }

        Recompute(tasks, now);
    }

    private static IEnumerable<(string Key, string Department, string? District)> Instances(PlanTask def, IReadOnlyList<string> districts) =>
        def.PerDistrict
            ? districts.Select(d => ($"{def.Key}@{d}", $"{d}-{def.Line}", (string?)d))
            : [(def.Key, def.Department, null)];

    /// <summary>Waiting tasks whose dependencies are all done become ready; ready tasks with a new open dependency wait again.</summary>
    private static void Recompute(List<PlanActivationTask> tasks, DateTimeOffset now)
    {
        var done = tasks.Where(t => t.Status == TaskStatuses.Done).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tasks.Where(t => t.Status is TaskStatuses.Waiting or TaskStatuses.Ready))
        {
            var next = t.Dependencies.All(done.Contains) ? TaskStatuses.Ready : TaskStatuses.Waiting;
            if (next != t.Status)
            {
                t.Status = next;
                t.UpdatedAt = now;
            }
        }
    }

    private async Task<IReadOnlyList<TaskView>> TasksAsync(System.Linq.Expressions.Expression<Func<PlanActivationTask, bool>> filter, CancellationToken ct)
    {
        var tasks = await db.Set<PlanActivationTask>().AsNoTracking().Where(filter).OrderBy(t => t.DueAt).ThenBy(t => t.Id).ToListAsync(ct);
        if (tasks.Count == 0)
        {
            return [];
        }

        var ids = tasks.Select(t => t.Id).ToList();
        var activationIds = tasks.Select(t => t.ActivationId).Distinct().ToList();
        var activations = await db.Set<PlanActivation>().AsNoTracking().Where(a => activationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var notes = (await db.Set<PlanTaskNote>().AsNoTracking().Where(n => ids.Contains(n.TaskId)).OrderBy(n => n.Id).ToListAsync(ct)).ToLookup(n => n.TaskId);
        var now = clock.GetUtcNow();
        return tasks.Select(t =>
        {
            var a = activations[t.ActivationId];
            var timeliness = Timeliness(t, a.EndedAt is { } end && end < now ? end : now);
            return new TaskView(t.Id, t.ActivationId, a.PlanCode, t.Key, t.DepartmentCode, t.TitleZh, t.TitleEn, ResponseLevels.Roman(t.Level), t.CreatedAt, t.DueAt,
                t.Dependencies, t.Status, t.CheckedInAt, t.DoneAt, timeliness == "overdue", timeliness,
                notes[t.Id].Select(n => new TaskNoteView(n.At, n.By, n.DepartmentCode, n.Status, n.Text)).ToList());
        }).ToList();
    }

    internal static string Timeliness(PlanActivationTask t, DateTimeOffset now) =>
        t.DoneAt is { } done ? (done <= t.DueAt ? "on-time" : "late") : now > t.DueAt ? "overdue" : "open";

    private async Task<IReadOnlyList<ResourceRequestView>> RequestsAsync(System.Linq.Expressions.Expression<Func<PlanResourceRequest, bool>> filter, CancellationToken ct)
    {
        var requests = await db.Set<PlanResourceRequest>().AsNoTracking().Where(filter).OrderByDescending(r => r.Id).Take(500).ToListAsync(ct);
        if (requests.Count == 0)
        {
            return [];
        }

        var ids = requests.Select(r => r.Id).ToList();
        var activationIds = requests.Select(r => r.ActivationId).Distinct().ToList();
        var plans = await db.Set<PlanActivation>().AsNoTracking().Where(a => activationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.PlanCode, ct);
        var replies = (await db.Set<PlanResourceReply>().AsNoTracking().Where(r => ids.Contains(r.RequestId)).OrderBy(r => r.Id).ToListAsync(ct)).ToLookup(r => r.RequestId);
        return requests.Select(r => new ResourceRequestView(r.Id, r.ActivationId, plans[r.ActivationId], r.FromDepartment, r.ToDepartment, r.What, r.Quantity, r.Unit,
            r.NeededBy, r.Status, r.CreatedAt, r.CreatedBy, replies[r.Id].Select(x => new ResourceReplyView(x.At, x.By, x.DepartmentCode, x.Status, x.Text)).ToList())).ToList();
    }

    private ProposalView View(PlanProposal p)
    {
        var plan = catalogue.Find(p.PlanCode);
        return new ProposalView(p.Id, p.PlanCode, plan?.NameZh ?? p.PlanCode, plan?.NameEn ?? p.PlanCode, ResponseLevels.Roman(p.Level), ResponseLevels.Colour(p.Level),
            p.Source, p.Reference, p.Reason, Split(p.Areas), p.Status, p.ActivationId, p.CreatedAt, p.CreatedBy, p.DecidedBy, p.DecidedAt, p.DecisionNote);
    }

    private ActivationView View(PlanActivation a, IEnumerable<PlanActivationTask> tasks)
    {
        var plan = catalogue.Find(a.PlanCode);
        var now = clock.GetUtcNow();
        var at = a.EndedAt is { } end && end < now ? end : now;
        var list = tasks.ToList();
        return new ActivationView(a.Id, a.PlanCode, plan?.NameZh ?? a.PlanCode, plan?.NameEn ?? a.PlanCode, plan?.Type ?? "other", ResponseLevels.Roman(a.Level),
            ResponseLevels.Colour(a.Level), Split(a.Areas), a.StartedAt, a.StartedBy, a.EndedAt, a.EndedBy, a.EndedAt is null,
            TaskStatuses.All.ToDictionary(s => s, s => list.Count(t => t.Status == s)), list.Count(t => Timeliness(t, at) == "overdue"));
    }

    private IReadOnlyList<string> ParseAreas(IReadOnlyList<string>? areas, FieldErrors errors)
    {
        if (areas is not { Count: > 0 })
        {
            return [AreaCodes.City];
        }

        var result = new List<string>();
        foreach (var a in areas.Select(a => a?.Trim() ?? ""))
        {
            if (a != AreaCodes.City && ShanghaiDistricts.Find(a) is null)
            {
                errors.Add("areas", $"{a} is neither the city (310000) nor a district code");
                return [];
            }

            result.Add(a);
        }

        return PlanTriggers.Normalise(result);
    }

    private static IReadOnlyList<string> Split(string areas) => areas.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when every area of <paramref name="areas"/> lies in <paramref name="within"/>.</summary>
    private static bool Covered(IReadOnlyList<string> areas, IReadOnlyList<string> within) =>
        within.Contains(AreaCodes.City) || (!areas.Contains(AreaCodes.City) && areas.All(within.Contains));

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;

    private Task AuditAsync(CurrentUser actor, string action, string type, long id, string details, CancellationToken ct) =>
        ledger.AppendAsync(actor, new AuditRecord(action, type, id.ToString(CultureInfo.InvariantCulture), Purpose: Purpose, Details: Truncate(details, 1000)), ct);
}

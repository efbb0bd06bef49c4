using System.Globalization;
using OneCity.CityOps.Categories;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Incidents;

/// <summary>An extension request: exactly one of workingHours (1–40) or workingDays (1–30), and the reason.</summary>
internal sealed record ExtensionInput(int? WorkingHours, int? WorkingDays, string? Reason);

/// <summary>A suspension request: the reason, and optionally the date the unit expects to resume (yyyy-MM-dd).</summary>
internal sealed record SuspensionInput(string? Reason, string? ExpectedResumeOn);

/// <summary>A dispatcher's decision on a request (a comment is required to reject), or a note on resuming.</summary>
internal sealed record DecisionInput(string? Comment);

/// <summary>
/// Extension (延期) and suspension (挂起) with approval: the lead unit holding the accepted work order asks, the
/// dispatcher or commander of the incident's area decides. One pending request per incident; every request, decision
/// and resumption is in the timeline and the ledger (through <see cref="ActAsync"/>), and stays in ops_time_requests.
/// </summary>
internal sealed partial class IncidentActions
{
    public const int MaxExtensionHours = 40;
    public const int MaxExtensionDays = 30;
    public const int MaxSuspensionDays = 365;

    /// <summary>The user's unit's lead work order on the incident, when the user is unit staff and it is still open.</summary>
    public static WorkOrder? LeadOrderOf(CurrentUser u, Incident i) =>
        UnitRoles.Any(u.IsInRole) && u.DepartmentCode is { } d
            ? i.WorkOrders.FirstOrDefault(w => w.Lead && w.UnitCode == d && w.Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.Suspended)
            : null;

    public Task<(Incident? Incident, Refusal? Refusal)> RequestExtensionAsync(CurrentUser u, string number, int? version, ExtensionInput input, CancellationToken ct) =>
        RequestAsync(u, number, version, TimeRequestKind.Extension, ct, (i, w, now) =>
        {
            var errors = new FieldErrors();
            switch (input.WorkingHours, input.WorkingDays)
            {
                case (null, null):
                    errors.Add("workingDays", "required: the extra time, as workingDays (1–30) or workingHours (1–40)");
                    break;
                case ({ }, { }):
                    errors.Add("workingDays", "give workingDays or workingHours, not both");
                    break;
                case ({ } h, null) when h is < 1 or > MaxExtensionHours:
                    errors.Add("workingHours", $"between 1 and {MaxExtensionHours} working hours (ask for working days beyond that)");
                    break;
                case (null, { } d) when d is < 1 or > MaxExtensionDays:
                    errors.Add("workingDays", $"between 1 and {MaxExtensionDays} working days");
                    break;
            }

            AddReasonError(errors, input.Reason);
            if (errors.Any)
            {
                return (null, new Refusal(400, "invalid") { Errors = errors });
            }

            var request = NewRequest(i, w, TimeRequestKind.Extension, input.Reason!, u, now);
            request.WorkingHours = input.WorkingHours;
            request.WorkingDays = input.WorkingDays;
            return (request, null);
        });

    public Task<(Incident? Incident, Refusal? Refusal)> RequestSuspensionAsync(CurrentUser u, string number, int? version, SuspensionInput input, CancellationToken ct) =>
        RequestAsync(u, number, version, TimeRequestKind.Suspension, ct, (i, w, now) =>
        {
            var errors = new FieldErrors();
            AddReasonError(errors, input.Reason);
            DateOnly? expected = null;
            if (input.ExpectedResumeOn is { Length: > 0 } text)
            {
                var today = loop.Date(now);
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    errors.Add("expectedResumeOn", "a date yyyy-MM-dd");
                }
                else if (d < today || d > today.AddDays(MaxSuspensionDays))
                {
                    errors.Add("expectedResumeOn", $"from today to at most {MaxSuspensionDays} days ahead");
                }
                else
                {
                    expected = d;
                }
            }

            if (errors.Any)
            {
                return (null, new Refusal(400, "invalid") { Errors = errors });
            }

            var request = NewRequest(i, w, TimeRequestKind.Suspension, input.Reason!, u, now);
            request.ExpectedResumeOn = expected;
            return (request, null);
        });

    /// <summary>The dispatcher or commander of the incident's area approves or rejects the pending request.</summary>
    public Task<(Incident? Incident, Refusal? Refusal)> DecideAsync(CurrentUser u, string number, long requestId, bool approve, int? version, DecisionInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "Only a dispatcher or commander of the incident's area decides on an extension or a suspension."));
            }

            var r = i.TimeRequests.FirstOrDefault(x => x.Id == requestId);
            if (r is null)
            {
                return Task.FromResult<Refusal?>(new Refusal(404, $"No request {requestId} on incident {i.Number}."));
            }

            if (r.Status != TimeRequestStatus.Pending)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Request {requestId} is {r.Status.ToString().ToLowerInvariant()}; only a pending request is decided."));
            }

            var order = i.WorkOrders.FirstOrDefault(w => w.Id == r.WorkOrderId && w.Status == WorkOrderStatus.Accepted);
            if (i.Status != IncidentStatus.Handling || order is null)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} is {i.Status}; the request's work order is no longer being handled."));
            }

            var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
            if (!approve && comment is null)
            {
                return Task.FromResult(Refusal.Invalid("comment", "required when rejecting: why (at most 1000 characters)"));
            }

            if (comment is { Length: > 1000 })
            {
                return Task.FromResult(Refusal.Invalid("comment", "at most 1000 characters"));
            }

            r.Status = approve ? TimeRequestStatus.Approved : TimeRequestStatus.Rejected;
            r.DecidedBy = u.UserName;
            r.DecidedAt = now;
            r.DecisionComment = comment;
            var opinion = comment is null ? "" : $"。意见：{comment}";
            var kind = r.Kind == TimeRequestKind.Extension ? "extension" : "suspension";
            if (!approve)
            {
                loop.Note(i, u.UserName, $"{kind}-rejected", (r.Kind == TimeRequestKind.Extension ? "不予延期" : "不予挂起") + $"：{comment}；期限不变", r.UnitCode, now);
                return Task.FromResult<Refusal?>(null);
            }

            if (r.Kind == TimeRequestKind.Extension)
            {
                var (handleBefore, closeBefore) = (i.HandleDueAt, i.CloseDueAt);
                var provisional = loop.Extend(i, Extra(r));
                (r.HandleDueBefore, r.HandleDueAfter, r.CloseDueBefore, r.CloseDueAfter) = (handleBefore, i.HandleDueAt, closeBefore, i.CloseDueAt);
                var moved = new Performance.KpiDelta(Extended: 1);
                LoopEngine.CountArea(i, moved);
                LoopEngine.CountUnit(i, r.UnitCode, moved);
                NoteProvisional(i, provisional, now);
                loop.Note(i, u.UserName, "extension-approved", $"批准延期 {Amount(r)}：处置期限 {Local(handleBefore)} → {Local(i.HandleDueAt)}，结案期限 {loop.Local(closeBefore)} → {loop.Local(i.CloseDueAt)}{opinion}", r.UnitCode, now);

                // The running phase is judged against the new deadline: supervision of the old one is lifted.
                loop.Arm(i, now);
            }
            else
            {
                i.SuspendedAt = now;
                order.Status = WorkOrderStatus.Suspended;
                i.SlaNextAt = null;
                var paused = new Performance.KpiDelta(Suspended: 1);
                LoopEngine.CountArea(i, paused);
                LoopEngine.CountUnit(i, r.UnitCode, paused);
                loop.Note(i, u.UserName, "suspension-approved", $"批准挂起，计时暂停（处置期限 {Local(i.HandleDueAt)}，结案期限 {loop.Local(i.CloseDueAt)}，恢复后顺延）{opinion}", r.UnitCode, now);
            }

            return Task.FromResult<Refusal?>(null);
        });

    /// <summary>The lead unit or a dispatcher of the area resumes a suspended order: the deadlines move by the paused time.</summary>
    public Task<(Incident? Incident, Refusal? Refusal)> ResumeAsync(CurrentUser u, string number, int? version, DecisionInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, (i, _, now) =>
        {
            var lead = LeadOrderOf(u, i);
            if (lead is null && !IsDispatcherFor(u, i))
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "Only the lead unit or a dispatcher of the incident's area resumes a suspended order."));
            }

            if (i.SuspendedAt is not { } from)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} is not suspended."));
            }

            var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
            if (comment is { Length: > 1000 })
            {
                return Task.FromResult(Refusal.Invalid("comment", "at most 1000 characters"));
            }

            var (handleBefore, closeBefore) = (i.HandleDueAt, i.CloseDueAt);
            var provisional = loop.Resume(i, from, now);
            foreach (var w in i.WorkOrders.Where(w => w.Status == WorkOrderStatus.Suspended))
            {
                w.Status = WorkOrderStatus.Accepted;
            }

            i.SuspendedAt = null;
            var active = i.TimeRequests.FirstOrDefault(r => r.Active);
            if (active is not null)
            {
                active.ResumedAt = now;
                active.ResumedBy = u.UserName;
                (active.HandleDueBefore, active.HandleDueAfter, active.CloseDueBefore, active.CloseDueAfter) = (handleBefore, i.HandleDueAt, closeBefore, i.CloseDueAt);
            }

            NoteProvisional(i, provisional, now);
            loop.Note(i, u.UserName, "resumed", $"恢复计时（挂起 {loop.Local(from)} 至 {loop.Local(now)}）：处置期限 {Local(handleBefore)} → {Local(i.HandleDueAt)}，"
                + $"结案期限 {loop.Local(closeBefore)} → {loop.Local(i.CloseDueAt)}" + (comment is null ? "" : $"。说明：{comment}"), i.UnitCode, now);
            loop.Arm(i, now);
            return Task.FromResult<Refusal?>(null);
        });

    /// <summary>The extra working time of an extension request.</summary>
    public static TimeLimit Extra(TimeRequest r) => r.WorkingDays is { } d ? new TimeLimit(d, LimitUnit.WorkingDays) : new TimeLimit(r.WorkingHours ?? 0, LimitUnit.WorkingHours);

    private static string Amount(TimeRequest r) => r.WorkingDays is { } d
        ? string.Create(CultureInfo.InvariantCulture, $"{d} 个工作日")
        : string.Create(CultureInfo.InvariantCulture, $"{r.WorkingHours} 个工作小时");

    private Task<(Incident? Incident, Refusal? Refusal)> RequestAsync(CurrentUser u, string number, int? version, TimeRequestKind kind, CancellationToken ct,
        Func<Incident, WorkOrder, DateTimeOffset, (TimeRequest? Request, Refusal? Refusal)> create) =>
        ActAsync(u, number, version, ct, (i, _, now) =>
        {
            var what = kind == TimeRequestKind.Extension ? "an extension" : "a suspension";
            var w = LeadOrderOf(u, i);
            if (w is null)
            {
                return Task.FromResult<Refusal?>(new Refusal(403, $"Only the lead unit holding the work order requests {what}."));
            }

            if (i.TimeRequests.FirstOrDefault(r => r.Status == TimeRequestStatus.Pending) is { } waiting)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Request {waiting.Id} ({waiting.Kind.ToString().ToLowerInvariant()}) is still waiting for a decision; one request at a time."));
            }

            if (w.Status == WorkOrderStatus.Suspended)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, "Your work order is suspended (挂起); resume it first."));
            }

            if (i.Status != IncidentStatus.Handling || w.Status != WorkOrderStatus.Accepted)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} is {i.Status}; {what} is requested while your unit handles an accepted order."));
            }

            var (request, refusal) = create(i, w, now);
            if (refusal is not null)
            {
                return Task.FromResult<Refusal?>(refusal);
            }

            i.TimeRequests.Add(request!);
            loop.Note(i, u.UserName, kind == TimeRequestKind.Extension ? "extension-requested" : "suspension-requested", kind == TimeRequestKind.Extension
                ? $"申请延期 {Amount(request!)}：{request!.Reason}"
                : $"申请挂起：{request!.Reason}" + (request.ExpectedResumeOn is { } d ? string.Create(CultureInfo.InvariantCulture, $"；预计 {d:yyyy-MM-dd} 恢复") : ""), w.UnitCode, now);
            return Task.FromResult<Refusal?>(null);
        });

    private static TimeRequest NewRequest(Incident i, WorkOrder w, TimeRequestKind kind, string reason, CurrentUser u, DateTimeOffset now) => new()
    {
        IncidentId = i.Id, WorkOrderId = w.Id, Kind = kind, Status = TimeRequestStatus.Pending, UnitCode = w.UnitCode, Reason = reason.Trim(),
        RequestedBy = u.UserName, RequestedAt = now,
    };

    private static void AddReasonError(FieldErrors errors, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 1000)
        {
            errors.Add("reason", "required: why (at most 1000 characters)");
        }
    }

    /// <summary>A pending request is overtaken when the order leaves handling (feedback given, incident merged).</summary>
    private void WithdrawPending(Incident i, string actor, string why, DateTimeOffset now)
    {
        foreach (var r in i.TimeRequests.Where(r => r.Status == TimeRequestStatus.Pending))
        {
            r.Status = TimeRequestStatus.Withdrawn;
            r.DecidedAt = now;
            r.DecidedBy = actor;
            r.DecisionComment = why;
            loop.Note(i, actor, "request-withdrawn", (r.Kind == TimeRequestKind.Extension ? "延期" : "挂起") + $"申请撤销：{why}", r.UnitCode, now);
        }
    }

    /// <summary>Ends a suspension without moving deadlines (the incident leaves the loop, e.g. merged into another).</summary>
    private void EndSuspension(Incident i, string actor, DateTimeOffset now)
    {
        if (i.SuspendedAt is null)
        {
            return;
        }

        i.SuspendedAt = null;
        if (i.TimeRequests.FirstOrDefault(r => r.Active) is { } active)
        {
            active.ResumedAt = now;
            active.ResumedBy = actor;
        }
    }

    private void NoteProvisional(Incident i, bool provisional, DateTimeOffset now)
    {
        if (provisional)
        {
            loop.Note(i, "system", "calendar", "期限所在年份的节假日安排尚未发布，暂按周一至周五计算工作日", null, now);
        }
    }

    private string Local(DateTimeOffset? at) => at is { } v ? loop.Local(v) : "—";
}

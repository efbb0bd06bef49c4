using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Location;
using OneCity.CityOps.Responsibility;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;
using OneCity.Platform.PersonalData;

namespace OneCity.CityOps.Incidents;

internal sealed record CategoryRef(string Code, string NameZh, string? NameEn, string PathZh, string PathEn);

internal sealed record UnitRef(string Code, string NameZh, string NameEn);

internal sealed record LocationView(double? Longitude, double? Latitude, string? AreaCode, string? AreaNameZh, string? DistrictCode, string? SubdistrictCode, string? GridId, bool Needed, string? Source, string? Address);

internal sealed record WorkOrderView(long Id, UnitRef Unit, bool Lead, string Status, DateTimeOffset DispatchedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? HandledAt, DateTimeOffset DueAt, string? Feedback, string? BounceReason);

internal sealed record TimelineView(DateTimeOffset At, string Actor, string Action, string? Details, string? UnitCode);

internal sealed record ReportView(long Id, string Channel, string Text, DateTimeOffset ReceivedAt, string? ReporterName, string? ReporterPhone, bool Mine, double? MergeScore, string? Address);

internal sealed record MergeSuggestionView(string Number, double Score, double DistanceMetres, double HoursApart, double TextSimilarity);

internal sealed record PhotoView(long Id, string Kind, string Url, DateTimeOffset UploadedAt);

/// <summary>An extension (延期) or suspension (挂起) request and its decision; the deadlines before and after the change.</summary>
internal sealed record TimeRequestView(
    long Id, string Kind, string Status, bool Active, UnitRef Unit, int? WorkingHours, int? WorkingDays, string Reason, DateOnly? ExpectedResumeOn,
    string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? Comment, DateTimeOffset? ResumedAt, string? ResumedBy,
    DateTimeOffset? HandleDueBefore, DateTimeOffset? HandleDueAfter, DateTimeOffset? CloseDueBefore, DateTimeOffset? CloseDueAfter);

internal sealed record IncidentSummary(
    string Number, string Status, CategoryRef Category, string Priority, string Description, LocationView Location, string Channel, bool InspectorFound,
    double Confidence, UnitRef? Unit, int ReportCount, DateTimeOffset ReportedAt, DateTimeOffset DispatchDueAt, DateTimeOffset? HandleDueAt, DateTimeOffset CloseDueAt,
    int SlaStage, bool Overdue, DateTimeOffset? SuspendedAt, int? Satisfaction, int Version);

internal sealed record IncidentView(
    IncidentSummary Summary, CategoryRef? SuggestedCategory, long? RuleId, string? Routing, string? RefusalReason, string? RefusalText, string? MergedInto,
    int ReworkCount, int BounceCount, bool? DispatchOnTime, bool? HandleOnTime, bool? CloseOnTime, DateTimeOffset? ClosedAt, string? EvaluationComment,
    IReadOnlyList<WorkOrderView> WorkOrders, IReadOnlyList<ReportView> Reports, IReadOnlyList<TimelineView> Timeline, IReadOnlyList<PhotoView> Photos,
    IReadOnlyList<MergeSuggestionView> MergeSuggestions, IReadOnlyList<TimeRequestView> TimeRequests, IReadOnlyList<string> Actions, bool Dispatcher);

internal sealed record IncidentPage(int Total, IReadOnlyList<IncidentSummary> Items);

/// <summary>Reads incidents for pages and APIs, within the reader's jurisdiction, with personal data masked.</summary>
internal sealed class IncidentQueries(CityOpsDbContext db, CategoryTree categories, Router router, PersonalDataProtector protector, AuditLedger ledger, TimeProvider clock)
{
    public CategoryRef Category(string code)
    {
        var c = categories.Find(code);
        return new CategoryRef(code, c?.NameZh ?? code, c?.NameEn, categories.Path(code), categories.Path(code, false));
    }

    public UnitRef Unit(string code)
    {
        var n = router.UnitName(code);
        return new UnitRef(code, n.Zh, n.En);
    }

    public IncidentSummary Summary(Incident i)
    {
        var now = clock.GetUtcNow();
        var due = i.Status switch
        {
            IncidentStatus.Triage or IncidentStatus.Registered or IncidentStatus.Bounced or IncidentStatus.Disputed => i.DispatchDueAt,
            IncidentStatus.Dispatched or IncidentStatus.Handling => i.HandleDueAt ?? i.CloseDueAt,
            IncidentStatus.Handled or IncidentStatus.Verified => i.CloseDueAt,
            _ => (DateTimeOffset?)null,
        };
        return new IncidentSummary(i.Number, Status(i.Status), Category(i.CategoryCode), i.Priority.ToString().ToLowerInvariant(), i.Description,
            new LocationView(i.Longitude, i.Latitude, i.AreaCode, i.AreaCode is null ? null : OrganisationDirectory.Area(i.AreaCode).Zh, i.DistrictCode, i.SubdistrictCode, i.GridId, i.LocationNeeded, i.LocationSource, i.Address),
            i.FirstChannel.ToString().ToLowerInvariant(), i.InspectorFound, i.ClassificationConfidence, i.UnitCode is null ? null : Unit(i.UnitCode), i.ReportCount,
            i.ReportedAt, i.DispatchDueAt, i.HandleDueAt, i.CloseDueAt, i.SlaStage, due is { } d && (i.SuspendedAt ?? now) > d, i.SuspendedAt, i.Satisfaction, i.Version);
    }

    public static string Status(IncidentStatus s) => s switch
    {
        IncidentStatus.Triage => "triage",
        IncidentStatus.Registered => "registered",
        IncidentStatus.Dispatched => "dispatched",
        IncidentStatus.Handling => "handling",
        IncidentStatus.Handled => "handled",
        IncidentStatus.Verified => "verified",
        IncidentStatus.Closed => "closed",
        IncidentStatus.Refused => "refused",
        IncidentStatus.Merged => "merged",
        IncidentStatus.Bounced => "bounced",
        _ => "disputed",
    };

    public static IncidentStatus? ParseStatus(string s) => Enum.GetValues<IncidentStatus>().Cast<IncidentStatus?>().FirstOrDefault(x => Status(x!.Value) == s);

    /// <summary>The incidents a user may see, newest first, filtered.</summary>
    public async Task<IncidentPage> ListAsync(CurrentUser u, IncidentStatus? status, string? category, string? area, int skip, int take, CancellationToken ct)
    {
        var q = db.Set<Incident>().AsNoTracking();
        if (!(IncidentActions.DispatcherRoles.Any(u.IsInRole) || u.IsInRole(Roles.Auditor) || u.IsInRole(Roles.SystemAdministrator) || u.IsInRole(Roles.GridInspector)))
        {
            // Unit staff: the incidents their unit has work orders for.
            var dept = u.DepartmentCode ?? "-";
            q = q.Where(i => db.Set<WorkOrder>().Any(w => w.IncidentId == i.Id && w.UnitCode == dept && w.Status != WorkOrderStatus.Cancelled));
        }
        else if (u.JurisdictionCode != AreaCodes.City && !u.IsInRole(Roles.Auditor) && !u.IsInRole(Roles.SystemAdministrator))
        {
            var j = u.JurisdictionCode;
            q = q.Where(i => i.AreaCode != null && i.AreaCode.StartsWith(j));
        }

        if (status is { } s)
        {
            q = q.Where(i => i.Status == s);
        }

        if (category is not null)
        {
            q = q.Where(i => i.CategoryCode.StartsWith(category));
        }

        if (area is not null)
        {
            q = q.Where(i => i.AreaCode != null && i.AreaCode.StartsWith(area));
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(i => i.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new IncidentPage(total, rows.Select(Summary).ToList());
    }

    /// <summary>A citizen's own reports' incidents.</summary>
    public async Task<IReadOnlyList<IncidentSummary>> MineAsync(CurrentUser u, CancellationToken ct)
    {
        var ids = db.Set<Report>().Where(r => r.ReporterUserId == u.UserId).Select(r => r.IncidentId);
        var rows = await db.Set<Incident>().AsNoTracking().Where(i => ids.Contains(i.Id)).OrderByDescending(i => i.Id).Take(200).ToListAsync(ct);
        return rows.Select(Summary).ToList();
    }

    public async Task<IncidentView> DetailAsync(CurrentUser u, Incident i, bool isReporter, CancellationToken ct)
    {
        var reports = await db.Set<Report>().AsNoTracking().Where(r => r.IncidentId == i.Id).OrderBy(r => r.Id).ToListAsync(ct);
        var timeline = await db.Set<TimelineEntry>().AsNoTracking().Where(t => t.IncidentId == i.Id).OrderBy(t => t.Id).ToListAsync(ct);
        var photos = await db.Set<IncidentPhoto>().AsNoTracking().Where(p => p.IncidentId == i.Id || (p.ReportId != null && reports.Select(r => r.Id).Contains(p.ReportId.Value)))
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.Kind, p.UploadedAt }).ToListAsync(ct);
        var orders = i.WorkOrders.Count > 0 ? i.WorkOrders : await db.Set<WorkOrder>().AsNoTracking().Where(w => w.IncidentId == i.Id).ToListAsync(ct);
        var requests = i.TimeRequests.Count > 0 ? i.TimeRequests : await db.Set<TimeRequest>().AsNoTracking().Where(r => r.IncidentId == i.Id).ToListAsync(ct);
        var dispatcher = IncidentActions.IsDispatcherFor(u, i);
        var suggestions = dispatcher && Incident.IsOpen(i.Status)
            ? (await Duplicates.CandidatesAsync(db, i.CategoryCode, new Located(i.Longitude, i.Latitude, i.DistrictCode, i.SubdistrictCode, i.GridId, i.AreaCode, i.LocationSource ?? "needed"), i.Description, i.ReportedAt, i.Id, 5, ct))
                .Select(c => new MergeSuggestionView(c.Number, c.Score, c.DistanceMetres, c.HoursApart, c.TextSimilarity)).ToList()
            : [];

        // Staff see reporters masked; the unmasked value needs the reveal action (with a purpose, in the ledger).
        var reportViews = reports.Select(r => new ReportView(r.Id, r.Channel.ToString().ToLowerInvariant(), r.Text, r.ReceivedAt,
            r.ReporterNameCipher is null ? null : Masking.Name(protector.Unprotect(r.ReporterNameCipher)),
            r.ReporterPhoneCipher is null ? null : Masking.Mobile(protector.Unprotect(r.ReporterPhoneCipher)),
            r.ReporterUserId == u.UserId, r.MergeScore, r.Address)).ToList();
        if (isReporter && !dispatcher)
        {
            reportViews = reportViews.Where(r => r.Mine).ToList();
        }

        string? mergedInto = null;
        if (i.MergedIntoId is { } into)
        {
            mergedInto = await db.Set<Incident>().Where(x => x.Id == into).Select(x => x.Number).FirstOrDefaultAsync(ct);
        }

        return new IncidentView(Summary(i), i.SuggestedCategoryCode is null ? null : Category(i.SuggestedCategoryCode), i.RuleId, i.RoutingExplanation,
            i.RefusalReason?.ToString(), i.RefusalText, mergedInto, i.ReworkCount, i.BounceCount, i.DispatchOnTime, i.HandleOnTime, i.CloseOnTime, i.ClosedAt, i.EvaluationComment,
            orders.OrderBy(w => w.Id).Select(w => new WorkOrderView(w.Id, Unit(w.UnitCode), w.Lead, w.Status.ToString().ToLowerInvariant(), w.DispatchedAt, w.AcceptedAt, w.HandledAt, w.DueAt, w.Feedback, w.BounceReason)).ToList(),
            reportViews,
            timeline.Select(t => new TimelineView(t.At, t.Actor, t.Action, t.Details, t.UnitCode)).ToList(),
            photos.Select(p => new PhotoView(p.Id, p.Kind, $"/api/cityops/incidents/{i.Number}/photos/{p.Id}", p.UploadedAt)).ToList(),
            suggestions,
            requests.OrderBy(r => r.Id).Select(r => new TimeRequestView(r.Id, r.Kind.ToString().ToLowerInvariant(), r.Status.ToString().ToLowerInvariant(), r.Active, Unit(r.UnitCode),
                r.WorkingHours, r.WorkingDays, r.Reason, r.ExpectedResumeOn, r.RequestedBy, r.RequestedAt, r.DecidedBy, r.DecidedAt, r.DecisionComment, r.ResumedAt, r.ResumedBy,
                r.HandleDueBefore, r.HandleDueAfter, r.CloseDueBefore, r.CloseDueAfter)).ToList(),
            Actions(u, i, isReporter, requests), dispatcher);
    }

    /// <summary>What this user may do next with the incident (the page shows these buttons).</summary>
    public static IReadOnlyList<string> Actions(CurrentUser u, Incident i, bool isReporter, IReadOnlyCollection<TimeRequest> requests)
    {
        var actions = new List<string>();
        var dispatcher = IncidentActions.IsDispatcherFor(u, i);
        var order = i.WorkOrders.FirstOrDefault(w => w.UnitCode == u.DepartmentCode && w.Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted);
        switch (i.Status)
        {
            case IncidentStatus.Triage when dispatcher:
                actions.AddRange(["register", "refuse", "merge"]);
                break;
            case IncidentStatus.Registered when dispatcher:
                actions.AddRange(["dispatch", "refuse", "merge"]);
                break;
            case IncidentStatus.Bounced when dispatcher:
                actions.AddRange(["dispatch", "dispute"]);
                break;
            case IncidentStatus.Disputed when dispatcher:
                actions.Add("dispatch");
                break;
            case IncidentStatus.Handled when (u.IsInRole(Roles.GridInspector) && i.AreaCode is { } a && u.Covers(a)) || isReporter:
                actions.Add("verify");
                break;
            case IncidentStatus.Verified when dispatcher:
                actions.Add("close");
                break;
            case IncidentStatus.Closed when i.Satisfaction is null && (isReporter || dispatcher):
                actions.Add("evaluate");
                break;
        }

        if (order is { Status: WorkOrderStatus.Dispatched } && IncidentActions.UnitRoles.Any(u.IsInRole))
        {
            actions.Add("accept");
            if (order.Lead)
            {
                actions.Add("bounce");
            }
        }

        if (order is { Status: WorkOrderStatus.Accepted, Lead: true } && IncidentActions.UnitRoles.Any(u.IsInRole) && i.Status == IncidentStatus.Handling)
        {
            actions.Add("feedback");
        }

        // Extension and suspension (延期/挂起): the lead unit asks while handling, the area's dispatcher decides, either resumes.
        var lead = IncidentActions.LeadOrderOf(u, i);
        var waiting = requests.Any(r => r.Status == TimeRequestStatus.Pending);
        if (i.Status == IncidentStatus.Handling && lead is { Status: WorkOrderStatus.Accepted } && !waiting)
        {
            actions.AddRange(["request-extension", "request-suspension"]);
        }

        if (i.Status == IncidentStatus.Handling && waiting && dispatcher)
        {
            actions.AddRange(["approve-request", "reject-request"]);
        }

        if (i.Status == IncidentStatus.Handling && i.SuspendedAt is not null && (lead is not null || dispatcher))
        {
            actions.Add("resume");
        }

        return actions;
    }

    /// <summary>A reporter's name and phone unmasked, for a dispatcher's return call; the read goes to the ledger with its purpose.</summary>
    public async Task<(string? Name, string? Phone)?> RevealAsync(CurrentUser u, Incident i, long reportId, string purpose, CancellationToken ct)
    {
        var r = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == reportId && x.IncidentId == i.Id, ct);
        if (r is null)
        {
            return null;
        }

        await ledger.AppendAsync(u, new AuditRecord("cityops.reporter-revealed", "incident-report", r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Purpose: purpose, LegalBasis: "PIPL art. 13(1)(3): performing statutory duties (12345 hotline return call)", Details: $"incident {i.Number}"), ct);
        return (protector.UnprotectOrNull(r.ReporterNameCipher), protector.UnprotectOrNull(r.ReporterPhoneCipher));
    }
}

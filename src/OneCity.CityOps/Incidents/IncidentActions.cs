using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Location;
using OneCity.Platform.Audit;
using OneCity.Platform.Geography;
using OneCity.Platform.Hosting;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;

namespace OneCity.CityOps.Incidents;

/// <summary>Why an action was refused: 404 (not visible), 403, 409 (wrong state or a concurrent change) or 400 (field).</summary>
internal sealed record Refusal(int Status, string Detail)
{
    public FieldErrors? Errors { get; init; }

    public static Refusal? Invalid(string field, string rule)
    {
        var errors = new FieldErrors();
        errors.Add(field, rule);
        return new Refusal(400, rule) { Errors = errors };
    }
}

internal sealed record RegisterInput(string? CategoryCode, double? Longitude, double? Latitude, string? Crs, string? AreaCode, string? UnitCode, string? Reason);

internal sealed record DispatchInput(string? UnitCode, IReadOnlyList<string>? CoUnits, string? Reason);

internal sealed record ReasonInput(string? Reason);

internal sealed record RefuseInput(string? Reason, string? Text, string? DuplicateOf);

internal sealed record VerifyInput(bool? Passed, string? Comment);

internal sealed record EvaluateInput(int? Satisfaction, string? Comment);

internal sealed record MergeInput(string? Into);

/// <summary>
/// Every step of the loop after intake. Each action checks the actor's role and jurisdiction, the incident's state
/// and its version (a concurrent change answers 409), writes the timeline, and puts an entry in the audit ledger.
/// </summary>
internal sealed partial class IncidentActions(
    CityOpsDbContext db,
    CategoryTree categories,
    LoopEngine loop,
    IncidentLocator locator,
    Notifier notifier,
    PersonalDataProtector protector,
    AuditLedger ledger,
    Live.IncidentFeed feed,
    Classification.ClassifierRetraining retraining,
    TimeProvider clock)
{
    private readonly List<Notification> pending = [];

    /// <summary>The change being saved corrects the classifier (told to the background retraining once committed).</summary>
    private bool corrected;

    public static readonly string[] DispatcherRoles = [Roles.Dispatcher, Roles.Commander];
    public static readonly string[] UnitRoles = [Roles.DepartmentReviewer, Roles.DepartmentAdministrator, Roles.GridInspector];

    public static bool IsDispatcherFor(CurrentUser u, Incident i) =>
        DispatcherRoles.Any(u.IsInRole) && (u.JurisdictionCode == AreaCodes.City || (i.AreaCode ?? i.DistrictCode) is { } a && u.Covers(a));

    public static bool IsUnitOf(CurrentUser u, Incident i) =>
        UnitRoles.Any(u.IsInRole) && u.DepartmentCode is { } d && i.WorkOrders.Any(w => w.UnitCode == d && w.Status != WorkOrderStatus.Cancelled);

    /// <summary>Who may see an incident: its dispatchers, its units, grid inspectors of its area, auditors, and its reporters.</summary>
    public static bool CanSee(CurrentUser u, Incident i, bool isReporter) =>
        isReporter || u.IsInRole(Roles.Auditor) || u.IsInRole(Roles.SystemAdministrator) || IsDispatcherFor(u, i) || IsUnitOf(u, i)
        || (u.IsInRole(Roles.GridInspector) && i.AreaCode is { } a && u.Covers(a));

    public async Task<(Incident? Incident, bool IsReporter)> LoadAsync(CurrentUser u, string number, CancellationToken ct)
    {
        var incident = await db.Set<Incident>().Include(i => i.WorkOrders).FirstOrDefaultAsync(i => i.Number == number, ct);
        if (incident is null)
        {
            return (null, false);
        }

        var reporter = await db.Set<Report>().AnyAsync(r => r.IncidentId == incident.Id && r.ReporterUserId == u.UserId, ct);
        if (!CanSee(u, incident, reporter))
        {
            return (null, false);
        }

        await db.Set<TimeRequest>().Where(r => r.IncidentId == incident.Id).LoadAsync(ct);
        return (incident, reporter);
    }

    public async Task<(Incident? Incident, Refusal? Refusal)> RegisterAsync(CurrentUser u, string number, int? version, RegisterInput input, CancellationToken ct) =>
        await ActAsync(u, number, version, ct, async (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return new Refusal(403, "Only a dispatcher of the incident's area registers it.");
            }

            if (i.Status != IncidentStatus.Triage)
            {
                return new Refusal(409, $"Incident {i.Number} is {i.Status}; only incidents in triage are registered.");
            }

            var errors = new FieldErrors();
            var category = input.CategoryCode is null ? categories.Find(i.CategoryCode) : categories.Find(input.CategoryCode);
            if (!CategoryTree.IsAssignable(category))
            {
                errors.Add("categoryCode", "must be the code of a leaf category or a hotline topic");
            }

            Located? located = null;
            if (input.Longitude is not null || input.Latitude is not null)
            {
                if (input.Longitude is null || input.Latitude is null)
                {
                    errors.Add("longitude", "longitude and latitude come together");
                }
                else
                {
                    located = locator.Locate(input.Longitude, input.Latitude, Gcj02.Parse(input.Crs) ?? CoordinateSystem.Wgs84, null, null);
                    if (located.Needed)
                    {
                        errors.Add("longitude", "the point is outside the city");
                    }
                }
            }
            else if (input.AreaCode is { } area)
            {
                if (area.Length is not (6 or 9) || !area.StartsWith("31", StringComparison.Ordinal) || area == AreaCodes.City || !area.All(char.IsAsciiDigit))
                {
                    errors.Add("areaCode", "a district (6 digits) or subdistrict (9 digits) code of the city");
                }
                else
                {
                    located = new Located(null, null, area[..6], area.Length == 9 ? area : null, null, area, "dispatcher");
                }
            }

            if (located is null && i.LocationNeeded)
            {
                errors.Add("areaCode", "required: the incident has no location yet (give longitude/latitude or an area code)");
            }

            if (input.UnitCode is { } unit && !loop.Router.UnitExists(unit))
            {
                errors.Add("unitCode", "must be an existing department code");
            }

            if (input.UnitCode is not null && string.IsNullOrWhiteSpace(input.Reason))
            {
                errors.Add("reason", "required when choosing a unit other than the responsibility list's");
            }

            if (errors.Any)
            {
                return new Refusal(400, "invalid") { Errors = errors };
            }

            if (category!.Code != i.CategoryCode || (i.SuggestedCategoryCode is { } s && s != category.Code))
            {
                db.Add(new ClassificationCorrection
                {
                    IncidentId = i.Id, Text = i.Description, SuggestedCode = i.SuggestedCategoryCode ?? i.CategoryCode, CorrectedCode = category.Code, At = now, By = u.UserName,
                });
                corrected = true;
                loop.Note(i, u.UserName, "reclassified", $"类别改为 {categories.Path(category.Code)} ({category.Code})，原为 {categories.Path(i.CategoryCode)} ({i.CategoryCode})", null, now);
                i.CategoryCode = category.Code;
                i.Priority = category.Priority;
            }

            if (located is not null)
            {
                i.Longitude = located.Longitude ?? i.Longitude;
                i.Latitude = located.Latitude ?? i.Latitude;
                i.AreaCode = located.AreaCode;
                i.DistrictCode = located.DistrictCode;
                i.SubdistrictCode = located.SubdistrictCode;
                i.GridId = located.GridId;
                i.LocationNeeded = false;
                i.LocationSource = located.Source;
                loop.Note(i, u.UserName, "located", $"位置：{Platform.Organisation.Users.OrganisationDirectory.Area(located.AreaCode!).Zh}", null, now);
            }

            i.Status = IncidentStatus.Registered;
            i.RegisteredAt = now;
            loop.Note(i, u.UserName, "registered", "立案", null, now);
            if (input.UnitCode is { } chosen)
            {
                loop.Dispatch(i, chosen, [], null, $"值班员指定单位，理由：{input.Reason!.Trim()}", u.UserName, now);
            }
            else if (!loop.AutoDispatch(i, now))
            {
                i.Status = IncidentStatus.Registered;
            }

            return null;
        });

    public Task<(Incident? Incident, Refusal? Refusal)> RefuseAsync(CurrentUser u, string number, int? version, RefuseInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, async (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return new Refusal(403, "Only a dispatcher of the incident's area refuses it.");
            }

            if (i.Status is not (IncidentStatus.Triage or IncidentStatus.Registered))
            {
                return new Refusal(409, $"Incident {i.Number} is {i.Status}; only incidents not yet dispatched are refused.");
            }

            var reason = input.Reason switch
            {
                "invalid" => RefusalReason.Invalid,
                "duplicate" => RefusalReason.Duplicate,
                "not-government" => RefusalReason.NotGovernmentMatter,
                _ => (RefusalReason?)null,
            };
            if (reason is null)
            {
                return Refusal.Invalid("reason", "one of invalid, duplicate, not-government");
            }

            if (string.IsNullOrWhiteSpace(input.Text) || input.Text.Length > 1000)
            {
                return Refusal.Invalid("text", "required: the explanation the reporter will read (at most 1000 characters)");
            }

            if (reason == RefusalReason.Duplicate && (input.DuplicateOf is null || !await db.Set<Incident>().AnyAsync(x => x.Number == input.DuplicateOf && x.Id != i.Id, ct)))
            {
                return Refusal.Invalid("duplicateOf", "required for a duplicate: the number of the incident it repeats");
            }

            i.Status = IncidentStatus.Refused;
            i.RefusalReason = reason;
            i.RefusalText = input.Text.Trim();
            i.ClosedAt = now;
            i.SlaNextAt = null;
            loop.Note(i, u.UserName, "refused", $"不予立案（{input.Reason}）：{i.RefusalText}" + (input.DuplicateOf is null ? "" : $"；重复于 {input.DuplicateOf}"), null, now);
            await NotifyReportersAsync(i, $"您反映的问题 {i.Number} 不予立案", i.RefusalText, ct);
            return null;
        });

    public Task<(Incident? Incident, Refusal? Refusal)> DispatchAsync(CurrentUser u, string number, int? version, DispatchInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "Only a dispatcher of the incident's area dispatches it."));
            }

            if (i.Status == IncidentStatus.Disputed && !(u.IsInRole(Roles.Commander) || u.JurisdictionCode.Length < (i.DistrictCode ?? "").Length || u.JurisdictionCode == AreaCodes.City))
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "A disputed incident is decided by the level above (the city's operations centre or a commander)."));
            }

            if (i.Status is not (IncidentStatus.Registered or IncidentStatus.Bounced or IncidentStatus.Disputed))
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} is {i.Status}; it can be dispatched when registered, bounced or disputed."));
            }

            var co = (input.CoUnits ?? []).Distinct().ToList();
            if (input.UnitCode is { } unit)
            {
                if (!loop.Router.UnitExists(unit))
                {
                    return Task.FromResult(Refusal.Invalid("unitCode", "must be an existing department code"));
                }

                if (co.FirstOrDefault(c => !loop.Router.UnitExists(c) || c == unit) is { } bad)
                {
                    return Task.FromResult(Refusal.Invalid("coUnits", $"{bad}: co-units must be existing departments other than the lead unit"));
                }

                if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 500)
                {
                    return Task.FromResult(Refusal.Invalid("reason", "required: why this unit (at most 500 characters)"));
                }

                loop.Dispatch(i, unit, co, null, (i.Status == IncidentStatus.Disputed ? "争议裁定：" : "值班员改派：") + input.Reason.Trim(), u.UserName, now);
            }
            else
            {
                var route = loop.Router.Route(i.CategoryCode, i.DistrictCode, i.SubdistrictCode);
                if (route.Target is not { } target)
                {
                    return Task.FromResult(Refusal.Invalid("unitCode", $"required: {route.ProblemEn}"));
                }

                if (i.WorkOrders.Any(w => w.UnitCode == target.UnitCode && w.Status == WorkOrderStatus.Bounced))
                {
                    return Task.FromResult(Refusal.Invalid("unitCode", $"required: the responsibility list names {target.UnitCode}, which bounced this order; choose another unit or dispute it"));
                }

                loop.Dispatch(i, target.UnitCode, target.CoUnits, target.RuleId, target.ExplanationZh, u.UserName, now);
            }

            return Task.FromResult<Refusal?>(null);
        });

    public Task<(Incident? Incident, Refusal? Refusal)> AcceptAsync(CurrentUser u, string number, int? version, CancellationToken ct) =>
        UnitActAsync(u, number, version, ct, WorkOrderStatus.Dispatched, (i, w, now) =>
        {
            w.Status = WorkOrderStatus.Accepted;
            w.AcceptedAt = now;
            if (w.Lead)
            {
                i.Status = IncidentStatus.Handling;
            }

            loop.Note(i, u.UserName, "accepted", w.Lead ? "主办单位签收" : "协办单位签收", w.UnitCode, now);
            return null;
        });

    public Task<(Incident? Incident, Refusal? Refusal)> BounceAsync(CurrentUser u, string number, int? version, ReasonInput input, CancellationToken ct) =>
        UnitActAsync(u, number, version, ct, WorkOrderStatus.Dispatched, (i, w, now) =>
        {
            if (!w.Lead)
            {
                return new Refusal(409, "Only the lead unit bounces an order; a co-unit tells the lead unit.");
            }

            if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 1000)
            {
                return Refusal.Invalid("reason", "required: why this is not your unit's matter (at most 1000 characters)");
            }

            w.Status = WorkOrderStatus.Bounced;
            w.BounceReason = input.Reason.Trim();
            foreach (var co in i.WorkOrders.Where(x => !x.Lead && x.Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted))
            {
                co.Status = WorkOrderStatus.Cancelled;
            }

            i.Status = IncidentStatus.Bounced;
            i.BounceCount++;
            LoopEngine.CountUnit(i, w.UnitCode, new Performance.KpiDelta(Bounced: 1));
            loop.Note(i, u.UserName, "bounced", $"退单：{w.BounceReason}", w.UnitCode, now);
            loop.Arm(i, now);
            return null;
        });

    public Task<(Incident? Incident, Refusal? Refusal)> DisputeAsync(CurrentUser u, string number, int? version, ReasonInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "Only a dispatcher of the incident's area raises a dispute."));
            }

            if (i.Status != IncidentStatus.Bounced)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} is {i.Status}; only a bounced incident is disputed."));
            }

            if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 1000)
            {
                return Task.FromResult(Refusal.Invalid("reason", "required: what is disputed (at most 1000 characters)"));
            }

            i.Status = IncidentStatus.Disputed;
            loop.Note(i, u.UserName, "disputed", $"争议上报上级裁定：{input.Reason.Trim()}", null, now);
            return Task.FromResult<Refusal?>(null);
        });

    public Task<(Incident? Incident, Refusal? Refusal)> FeedbackAsync(CurrentUser u, string number, int? version, string? text, IReadOnlyList<PhotoUpload> photos, CancellationToken ct) =>
        UnitActAsync(u, number, version, ct, WorkOrderStatus.Accepted, (i, w, now) =>
        {
            if (!w.Lead)
            {
                return new Refusal(409, "The lead unit gives the feedback; co-units report to it.");
            }

            if (string.IsNullOrWhiteSpace(text) || text.Length > 2000)
            {
                return Refusal.Invalid("text", "required: what was done (at most 2000 characters)");
            }

            if (photos.Count == 0)
            {
                return Refusal.Invalid("photos", "required: at least one photo of the result");
            }

            if (photos.Count > IntakeService.MaxPhotos || photos.Any(p => p.Content.Length is 0 or > IntakeService.MaxPhotoBytes || !Photos.IsImage(p.Content)))
            {
                return Refusal.Invalid("photos", $"at most {IntakeService.MaxPhotos} JPEG, PNG or WebP images of at most 5 MB");
            }

            w.Status = WorkOrderStatus.Handled;
            w.HandledAt = now;
            w.Feedback = text.Trim();
            foreach (var p in photos)
            {
                db.Add(new IncidentPhoto { IncidentId = i.Id, WorkOrderId = w.Id, Kind = "result", ContentType = Photos.ContentType(p.Content)!, Content = p.Content, UploadedAt = now, UploadedBy = u.UserName });
            }

            i.Status = IncidentStatus.Handled;
            i.HandledAt = now;
            WithdrawPending(i, u.UserName, "处置已反馈", now);
            if (i.HandleOnTime is null)
            {
                i.HandleOnTime = now <= (i.HandleDueAt ?? now);
                var onTime = new Performance.KpiDelta(Handled: 1, HandleOnTime: i.HandleOnTime.Value ? 1 : 0);
                LoopEngine.CountArea(i, onTime);
                LoopEngine.CountUnit(i, w.UnitCode, onTime);
            }
            loop.Note(i, u.UserName, "handled", $"处置反馈（{photos.Count} 张照片）：{w.Feedback}", w.UnitCode, now);
            loop.Arm(i, now);
            return null;
        });

    public Task<(Incident? Incident, Refusal? Refusal)> VerifyAsync(CurrentUser u, string number, int? version, VerifyInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, (i, isReporter, now) =>
        {
            var inspector = u.IsInRole(Roles.GridInspector) && i.AreaCode is { } a && u.Covers(a);
            if (!inspector && !isReporter)
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "The grid inspector of the area or the reporter verifies the result."));
            }

            if (i.Status != IncidentStatus.Handled)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} is {i.Status}; only a handled incident is verified."));
            }

            if (input.Passed is not { } passed)
            {
                return Task.FromResult(Refusal.Invalid("passed", "required: true or false"));
            }

            if (!passed && (string.IsNullOrWhiteSpace(input.Comment) || input.Comment.Length > 1000))
            {
                return Task.FromResult(Refusal.Invalid("comment", "required when verification fails: what is still wrong (at most 1000 characters)"));
            }

            var who = inspector ? "网格员核查" : "报告人核查";
            if (passed)
            {
                i.Status = IncidentStatus.Verified;
                loop.Note(i, u.UserName, "verified", $"{who}通过" + (string.IsNullOrWhiteSpace(input.Comment) ? "" : $"：{input.Comment.Trim()}"), null, now);
            }
            else
            {
                var lead = i.WorkOrders.First(w => w.Lead && w.Status == WorkOrderStatus.Handled);
                lead.Status = WorkOrderStatus.Accepted;
                lead.HandledAt = null;
                i.Status = IncidentStatus.Handling;
                i.ReworkCount++;
                LoopEngine.CountArea(i, new Performance.KpiDelta(Reworked: 1));
                LoopEngine.CountUnit(i, lead.UnitCode, new Performance.KpiDelta(Reworked: 1));
                loop.Note(i, u.UserName, "rework", $"{who}未通过，返工：{input.Comment!.Trim()}", lead.UnitCode, now);
            }

            loop.Arm(i, now);
            return Task.FromResult<Refusal?>(null);
        });

    public Task<(Incident? Incident, Refusal? Refusal)> CloseAsync(CurrentUser u, string number, int? version, CancellationToken ct) =>
        ActAsync(u, number, version, ct, async (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return new Refusal(403, "Only a dispatcher of the incident's area closes it.");
            }

            if (i.Status != IncidentStatus.Verified)
            {
                return new Refusal(409, $"Incident {i.Number} is {i.Status}; only a verified incident is closed.");
            }

            i.Status = IncidentStatus.Closed;
            i.ClosedAt = now;
            i.CloseOnTime = now <= i.CloseDueAt;
            var closed = new Performance.KpiDelta(Closed: 1, CloseOnTime: i.CloseOnTime.Value ? 1 : 0);
            LoopEngine.CountArea(i, closed);
            LoopEngine.CountUnit(i, i.UnitCode, closed);
            i.SlaNextAt = null;
            loop.Note(i, u.UserName, "closed", "结案", null, now);
            await NotifyReportersAsync(i, $"您反映的问题 {i.Number} 已办结", "处置结果已核查。欢迎对办理情况进行评价。", ct);
            return null;
        });

    public Task<(Incident? Incident, Refusal? Refusal)> EvaluateAsync(CurrentUser u, string number, int? version, EvaluateInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, (i, isReporter, now) =>
        {
            if (!isReporter && !IsDispatcherFor(u, i))
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "The reporter evaluates (or a dispatcher records a caller's evaluation from the return call)."));
            }

            if (i.Status != IncidentStatus.Closed)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} is {i.Status}; it is evaluated after closure."));
            }

            if (i.Satisfaction is not null)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, $"Incident {i.Number} has been evaluated."));
            }

            if (input.Satisfaction is not (>= 1 and <= 5))
            {
                return Task.FromResult(Refusal.Invalid("satisfaction", "required: 1 (very unsatisfied) to 5 (very satisfied)"));
            }

            if (input.Comment is { Length: > 1000 })
            {
                return Task.FromResult(Refusal.Invalid("comment", "at most 1000 characters"));
            }

            i.Satisfaction = input.Satisfaction;
            var evaluated = new Performance.KpiDelta(Evaluated: 1, SatisfactionSum: input.Satisfaction.Value);
            LoopEngine.CountArea(i, evaluated);
            LoopEngine.CountUnit(i, i.UnitCode, evaluated);
            i.EvaluationComment = input.Comment?.Trim();
            loop.Note(i, u.UserName, "evaluated", $"评价：{input.Satisfaction} 星" + (string.IsNullOrWhiteSpace(i.EvaluationComment) ? "" : $"，{i.EvaluationComment}"), null, now);
            return Task.FromResult<Refusal?>(null);
        });

    /// <summary>The dispatcher merges this incident into another one (a suggestion they accepted).</summary>
    public Task<(Incident? Incident, Refusal? Refusal)> MergeAsync(CurrentUser u, string number, int? version, MergeInput input, CancellationToken ct) =>
        ActAsync(u, number, version, ct, async (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return new Refusal(403, "Only a dispatcher of the incident's area merges it.");
            }

            if (!Incident.IsOpen(i.Status) || i.Status is IncidentStatus.Handled)
            {
                return new Refusal(409, $"Incident {i.Number} is {i.Status}; only open, unhandled incidents are merged.");
            }

            var target = input.Into is null ? null : await db.Set<Incident>().FirstOrDefaultAsync(x => x.Number == input.Into && x.Id != i.Id, ct);
            if (target is null || !Incident.IsOpen(target.Status))
            {
                return Refusal.Invalid("into", "required: the number of another open incident");
            }

            var reports = await db.Set<Report>().Where(r => r.IncidentId == i.Id).ToListAsync(ct);
            foreach (var r in reports)
            {
                r.OriginalIncidentId ??= i.Id;
                r.IncidentId = target.Id;
                r.MergeScore ??= 1.0;
            }

            foreach (var w in i.WorkOrders.Where(w => w.Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.Suspended))
            {
                w.Status = WorkOrderStatus.Cancelled;
            }

            WithdrawPending(i, u.UserName, "事件已合并", now);
            EndSuspension(i, u.UserName, now);
            target.ReportCount += reports.Count;
            target.Version++;
            target.UpdatedAt = now;
            loop.Note(target, u.UserName, "merged", $"值班员将 {i.Number} 的 {reports.Count} 份报告并入本案", null, now);
            i.Status = IncidentStatus.Merged;
            i.MergedIntoId = target.Id;
            i.ReportCount = 0;
            i.SlaNextAt = null;
            loop.Note(i, u.UserName, "merged", $"并入 {target.Number}", null, now);
            return null;
        });

    /// <summary>Undoes a merge: the report leaves the incident and becomes (again) an incident of its own.</summary>
    public Task<(Incident? Incident, Refusal? Refusal)> UnmergeAsync(CurrentUser u, string number, long reportId, int? version, CancellationToken ct) =>
        ActAsync(u, number, version, ct, async (i, _, now) =>
        {
            if (!IsDispatcherFor(u, i))
            {
                return new Refusal(403, "Only a dispatcher of the incident's area undoes a merge.");
            }

            var report = await db.Set<Report>().FirstOrDefaultAsync(r => r.Id == reportId && r.IncidentId == i.Id, ct);
            if (report is null || report.MergeScore is null)
            {
                return Refusal.Invalid("reportId", "must be a report merged into this incident");
            }

            Incident own;
            if (report.OriginalIncidentId is { } originalId && await db.Set<Incident>().Include(x => x.WorkOrders).FirstOrDefaultAsync(x => x.Id == originalId, ct) is { } original)
            {
                own = original;
                own.Status = IncidentStatus.Registered;
                own.MergedIntoId = null;
                own.ReportCount = 1;
                own.Version++;
            }
            else
            {
                var category = categories.Find(i.CategoryCode)!;
                var located = locator.Locate(report.Longitude, report.Latitude, CoordinateSystem.Wgs84, report.Address, report.Text);
                own = loop.NewIncident(category, 1.0, null, located, report, report.Channel, now);
                db.Add(own);
            }

            report.MergeScore = null;
            report.OriginalIncidentId = null;
            own.Reports.Add(report);
            i.ReportCount = Math.Max(1, i.ReportCount - 1);
            loop.Note(i, u.UserName, "unmerged", $"撤销合并：报告 #{report.Id} 移出", null, now);
            loop.Note(own, u.UserName, "unmerged", $"撤销合并：自 {i.Number} 移出，独立成案", null, now);
            if (own.Status == IncidentStatus.Registered)
            {
                loop.AutoDispatch(own, now);
            }

            return null;
        });

    private Task<(Incident? Incident, Refusal? Refusal)> UnitActAsync(CurrentUser u, string number, int? version, CancellationToken ct, WorkOrderStatus from,
        Func<Incident, WorkOrder, DateTimeOffset, Refusal?> act) =>
        ActAsync(u, number, version, ct, (i, _, now) =>
        {
            var w = i.WorkOrders.FirstOrDefault(x => x.UnitCode == u.DepartmentCode
                && x.Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.Handled or WorkOrderStatus.Suspended);
            if (w is null || !UnitRoles.Any(u.IsInRole))
            {
                return Task.FromResult<Refusal?>(new Refusal(403, "Only staff of a unit with an open work order on this incident act on it."));
            }

            if (w.Status != from)
            {
                return Task.FromResult<Refusal?>(new Refusal(409, w.Status == WorkOrderStatus.Suspended
                    ? "Your work order is suspended (挂起); resume it first."
                    : $"Your work order is {w.Status}; this action needs it {from}."));
            }

            return Task.FromResult(act(i, w, now));
        });

    private async Task<(Incident? Incident, Refusal? Refusal)> ActAsync(CurrentUser u, string number, int? version, CancellationToken ct, Func<Incident, bool, DateTimeOffset, Task<Refusal?>> act)
    {
        var (incident, isReporter) = await LoadAsync(u, number, ct);
        if (incident is null)
        {
            return (null, new Refusal(404, $"No incident {number} visible to you."));
        }

        if (version is { } v && v != incident.Version)
        {
            return (null, new Refusal(409, $"Incident {number} changed since you loaded it (version {incident.Version}, you had {v}); reload and try again."));
        }

        var now = clock.GetUtcNow();
        var before = incident.Status;
        var refusal = await act(incident, isReporter, now);
        if (refusal is not null)
        {
            pending.Clear();
            corrected = false;
            db.ChangeTracker.Clear();
            return (null, refusal);
        }

        incident.Version++;
        incident.UpdatedAt = now;
        try
        {
            await Performance.KpiWriter.SaveAsync(db, loop.Day(now), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            corrected = false;
            db.ChangeTracker.Clear();
            return (null, new Refusal(409, $"Incident {number} was changed by someone else at the same time; reload and try again."));
        }

        if (corrected)
        {
            corrected = false;
            retraining.Corrected();
        }

        feed.Publish(incident, categories.Find(incident.CategoryCode)?.NameZh ?? incident.CategoryCode);
        if (pending.Count > 0)
        {
            await notifier.EnqueueAsync(pending, ct);
            pending.Clear();
        }

        var last = incident.Timeline.LastOrDefault();
        await ledger.AppendAsync(u, new AuditRecord($"cityops.{last?.Action ?? "changed"}", "incident", incident.Number, Purpose: "city-operations",
            Details: $"{before} → {incident.Status}" + (incident.UnitCode is null ? "" : $"; unit {incident.UnitCode}")), ct);
        return (incident, null);
    }

    /// <summary>Tells every reporter of the incident (in-app for accounts, SMS for callers who left a phone number).</summary>
    private async Task NotifyReportersAsync(Incident i, string subject, string body, CancellationToken ct)
    {
        var reporters = await db.Set<Report>().AsNoTracking().Where(r => r.IncidentId == i.Id)
            .Select(r => new { r.ReporterUserId, r.ReporterPhoneCipher }).ToListAsync(ct);
        var messages = new List<Notification>();
        foreach (var userId in reporters.Where(r => r.ReporterUserId is not null).Select(r => r.ReporterUserId!).Distinct())
        {
            messages.Add(new Notification(Channel.InApp, subject, body, RecipientUserId: userId, Link: $"/portal/reports/{i.Number}", DeduplicationKey: $"{i.Number}:{subject}:{userId}"));
        }

        foreach (var phone in reporters.Where(r => r.ReporterUserId is null && r.ReporterPhoneCipher is not null).Select(r => protector.Unprotect(r.ReporterPhoneCipher!)).Distinct())
        {
            messages.Add(new Notification(Channel.Sms, subject, body, Address: phone, DeduplicationKey: $"{i.Number}:{subject}:{protector.BlindIndex(phone)}"));
        }

        pending.AddRange(messages);
    }
}

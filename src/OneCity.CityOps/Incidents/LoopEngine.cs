using System.Globalization;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Location;
using OneCity.CityOps.Responsibility;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Incidents;

/// <summary>Unique incident numbers: <c>SJ</c> + Shanghai date + a sequence that continues from the database.</summary>
internal sealed class IncidentNumbers
{
    private long next = -1;

    public void Seed(long maxId) => Interlocked.CompareExchange(ref next, maxId, -1);

    public string Next(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"SJ{day:yyyyMMdd}{Interlocked.Increment(ref next) % 1_000_000:000000}");
}

/// <summary>
/// The loop's rules that need no database: how a new incident starts, how it is dispatched, and the SLA clock of each
/// phase (dispatch, handling, closure) with its 80 % warning and its supervision ladder.
/// </summary>
internal sealed class LoopEngine(CategoryTree categories, Router router, Deadlines.Deadlines deadlines, WorkingCalendar calendar, IncidentNumbers numbers)
{
    public Router Router => router;

    public Incident NewIncident(Category category, double confidence, string? suggested, Located located, Report first, ReportChannel channel, DateTimeOffset now)
    {
        var (dispatchDue, provisional) = deadlines.Due(now, category.Dispatch);
        var incident = new Incident
        {
            Number = numbers.Next(calendar.LocalDate(now)),
            CategoryCode = category.Code,
            Priority = category.Priority,
            Description = first.Text,
            Longitude = located.Longitude,
            Latitude = located.Latitude,
            Address = first.Address,
            AreaCode = located.AreaCode,
            DistrictCode = located.DistrictCode,
            SubdistrictCode = located.SubdistrictCode,
            GridId = located.GridId,
            LocationNeeded = located.Needed,
            LocationSource = located.Source,
            FirstChannel = channel,
            InspectorFound = channel == ReportChannel.Inspector,
            ClassificationConfidence = Math.Round(confidence, 4),
            SuggestedCategoryCode = suggested,
            ReportedAt = now,
            DispatchDueAt = dispatchDue,
            CloseDueAt = deadlines.Due(now, category.Close).Due,
            UpdatedAt = now,
        };
        Note(incident, "system", "reported", $"{Channels.Zh(channel)}：{Shorten(first.Text)}", null, now);
        Note(incident, "system", "classified", suggested is null
            ? $"类别由报告方给出：{categories.Path(category.Code)} ({category.Code})"
            : string.Create(CultureInfo.InvariantCulture, $"自动分类：{categories.Path(category.Code)} ({category.Code})，置信度 {confidence:0.00}"), null, now);
        Note(incident, "system", "located", located.Needed ? "未能定位：需要补充位置" : $"定位（{(located.Source == "coordinates" ? "坐标" : "地名匹配")}）：{Platform.Organisation.Users.OrganisationDirectory.Area(located.AreaCode!).Zh}"
            + (located.GridId is null ? "" : $"，网格 {located.GridId}"), null, now);
        if (provisional)
        {
            Note(incident, "system", "calendar", "期限所在年份的节假日安排尚未发布，暂按周一至周五计算工作日", null, now);
        }

        var triage = Classification.ReportClassifier.TriageThreshold > confidence ? "分类置信度低" : located.Needed ? "需要定位" : null;
        if (triage is not null)
        {
            incident.Status = IncidentStatus.Triage;
            Note(incident, "system", "triage", $"进入人工分拣：{triage}", null, now);
        }
        else
        {
            incident.Status = IncidentStatus.Registered;
            incident.RegisteredAt = now;
            Note(incident, "system", "registered", "自动立案", null, now);
        }

        CountArea(incident, new Performance.KpiDelta(Reported: 1, InspectorFound: incident.InspectorFound ? 1 : 0));
        Arm(incident, now);
        return incident;
    }

    public static void CountArea(Incident i, Performance.KpiDelta delta) => i.PendingKpi.Add(("a", "", delta));

    public static void CountUnit(Incident i, string? unit, Performance.KpiDelta delta)
    {
        if (unit is not null)
        {
            i.PendingKpi.Add(("u", unit, delta));
        }
    }

    /// <summary>Routes by the responsibility list and dispatches; when no rule applies the incident goes to triage with the reason.</summary>
    public bool AutoDispatch(Incident incident, DateTimeOffset now)
    {
        var route = router.Route(incident.CategoryCode, incident.DistrictCode, incident.SubdistrictCode);
        if (route.Target is not { } target)
        {
            incident.Status = IncidentStatus.Triage;
            Note(incident, "system", "triage", $"进入人工分拣：{route.ProblemZh}", null, now);
            return false;
        }

        Dispatch(incident, target.UnitCode, target.CoUnits, target.RuleId, target.ExplanationZh, "system", now);
        return true;
    }

    /// <summary>Sends work orders to the lead unit and co-units and starts the handling clock.</summary>
    public void Dispatch(Incident incident, string unit, IReadOnlyList<string> coUnits, long? ruleId, string explanation, string actor, DateTimeOffset now)
    {
        var category = categories.Find(incident.CategoryCode)!;
        foreach (var open in incident.WorkOrders.Where(w => w.Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted))
        {
            open.Status = WorkOrderStatus.Cancelled;
        }

        var (handleDue, _) = deadlines.Due(now, category.Handle);
        incident.UnitCode = unit;
        incident.RuleId = ruleId;
        incident.RoutingExplanation = explanation.Length > 1000 ? explanation[..1000] : explanation;
        incident.Status = IncidentStatus.Dispatched;
        incident.RegisteredAt ??= now;
        var onTime = now <= incident.DispatchDueAt ? 1 : 0;
        if (incident.DispatchedAt is null)
        {
            incident.DispatchedAt = now;
            incident.DispatchOnTime = onTime == 1;
            CountArea(incident, new Performance.KpiDelta(Dispatched: 1, DispatchOnTime: onTime));
        }

        CountUnit(incident, unit, new Performance.KpiDelta(Dispatched: 1, DispatchOnTime: onTime));

        incident.HandleDueAt = handleDue;
        incident.UpdatedAt = now;
        foreach (var (code, lead) in coUnits.Select(c => (c, false)).Prepend((unit, true)))
        {
            incident.WorkOrders.Add(new WorkOrder
            {
                UnitCode = code, Lead = lead, Status = WorkOrderStatus.Dispatched, DispatchedAt = now, DueAt = handleDue, DispatchedBy = actor,
            });
        }

        Note(incident, actor, "dispatched", $"派遣至 {router.UnitName(unit).Zh}" + (coUnits.Count > 0 ? "，协办：" + string.Join("、", coUnits.Select(c => router.UnitName(c).Zh)) : "")
            + $"；处置期限 {Local(handleDue)}。{explanation}", unit, now);
        Arm(incident, now);
    }

    /// <summary>
    /// An approved extension (延期): the handling deadline (with the lead order's) and the closure deadline move by the
    /// same extra working time, so the time left for verification and closure after handling is kept.
    /// </summary>
    public bool Extend(Incident i, TimeLimit extra)
    {
        var provisional = false;
        if (i.HandleDueAt is { } handle)
        {
            (i.HandleDueAt, var p) = deadlines.Extend(handle, extra);
            provisional |= p;
        }

        (i.CloseDueAt, var pc) = deadlines.Extend(i.CloseDueAt, extra);
        MoveOpenOrders(i);
        return provisional || pc;
    }

    /// <summary>
    /// Resuming after a suspension (挂起): each deadline moves by the time the clock was paused, counted the way its phase
    /// counts time (natural hours, or office time on working days).
    /// </summary>
    public bool Resume(Incident i, DateTimeOffset pausedFrom, DateTimeOffset pausedTo)
    {
        var c = categories.Find(i.CategoryCode)!;
        var provisional = false;
        if (i.HandleDueAt is { } handle)
        {
            (i.HandleDueAt, var p) = deadlines.Shift(handle, c.Handle.Unit, pausedFrom, pausedTo);
            provisional |= p;
        }

        (i.CloseDueAt, var pc) = deadlines.Shift(i.CloseDueAt, c.Close.Unit, pausedFrom, pausedTo);
        MoveOpenOrders(i);
        return provisional || pc;
    }

    private static void MoveOpenOrders(Incident i)
    {
        foreach (var w in i.WorkOrders.Where(w => w.Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.Suspended))
        {
            w.DueAt = i.HandleDueAt ?? w.DueAt;
        }
    }

    public void Note(Incident incident, string actor, string action, string? details, string? unit, DateTimeOffset at) =>
        incident.Timeline.Add(new TimelineEntry { Actor = actor, Action = action, Details = details is { Length: > 2000 } ? details[..2000] : details, UnitCode = unit, At = at });

    /// <summary>Which clock runs in the incident's current phase: its start, due instant and limit.</summary>
    public (DateTimeOffset Start, DateTimeOffset Due, TimeLimit Limit, string Phase)? Clock(Incident i)
    {
        var c = categories.Find(i.CategoryCode)!;
        return i.Status switch
        {
            IncidentStatus.Triage or IncidentStatus.Registered or IncidentStatus.Bounced or IncidentStatus.Disputed => (i.ReportedAt, i.DispatchDueAt, c.Dispatch, "dispatch"),
            IncidentStatus.Dispatched or IncidentStatus.Handling when i.SuspendedAt is null => (i.DispatchedAt ?? i.ReportedAt, i.HandleDueAt ?? i.CloseDueAt, c.Handle, "handle"),
            IncidentStatus.Handled or IncidentStatus.Verified => (i.ReportedAt, i.CloseDueAt, c.Close, "close"),
            _ => null,
        };
    }

    /// <summary>Starts (or restarts) the SLA schedule of the current phase: the next step is the 80 % warning.</summary>
    public void Arm(Incident i, DateTimeOffset now)
    {
        i.SlaStage = 0;
        i.SlaNextAt = null;
        if (Clock(i) is { } clock)
        {
            i.SlaNextAt = deadlines.Share(clock.Start, clock.Due, clock.Limit, Deadlines.Deadlines.WarningShare);
            if (i.SlaNextAt < now)
            {
                i.SlaNextAt = now;
            }
        }
    }

    /// <summary>
    /// The supervision ladder (督办) above the responsible unit: subdistrict → district → city. A subdistrict office's
    /// overdue order is supervised first by its subdistrict, then by the district's operations centre, then by the city's;
    /// a district bureau's starts at the district; a city department's at the city.
    /// </summary>
    public IReadOnlyList<(int Stage, string Supervisor, AreaLevel Level)> Ladder(Incident i)
    {
        var unitLevel = i.UnitCode is null ? AreaLevel.District
            : i.UnitCode.StartsWith("SH-", StringComparison.Ordinal) ? AreaLevel.City
            : i.UnitCode.Length > 10 && i.UnitCode[9] == '-' ? AreaLevel.Subdistrict
            : AreaLevel.District;
        var ladder = new List<(int, string, AreaLevel)>();
        if (unitLevel == AreaLevel.Subdistrict && i.SubdistrictCode is { } sub)
        {
            ladder.Add((2, $"{sub}-{DepartmentLines.SubdistrictOffice}", AreaLevel.Subdistrict));
        }

        if (unitLevel != AreaLevel.City && i.DistrictCode is { } district)
        {
            ladder.Add((ladder.Count + 2, $"{district}-CY", AreaLevel.District));
        }

        ladder.Add((ladder.Count + 2, "SH-CY", AreaLevel.City));
        return ladder;
    }

    /// <summary>The Shanghai date of an instant.</summary>
    public DateOnly Date(DateTimeOffset at) => calendar.LocalDate(at);

    /// <summary>The Shanghai date of an instant as yyyymmdd (the KPI cells' day).</summary>
    public int Day(DateTimeOffset at)
    {
        var d = calendar.LocalDate(at);
        return (d.Year * 10000) + (d.Month * 100) + d.Day;
    }

    public string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, calendar.Options.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

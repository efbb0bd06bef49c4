using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.CityOps.Categories;

namespace OneCity.CityOps.Incidents;

/// <summary>Where an incident is in the loop 信息采集 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价.</summary>
internal enum IncidentStatus
{
    /// <summary>Collected, waiting for a dispatcher: low classification confidence, location needed or no responsible unit (待分拣).</summary>
    Triage = 1,

    /// <summary>Registered (立案) but not dispatched yet.</summary>
    Registered = 2,

    /// <summary>Work orders sent to the units (派遣), not yet accepted by the lead unit.</summary>
    Dispatched = 3,

    /// <summary>The lead unit accepted and is handling it (处置).</summary>
    Handling = 4,

    /// <summary>The lead unit gave feedback (反馈), waiting for verification (核查).</summary>
    Handled = 5,

    /// <summary>Verification passed, waiting to be closed.</summary>
    Verified = 6,

    /// <summary>Closed (结案); the reporters are told.</summary>
    Closed = 7,

    /// <summary>Not registered: invalid, duplicate or not a government matter (不予立案).</summary>
    Refused = 8,

    /// <summary>Merged into another incident as one more report of the same problem.</summary>
    Merged = 9,

    /// <summary>The lead unit bounced the order (退单); waiting for the dispatcher to re-route.</summary>
    Bounced = 10,

    /// <summary>Routing disputed; waiting for the level above to decide.</summary>
    Disputed = 11,
}

internal enum ReportChannel
{
    Hotline = 1,
    Open311 = 2,
    App = 3,
    Inspector = 4,
    Sensor = 5,
    Camera = 6,
    Import = 7,
}

internal enum RefusalReason
{
    Invalid = 1,
    Duplicate = 2,
    NotGovernmentMatter = 3,
}

internal enum WorkOrderStatus
{
    Dispatched = 1,
    Accepted = 2,
    Handled = 3,
    Bounced = 4,
    Cancelled = 5,
    Suspended = 6,
}

/// <summary>One problem in the city, however many people reported it through however many channels.</summary>
internal sealed class Incident
{
    public long Id { get; set; }

    /// <summary>The number shown to everyone, e.g. <c>SJ20261128000042</c>.</summary>
    public required string Number { get; set; }

    public required string CategoryCode { get; set; }

    public Priority Priority { get; set; }

    public IncidentStatus Status { get; set; }

    /// <summary>The first report's text (reporters' personal data never goes here).</summary>
    public required string Description { get; set; }

    public double? Longitude { get; set; }

    public double? Latitude { get; set; }

    public string? Address { get; set; }

    /// <summary>The most precise area known: grid id, neighbourhood, subdistrict or district code; null when location is needed.</summary>
    public string? AreaCode { get; set; }

    public string? DistrictCode { get; set; }

    public string? SubdistrictCode { get; set; }

    public string? GridId { get; set; }

    public bool LocationNeeded { get; set; }

    /// <summary>How the location was found: coordinates, gazetteer match or a dispatcher.</summary>
    public string? LocationSource { get; set; }

    public ReportChannel FirstChannel { get; set; }

    /// <summary>Found by a grid inspector on patrol (主动发现) rather than reported by a citizen.</summary>
    public bool InspectorFound { get; set; }

    public double ClassificationConfidence { get; set; }

    /// <summary>Set when a dispatcher chose the category, replacing the classifier's suggestion.</summary>
    public string? SuggestedCategoryCode { get; set; }

    /// <summary>The lead unit (department code) and the rule that chose it.</summary>
    public string? UnitCode { get; set; }

    public long? RuleId { get; set; }

    public string? RoutingExplanation { get; set; }

    public int ReportCount { get; set; } = 1;

    public long? MergedIntoId { get; set; }

    public RefusalReason? RefusalReason { get; set; }

    public string? RefusalText { get; set; }

    public DateTimeOffset ReportedAt { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public DateTimeOffset? HandledAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset DispatchDueAt { get; set; }

    public DateTimeOffset? HandleDueAt { get; set; }

    public DateTimeOffset CloseDueAt { get; set; }

    /// <summary>Dispatched on time (null until dispatched).</summary>
    public bool? DispatchOnTime { get; set; }

    public bool? HandleOnTime { get; set; }

    public bool? CloseOnTime { get; set; }

    public int ReworkCount { get; set; }

    public int BounceCount { get; set; }

    /// <summary>0 none; 1 the warning at 80 % of the time was given; then supervision levels (督办) 2 = subdistrict, 3 = district, 4 = city.</summary>
    public int SlaStage { get; set; }

    /// <summary>When the next SLA step (warning or escalation) falls due; null when nothing is running.</summary>
    public DateTimeOffset? SlaNextAt { get; set; }

    /// <summary>Set while an approved suspension (挂起) pauses the SLA clock; resuming moves the deadlines by the paused time.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }

    /// <summary>Reporter's satisfaction 1–5 (评价); null until evaluated.</summary>
    public int? Satisfaction { get; set; }

    public string? EvaluationComment { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: every change increments it.</summary>
    public int Version { get; set; }

    /// <summary>KPI increments of the change being saved (kind a = the incident's area, u = a unit); not stored.</summary>
    public List<(string Kind, string Code, Performance.KpiDelta Delta)> PendingKpi { get; } = [];

    public List<Report> Reports { get; } = [];

    public List<WorkOrder> WorkOrders { get; } = [];

    public List<TimelineEntry> Timeline { get; } = [];

    /// <summary>Extension and suspension requests (延期/挂起), loaded with the incident for the loop's actions.</summary>
    public List<TimeRequest> TimeRequests { get; } = [];

    public static bool IsOpen(IncidentStatus s) => s is not (IncidentStatus.Closed or IncidentStatus.Refused or IncidentStatus.Merged);
}

/// <summary>One report of a problem from one channel; several reports can belong to one incident.</summary>
internal sealed class Report
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public ReportChannel Channel { get; set; }

    public required string Text { get; set; }

    public double? Longitude { get; set; }

    public double? Latitude { get; set; }

    public string? Address { get; set; }

    /// <summary>Caller or reporter name and phone, encrypted (SM4) and never shown unmasked without a reason.</summary>
    public string? ReporterNameCipher { get; set; }

    public string? ReporterPhoneCipher { get; set; }

    /// <summary>The signed-in account that reported (citizen or inspector), for tracking and notification.</summary>
    public string? ReporterUserId { get; set; }

    /// <summary>An Open311 client's email, encrypted.</summary>
    public string? ReporterEmailCipher { get; set; }

    /// <summary>The Open311 API client (key id) or the sensing system that sent it.</summary>
    public string? Source { get; set; }

    /// <summary>The sender's own id (hotline call id, sensor alarm id) for idempotent intake.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Open311 token returned when the request id is not known yet.</summary>
    public required string Token { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Set when the report was merged into an existing incident: the merge score.</summary>
    public double? MergeScore { get; set; }

    /// <summary>The incident the report started, kept so a merge can be undone.</summary>
    public long? OriginalIncidentId { get; set; }

    /// <summary>A copy of the report as received, not stored yet (no id, incident or merge), to write it (again).</summary>
    public Report Unsaved()
    {
        var copy = (Report)MemberwiseClone();
        copy.Id = 0;
        copy.IncidentId = 0;
        copy.MergeScore = null;
        copy.OriginalIncidentId = null;
        return copy;
    }
}

/// <summary>A work order to one unit: the lead unit or a co-unit (协办).</summary>
internal sealed class WorkOrder
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public required string UnitCode { get; set; }

    public bool Lead { get; set; }

    public WorkOrderStatus Status { get; set; }

    public DateTimeOffset DispatchedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? HandledAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string? Feedback { get; set; }

    public string? BounceReason { get; set; }

    public string? DispatchedBy { get; set; }
}

/// <summary>One line of an incident's timeline: every step of the loop, who did it and why.</summary>
internal sealed class TimelineEntry
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>User name, or "system" for automatic steps.</summary>
    public required string Actor { get; set; }

    /// <summary>reported, classified, located, routed, registered, dispatched, accepted, bounced, …</summary>
    public required string Action { get; set; }

    public string? Details { get; set; }

    public string? UnitCode { get; set; }
}

/// <summary>A photo attached to a report (evidence) or to a unit's feedback (result).</summary>
internal sealed class IncidentPhoto
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public long? ReportId { get; set; }

    public long? WorkOrderId { get; set; }

    /// <summary>evidence | result</summary>
    public required string Kind { get; set; }

    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    public required string UploadedBy { get; set; }

    public Incident? Incident { get; set; }

    public Report? Report { get; set; }
}

/// <summary>A dispatcher's correction of the classifier, kept for retraining.</summary>
internal sealed class ClassificationCorrection
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public required string Text { get; set; }

    public required string SuggestedCode { get; set; }

    public required string CorrectedCode { get; set; }

    public DateTimeOffset At { get; set; }

    public required string By { get; set; }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.ToTable("ops_incidents");
        b.Property(i => i.Number).HasMaxLength(20);
        b.HasIndex(i => i.Number).IsUnique();
        b.Property(i => i.CategoryCode).HasMaxLength(12);
        b.Property(i => i.SuggestedCategoryCode).HasMaxLength(12);
        b.Property(i => i.Description).HasMaxLength(4000);
        b.Property(i => i.Address).HasMaxLength(400);
        b.Property(i => i.AreaCode).HasMaxLength(40);
        b.Property(i => i.DistrictCode).HasMaxLength(12);
        b.Property(i => i.SubdistrictCode).HasMaxLength(12);
        b.Property(i => i.GridId).HasMaxLength(40);
        b.Property(i => i.LocationSource).HasMaxLength(40);
        b.Property(i => i.UnitCode).HasMaxLength(40);
        b.Property(i => i.RoutingExplanation).HasMaxLength(1000);
        b.Property(i => i.RefusalText).HasMaxLength(1000);
        b.Property(i => i.EvaluationComment).HasMaxLength(1000);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Ignore(i => i.PendingKpi);
        b.HasMany(i => i.Reports).WithOne().HasForeignKey(r => r.IncidentId);
        b.HasMany(i => i.WorkOrders).WithOne().HasForeignKey(w => w.IncidentId);
        b.HasMany(i => i.Timeline).WithOne().HasForeignKey(t => t.IncidentId);
        b.HasMany(i => i.TimeRequests).WithOne().HasForeignKey(r => r.IncidentId);

        // Duplicate check: open incidents of a category near a point, recently reported. The first seeks a 600 m band
        // of latitude and filters longitude and time in the index, so a report with coordinates reads only the rows
        // nearby, not every open incident of its category (which made intake slower the more incidents were open); the
        // second serves reports located by area only, the third storm suppression. None of them may end in the time
        // alone after the category and status: SQLite (3.53, no statistics) then prefers it to the band of latitude and
        // reads every open incident of the category in the window — 4.4 ms instead of 0.07 ms per report with 2,900 open.
        b.HasIndex(i => new { i.CategoryCode, i.Status, i.Latitude, i.Longitude, i.ReportedAt });
        b.HasIndex(i => new { i.CategoryCode, i.Status, i.AreaCode, i.ReportedAt });
        b.HasIndex(i => new { i.CategoryCode, i.Status, i.SubdistrictCode, i.ReportedAt });
        // The KPI stocks (open, overdue, suspended per child area) read this index only, never the table.
        b.HasIndex(i => new { i.Status, i.DistrictCode, i.SubdistrictCode, i.SlaStage, i.SuspendedAt });
        b.HasIndex(i => new { i.DistrictCode, i.Status });
        b.HasIndex(i => new { i.SubdistrictCode, i.Status });
        b.HasIndex(i => i.UnitCode);
        b.HasIndex(i => i.SlaNextAt);
        b.HasIndex(i => i.ReportedAt);
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.ToTable("ops_reports");
        b.Property(r => r.Text).HasMaxLength(4000);
        b.Property(r => r.Address).HasMaxLength(400);
        b.Property(r => r.ReporterNameCipher).HasMaxLength(400);
        b.Property(r => r.ReporterPhoneCipher).HasMaxLength(400);
        b.Property(r => r.ReporterEmailCipher).HasMaxLength(600);
        b.Property(r => r.ReporterUserId).HasMaxLength(64);
        b.Property(r => r.Source).HasMaxLength(80);
        b.Property(r => r.ExternalId).HasMaxLength(80);
        b.Property(r => r.Token).HasMaxLength(40);
        b.HasIndex(r => r.IncidentId);
        b.HasIndex(r => r.Token).IsUnique();
        b.HasIndex(r => r.ReporterUserId);
        b.HasIndex(r => new { r.Source, r.ExternalId }).IsUnique();
        b.HasIndex(r => r.ReceivedAt);
    }
}

internal sealed class WorkOrderConfiguration : IEntityTypeConfiguration<WorkOrder>
{
    public void Configure(EntityTypeBuilder<WorkOrder> b)
    {
        b.ToTable("ops_work_orders");
        b.Property(w => w.UnitCode).HasMaxLength(40);
        b.Property(w => w.Feedback).HasMaxLength(2000);
        b.Property(w => w.BounceReason).HasMaxLength(1000);
        b.Property(w => w.DispatchedBy).HasMaxLength(64);
        b.HasIndex(w => w.IncidentId);
        b.HasIndex(w => new { w.UnitCode, w.Status });
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> b)
    {
        b.ToTable("ops_timeline");
        b.Property(t => t.Actor).HasMaxLength(64);
        b.Property(t => t.Action).HasMaxLength(40);
        b.Property(t => t.Details).HasMaxLength(2000);
        b.Property(t => t.UnitCode).HasMaxLength(40);
        b.HasIndex(t => t.IncidentId);
    }
}

internal sealed class IncidentPhotoConfiguration : IEntityTypeConfiguration<IncidentPhoto>
{
    public void Configure(EntityTypeBuilder<IncidentPhoto> b)
    {
        b.ToTable("ops_photos");
        b.HasOne(p => p.Incident).WithMany().HasForeignKey(p => p.IncidentId);
        b.HasOne(p => p.Report).WithMany().HasForeignKey(p => p.ReportId);
        b.Property(p => p.Kind).HasMaxLength(20);
        b.Property(p => p.ContentType).HasMaxLength(60);
        b.Property(p => p.UploadedBy).HasMaxLength(64);
        b.HasIndex(p => p.IncidentId);
    }
}

internal sealed class ClassificationCorrectionConfiguration : IEntityTypeConfiguration<ClassificationCorrection>
{
    public void Configure(EntityTypeBuilder<ClassificationCorrection> b)
    {
        b.ToTable("ops_classification_corrections");
        b.Property(c => c.Text).HasMaxLength(4000);
        b.Property(c => c.SuggestedCode).HasMaxLength(12);
        b.Property(c => c.CorrectedCode).HasMaxLength(12);
        b.Property(c => c.By).HasMaxLength(64);
    }
}

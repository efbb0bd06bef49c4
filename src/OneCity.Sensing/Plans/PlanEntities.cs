using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Sensing.Plans;

/// <summary>Where a proposal came from.</summary>
internal static class ProposalSources
{
    public const string Cap = "cap";
    public const string VitalSign = "vital-sign";
    public const string Manual = "manual";
}

internal static class ProposalStatuses
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Dismissed = "dismissed";
}

/// <summary>Task statuses: waiting while a dependency is open, then ready, checked-in, in-progress, done; blocked when the department reports it cannot go on.</summary>
internal static class TaskStatuses
{
    public const string Waiting = "waiting";
    public const string Ready = "ready";
    public const string CheckedIn = "checked-in";
    public const string InProgress = "in-progress";
    public const string Done = "done";
    public const string Blocked = "blocked";

    public static readonly string[] All = [Waiting, Ready, CheckedIn, InProgress, Done, Blocked];

    /// <summary>What a department may report after checking in.</summary>
    public static readonly string[] Reportable = [InProgress, Blocked, Done];
}

internal static class ResourceStatuses
{
    public const string Requested = "requested";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Delivered = "delivered";

    public static readonly string[] Answers = [Accepted, Declined, Delivered];
}

/// <summary>
/// A trigger's proposal to activate a plan (or to raise the level of its running activation); the commander confirms or
/// dismisses it. At most one proposal per plan is pending (a filtered unique index keeps it so).
/// </summary>
internal sealed class PlanProposal
{
    public long Id { get; set; }

    public required string PlanCode { get; set; }

    /// <summary>1 (I, red) … 4 (IV, blue).</summary>
    public int Level { get; set; }

    public required string Source { get; set; }

    /// <summary>The CAP identifier, the vital-sign indicator and area, or the proposer's user name.</summary>
    public required string Reference { get; set; }

    public required string Reason { get; set; }

    /// <summary>Comma-separated: <c>310000</c> or district codes.</summary>
    public required string Areas { get; set; }

    public string Status { get; set; } = ProposalStatuses.Pending;

    /// <summary>Set when the plan is already running: confirming raises that activation's level.</summary>
    public long? ActivationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }
}

/// <summary>One activation (启动) of a plan: its level and areas, from start to end.</summary>
internal sealed class PlanActivation
{
    public long Id { get; set; }

    public required string PlanCode { get; set; }

    public int Level { get; set; }

    public required string Areas { get; set; }

    public long? ProposalId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public required string StartedBy { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? EndedBy { get; set; }

    public string? EndNote { get; set; }
}

/// <summary>One department's task of an activation. <see cref="Key"/> is the plan's key, with <c>@district</c> for per-district tasks.</summary>
internal sealed class PlanActivationTask
{
    public long Id { get; set; }

    public long ActivationId { get; set; }

    public required string Key { get; set; }

    public required string PlanTaskKey { get; set; }

    public required string DepartmentCode { get; set; }

    public required string TitleZh { get; set; }

    public required string TitleEn { get; set; }

    /// <summary>The level at which the task joined the activation.</summary>
    public int Level { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>Comma-separated task keys of the same activation.</summary>
    public string DependsOn { get; set; } = "";

    public string Status { get; set; } = TaskStatuses.Waiting;

    public DateTimeOffset? CheckedInAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> Dependencies => DependsOn.Length == 0 ? [] : DependsOn.Split(',');
}

/// <summary>A status note of a task (check-in, progress, blocked, done), with who and when.</summary>
internal sealed class PlanTaskNote
{
    public long Id { get; set; }

    public long TaskId { get; set; }

    public long ActivationId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string By { get; set; }

    public string? DepartmentCode { get; set; }

    public required string Status { get; set; }

    public string? Text { get; set; }
}

/// <summary>A change of an activation's response level.</summary>
internal sealed class PlanLevelChange
{
    public long Id { get; set; }

    public long ActivationId { get; set; }

    /// <summary>Null for the activation itself.</summary>
    public int? FromLevel { get; set; }

    public int ToLevel { get; set; }

    public DateTimeOffset At { get; set; }

    public required string By { get; set; }

    public string? Reason { get; set; }
}

/// <summary>One department asks another for resources (people, pumps, sandbags …) during an activation.</summary>
internal sealed class PlanResourceRequest
{
    public long Id { get; set; }

    public long ActivationId { get; set; }

    public required string FromDepartment { get; set; }

    public required string ToDepartment { get; set; }

    public required string What { get; set; }

    public double Quantity { get; set; }

    public string? Unit { get; set; }

    public DateTimeOffset? NeededBy { get; set; }

    public string Status { get; set; } = ResourceStatuses.Requested;

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An answer to a resource request: accepted, declined or delivered, with a note.</summary>
internal sealed class PlanResourceReply
{
    public long Id { get; set; }

    public long RequestId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string By { get; set; }

    public string? DepartmentCode { get; set; }

    public required string Status { get; set; }

    public string? Text { get; set; }
}

internal sealed class PlanEntityConfiguration :
    IEntityTypeConfiguration<PlanProposal>, IEntityTypeConfiguration<PlanActivation>, IEntityTypeConfiguration<PlanActivationTask>,
    IEntityTypeConfiguration<PlanTaskNote>, IEntityTypeConfiguration<PlanLevelChange>, IEntityTypeConfiguration<PlanResourceRequest>,
    IEntityTypeConfiguration<PlanResourceReply>
{
    public void Configure(EntityTypeBuilder<PlanProposal> b)
    {
        b.ToTable("sens_plan_proposals");
        b.Property(p => p.PlanCode).HasMaxLength(40);
        b.Property(p => p.Source).HasMaxLength(20);
        b.Property(p => p.Reference).HasMaxLength(200);
        b.Property(p => p.Reason).HasMaxLength(500);
        b.Property(p => p.Areas).HasMaxLength(200);
        b.Property(p => p.Status).HasMaxLength(20);
        b.Property(p => p.CreatedBy).HasMaxLength(100);
        b.Property(p => p.DecidedBy).HasMaxLength(100);
        b.Property(p => p.DecisionNote).HasMaxLength(500);
        b.HasIndex(p => p.PlanCode).IsUnique().HasFilter("\"Status\" = 'pending'").HasDatabaseName("IX_sens_plan_proposals_pending");
        b.HasIndex(p => new { p.Status, p.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<PlanActivation> b)
    {
        b.ToTable("sens_plan_activations");
        b.Property(a => a.PlanCode).HasMaxLength(40);
        b.Property(a => a.Areas).HasMaxLength(200);
        b.Property(a => a.StartedBy).HasMaxLength(100);
        b.Property(a => a.EndedBy).HasMaxLength(100);
        b.Property(a => a.EndNote).HasMaxLength(500);
        b.HasIndex(a => a.PlanCode).IsUnique().HasFilter("\"EndedAt\" IS NULL").HasDatabaseName("IX_sens_plan_activations_running");
        b.HasIndex(a => a.StartedAt);
    }

    public void Configure(EntityTypeBuilder<PlanActivationTask> b)
    {
        b.ToTable("sens_plan_tasks");
        b.Property(t => t.Key).HasMaxLength(60);
        b.Property(t => t.PlanTaskKey).HasMaxLength(40);
        b.Property(t => t.DepartmentCode).HasMaxLength(40);
        b.Property(t => t.TitleZh).HasMaxLength(200);
        b.Property(t => t.TitleEn).HasMaxLength(200);
        b.Property(t => t.DependsOn).HasMaxLength(2000);
        b.Property(t => t.Status).HasMaxLength(20);
        b.Ignore(t => t.Dependencies);
        b.HasIndex(t => new { t.ActivationId, t.Key }).IsUnique();
        b.HasIndex(t => new { t.DepartmentCode, t.Status });
    }

    public void Configure(EntityTypeBuilder<PlanTaskNote> b)
    {
        b.ToTable("sens_plan_task_notes");
        b.Property(n => n.By).HasMaxLength(100);
        b.Property(n => n.DepartmentCode).HasMaxLength(40);
        b.Property(n => n.Status).HasMaxLength(20);
        b.Property(n => n.Text).HasMaxLength(1000);
        b.HasIndex(n => n.TaskId);
        b.HasIndex(n => n.ActivationId);
    }

    public void Configure(EntityTypeBuilder<PlanLevelChange> b)
    {
        b.ToTable("sens_plan_level_changes");
        b.Property(c => c.By).HasMaxLength(100);
        b.Property(c => c.Reason).HasMaxLength(500);
        b.HasIndex(c => c.ActivationId);
    }

    public void Configure(EntityTypeBuilder<PlanResourceRequest> b)
    {
        b.ToTable("sens_plan_resource_requests");
        b.Property(r => r.FromDepartment).HasMaxLength(40);
        b.Property(r => r.ToDepartment).HasMaxLength(40);
        b.Property(r => r.What).HasMaxLength(200);
        b.Property(r => r.Unit).HasMaxLength(20);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.CreatedBy).HasMaxLength(100);
        b.HasIndex(r => r.ActivationId);
        b.HasIndex(r => r.ToDepartment);
        b.HasIndex(r => r.FromDepartment);
    }

    public void Configure(EntityTypeBuilder<PlanResourceReply> b)
    {
        b.ToTable("sens_plan_resource_replies");
        b.Property(r => r.By).HasMaxLength(100);
        b.Property(r => r.DepartmentCode).HasMaxLength(40);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.Text).HasMaxLength(1000);
        b.HasIndex(r => r.RequestId);
    }
}

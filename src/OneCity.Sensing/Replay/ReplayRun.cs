using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Sensing.Replay;

internal static class ReplayStatuses
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";

    /// <summary>The instance stopped while the run was going; found so at the next start.</summary>
    public const string Interrupted = "interrupted";
}

/// <summary>One run of a scenario replay (演练): who started it, how fast, how far it got, and its report.</summary>
internal sealed class ReplayRun
{
    public long Id { get; set; }

    /// <summary>The scenario's code, e.g. <c>typhoon-infa-2021</c>.</summary>
    public required string Scenario { get; set; }

    public string Status { get; set; } = ReplayStatuses.Running;

    public int StepMinutes { get; set; }

    /// <summary>Scenario seconds per wall-clock second; 0 runs as fast as the platform can.</summary>
    public double Speed { get; set; }

    public DateTimeOffset ScenarioFrom { get; set; }

    public DateTimeOffset ScenarioTo { get; set; }

    /// <summary>How far the scenario has got (saved every scenario hour).</summary>
    public DateTimeOffset? ScenarioAt { get; set; }

    /// <summary>The platform's time when the run started; scenario time maps to it plus the time elapsed in the scenario.</summary>
    public DateTimeOffset StartedAt { get; set; }

    public required string StartedBy { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>The report (<see cref="ReplayReport"/>) as JSON once the run finished.</summary>
    public string? Report { get; set; }
}

internal sealed class ReplayRunConfiguration : IEntityTypeConfiguration<ReplayRun>
{
    public void Configure(EntityTypeBuilder<ReplayRun> b)
    {
        b.ToTable("sens_replay_runs");
        b.Property(r => r.Scenario).HasMaxLength(40);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.StartedBy).HasMaxLength(100);
        b.Property(r => r.Error).HasMaxLength(1000);
        b.HasIndex(r => r.StartedAt);
    }
}

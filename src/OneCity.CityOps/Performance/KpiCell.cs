using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.CityOps.Performance;

/// <summary>
/// One day's loop counts for one area (Kind <c>a</c>: the incident's subdistrict, else district, else empty when not
/// located) or one unit (Kind <c>u</c>: a department code), and the same counts per month (Kinds <c>A</c> and <c>U</c>,
/// Day = yyyymm00). Incremented by upserts in the same transaction as the change that caused them, so the operations
/// centre's KPIs over a million incidents sum a few thousand cells instead of scanning incidents; a long period reads
/// its whole months from the month cells and only the days at its ends from the day cells.
/// </summary>
internal sealed class KpiCell
{
    /// <summary>The Shanghai date as yyyymmdd; for the month cells (Kinds A and U) yyyymm00.</summary>
    public int Day { get; set; }

    public required string Kind { get; set; }

    public required string Code { get; set; }

    public int Reported { get; set; }

    public int InspectorFound { get; set; }

    public int Dispatched { get; set; }

    public int DispatchOnTime { get; set; }

    public int Handled { get; set; }

    public int HandleOnTime { get; set; }

    public int Closed { get; set; }

    public int CloseOnTime { get; set; }

    public int Reworked { get; set; }

    public int Bounced { get; set; }

    public int Evaluated { get; set; }

    public int SatisfactionSum { get; set; }

    /// <summary>Extensions (延期) approved that day.</summary>
    public int Extended { get; set; }

    /// <summary>Suspensions (挂起) approved that day.</summary>
    public int Suspended { get; set; }
}

/// <summary>Increments for one event; applied to the area cell and, when a unit is named, to the unit cell.</summary>
internal readonly record struct KpiDelta(
    int Reported = 0, int InspectorFound = 0, int Dispatched = 0, int DispatchOnTime = 0, int Handled = 0, int HandleOnTime = 0,
    int Closed = 0, int CloseOnTime = 0, int Reworked = 0, int Bounced = 0, int Evaluated = 0, int SatisfactionSum = 0, int Extended = 0, int Suspended = 0);

internal sealed class KpiCellConfiguration : IEntityTypeConfiguration<KpiCell>
{
    public void Configure(EntityTypeBuilder<KpiCell> b)
    {
        b.ToTable("ops_kpi");
        // The key is the access path: a period is one range of (Kind, Day) per kind. On SQLite the table is stored in key
        // order (WITHOUT ROWID, migration KpiQueryPaths), so a period's cells are read in place, never looked up one by one
        // through a secondary index (which made the city's year take 1.6 s over 1,000,000 incidents).
        b.HasKey(c => new { c.Kind, c.Day, c.Code });
        b.Property(c => c.Kind).HasMaxLength(1);
        b.Property(c => c.Code).HasMaxLength(40);
    }
}

using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Data;

namespace OneCity.CityOps.Performance;

/// <summary>
/// Saves the context's changes and the KPI increments of every incident it tracks (a merge or an undone merge touches
/// two; an intake batch hundreds) in one transaction, with multi-row upsert statements for all cells (<see cref="DatabaseOptions.RowsPerStatement"/>): the day cells and their month cells.
/// </summary>
internal static class KpiWriter
{
    public static Task SaveAsync(CityOpsDbContext db, int day, CancellationToken ct) => SaveAsync(db, _ => day, ct);

    /// <summary>As above, each incident's increments counted on its own day (yyyymmdd).</summary>
    public static async Task SaveAsync(CityOpsDbContext db, Func<Incident, int> dayOf, CancellationToken ct)
    {
        var counted = db.ChangeTracker.Entries<Incident>().Select(e => e.Entity).Where(i => i.PendingKpi.Count > 0).ToList();
        if (counted.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            await CountAsync(db, counted, dayOf, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The KPI increments of incidents the caller saved itself, in the caller's transaction (the intake writer).</summary>
    public static async Task CountAsync(CityOpsDbContext db, IEnumerable<Incident> incidents, Func<Incident, int> dayOf, CancellationToken ct)
    {
        var counted = incidents.Where(i => i.PendingKpi.Count > 0).Distinct().ToList();
        if (counted.Count == 0)
        {
            return;
        }

        await UpsertAsync(db, counted, dayOf, ct);
        foreach (var i in counted)
        {
            i.PendingKpi.Clear();
        }
    }

    private static readonly string[] Columns =
        ["Reported", "InspectorFound", "Dispatched", "DispatchOnTime", "Handled", "HandleOnTime", "Closed", "CloseOnTime", "Reworked", "Bounced", "Evaluated", "SatisfactionSum", "Extended", "Suspended"];

    private static async Task UpsertAsync(CityOpsDbContext db, List<Incident> incidents, Func<Incident, int> dayOf, CancellationToken ct)
    {
        // Several increments of one save may hit the same cell: one row per cell (ON CONFLICT may touch a row once).
        // The month cells (A, U) count the same increments, for long periods.
        var increments = incidents.SelectMany(i => i.PendingKpi
            .Select(p => (p.Kind, Code: p.Kind == "a" ? i.SubdistrictCode ?? i.DistrictCode ?? "" : p.Code, Day: dayOf(i), p.Delta))).ToList();
        var cells = increments.Concat(increments.Select(p => (Kind: p.Kind.ToUpperInvariant(), p.Code, Day: MonthOf(p.Day), p.Delta)))
            .GroupBy(p => (p.Kind, p.Code, p.Day))
            .Select(g => (g.Key.Kind, g.Key.Code, g.Key.Day, Values: Sum(g.Select(x => x.Delta))))
            .ToList();
        foreach (var chunk in cells.Chunk(DatabaseOptions.RowsPerStatement(db.Database, Columns.Length + 3)))
        {
            await UpsertAsync(db, chunk, ct);
        }
    }

    private static async Task UpsertAsync(CityOpsDbContext db, (string Kind, string Code, int Day, int[] Values)[] cells, CancellationToken ct)
    {
        var sql = new StringBuilder("INSERT INTO ops_kpi (\"Day\", \"Kind\", \"Code\", ")
            .Append(string.Join(", ", Columns.Select(c => $"\"{c}\""))).Append(") VALUES ");
        var parameters = new List<object>();
        for (var i = 0; i < cells.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append('(');
            var row = new object[] { cells[i].Day, cells[i].Kind, cells[i].Code }.Concat(cells[i].Values.Cast<object>()).ToList();
            sql.Append(string.Join(", ", row.Select((_, k) => "{" + (parameters.Count + k).ToString(CultureInfo.InvariantCulture) + "}"))).Append(')');
            parameters.AddRange(row);
        }

        sql.Append(" ON CONFLICT (\"Kind\", \"Day\", \"Code\") DO UPDATE SET ")
            .Append(string.Join(", ", Columns.Select(c => $"\"{c}\" = ops_kpi.\"{c}\" + excluded.\"{c}\"")));
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
    }

    /// <summary>The month cell's day of a yyyymmdd day: yyyymm00.</summary>
    public static int MonthOf(int day) => day / 100 * 100;

    private static int[] Sum(IEnumerable<KpiDelta> deltas)
    {
        var v = new int[Columns.Length];
        foreach (var d in deltas)
        {
            v[0] += d.Reported;
            v[1] += d.InspectorFound;
            v[2] += d.Dispatched;
            v[3] += d.DispatchOnTime;
            v[4] += d.Handled;
            v[5] += d.HandleOnTime;
            v[6] += d.Closed;
            v[7] += d.CloseOnTime;
            v[8] += d.Reworked;
            v[9] += d.Bounced;
            v[10] += d.Evaluated;
            v[11] += d.SatisfactionSum;
            v[12] += d.Extended;
            v[13] += d.Suspended;
        }

        return v;
    }
}

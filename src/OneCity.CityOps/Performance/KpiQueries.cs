using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.CityOps.Responsibility;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.CityOps.Performance;

internal sealed record KpiFigures(
    int Reported, int InspectorFound, int Dispatched, int Handled, int Closed, int Reworked, int Bounced, int Evaluated, int Extended, int Suspended,
    double? DispatchOnTimeRate, double? HandleOnTimeRate, double? CloseOnTimeRate, double? ReworkRate, double? Satisfaction, double? InspectorFoundShare);

internal sealed record KpiArea(string Code, string NameZh, string NameEn, int Open, int Overdue, KpiFigures Figures);

internal sealed record KpiUnit(string Code, string NameZh, string NameEn, KpiFigures Figures);

internal sealed record KpiView(string AreaCode, string AreaNameZh, string AreaNameEn, DateOnly From, DateOnly To, int Open, int Overdue, int Triage, int Suspended,
    KpiFigures Figures, IReadOnlyList<KpiArea> Children, IReadOnlyList<KpiUnit> Units, IReadOnlyDictionary<string, int> OpenByStatus);

/// <summary>
/// The operations centre's KPIs for an area and a period: flows (reported, dispatched on time, handled on time,
/// closed, rework, satisfaction) summed from the daily KPI cells; stocks (open, overdue, in triage) counted from the
/// open incidents only; both broken down one level down (city → districts → subdistricts) and per unit.
/// </summary>
internal sealed class KpiQueries(CityOpsDbContext db, Router router)
{
    private static readonly IncidentStatus[] OpenStatuses =
        [IncidentStatus.Triage, IncidentStatus.Registered, IncidentStatus.Dispatched, IncidentStatus.Handling, IncidentStatus.Handled, IncidentStatus.Verified, IncidentStatus.Bounced, IncidentStatus.Disputed];

    public async Task<KpiView> GetAsync(string area, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var city = area == AreaCodes.City;
        var childLength = city ? 6 : 9;

        // Whole months come from the month cells, the days at either end from the day cells (at most 60 days of cells
        // per code for any period). Each part is one range of the key (Kind, Day, Code), which SQLite stores in key order,
        // and the parts are concatenated (UNION ALL: an OR of ranges costs SQLite a row set). Area cells are summed per
        // code and rolled up to the child areas here (a few hundred rows).
        var p = Periods.Split(from, to);
        var upper = city ? null : UpperBound(area);
        IQueryable<KpiCell> Cells(string dayKind, string monthKind)
        {
            IQueryable<KpiCell>? cells = null;
            foreach (var (kind, first, last) in new[] { (dayKind, p.HeadFrom, p.HeadTo), (monthKind, p.MonthFrom, p.MonthTo), (dayKind, p.TailFrom, p.TailTo) })
            {
                if (first > last)
                {
                    continue;
                }

                var part = db.Set<KpiCell>().AsNoTracking().Where(c => c.Kind == kind && c.Day >= first && c.Day <= last);
                if (upper is not null)
                {
                    part = part.Where(c => string.Compare(c.Code, area) >= 0 && string.Compare(c.Code, upper) < 0);
                }

                cells = cells is null ? part : cells.Concat(part);
            }

            return cells!;
        }

        var areaCells = Cells("a", "A");
        var byChild = (await areaCells
            .GroupBy(c => c.Code)
            .Select(g => new
            {
                g.Key, Reported = g.Sum(c => c.Reported), InspectorFound = g.Sum(c => c.InspectorFound), Dispatched = g.Sum(c => c.Dispatched),
                DispatchOnTime = g.Sum(c => c.DispatchOnTime), Handled = g.Sum(c => c.Handled), HandleOnTime = g.Sum(c => c.HandleOnTime), Closed = g.Sum(c => c.Closed),
                CloseOnTime = g.Sum(c => c.CloseOnTime), Reworked = g.Sum(c => c.Reworked), Bounced = g.Sum(c => c.Bounced), Evaluated = g.Sum(c => c.Evaluated),
                SatisfactionSum = g.Sum(c => c.SatisfactionSum), Extended = g.Sum(c => c.Extended), Suspended = g.Sum(c => c.Suspended),
            })
            .ToListAsync(ct))
            .Select(g => new Sums(g.Key, g.Reported, g.InspectorFound, g.Dispatched, g.DispatchOnTime, g.Handled, g.HandleOnTime, g.Closed, g.CloseOnTime,
                g.Reworked, g.Bounced, g.Evaluated, g.SatisfactionSum, g.Extended, g.Suspended))
            .GroupBy(s => s.Key.Length >= childLength ? s.Key[..childLength] : s.Key)
            .Select(g => Sums.Total(g) with { Key = g.Key })
            .ToList();

        var unitCells = Cells("u", "U");
        var byUnit = (await unitCells.GroupBy(c => c.Code)
            .Select(g => new
            {
                g.Key, Dispatched = g.Sum(c => c.Dispatched), DispatchOnTime = g.Sum(c => c.DispatchOnTime), Handled = g.Sum(c => c.Handled),
                HandleOnTime = g.Sum(c => c.HandleOnTime), Closed = g.Sum(c => c.Closed), CloseOnTime = g.Sum(c => c.CloseOnTime), Reworked = g.Sum(c => c.Reworked),
                Bounced = g.Sum(c => c.Bounced), Evaluated = g.Sum(c => c.Evaluated), SatisfactionSum = g.Sum(c => c.SatisfactionSum),
                Extended = g.Sum(c => c.Extended), Suspended = g.Sum(c => c.Suspended),
            })
            .OrderByDescending(g => g.Dispatched).Take(30).ToListAsync(ct))
            .Select(g => new Sums(g.Key, 0, 0, g.Dispatched, g.DispatchOnTime, g.Handled, g.HandleOnTime, g.Closed, g.CloseOnTime, g.Reworked, g.Bounced, g.Evaluated,
                g.SatisfactionSum, g.Extended, g.Suspended))
            .ToList();

        // Stocks: only open incidents are read, from the covering index (Status, DistrictCode, SubdistrictCode, SlaStage,
        // SuspendedAt), grouped by the child area. An incident's district and subdistrict codes are the prefixes of its area.
        var open = db.Set<Incident>().AsNoTracking().Where(i => OpenStatuses.Contains(i.Status));
        if (!city)
        {
            open = area.Length switch
            {
                6 => open.Where(i => i.DistrictCode == area),
                9 => open.Where(i => i.SubdistrictCode == area),
                _ => open.Where(i => i.AreaCode != null && i.AreaCode.StartsWith(area)),
            };
        }

        var stocks = await open
            .GroupBy(i => new { Child = city ? i.DistrictCode : i.SubdistrictCode, i.Status, Overdue = i.SlaStage >= 2, Suspended = i.SuspendedAt != null })
            .Select(g => new { g.Key.Child, g.Key.Status, g.Key.Overdue, g.Key.Suspended, Count = g.Count() })
            .ToListAsync(ct);

        var total = Sums.Total(byChild);
        var childCodes = byChild.Select(c => c.Key).Concat(stocks.Select(s => s.Child ?? "")).Where(c => c.Length == childLength).Distinct().Order();
        var children = childCodes.Select(code =>
        {
            var name = OrganisationDirectory.Area(code);
            var sums = byChild.FirstOrDefault(c => c.Key == code) ?? Sums.Empty(code);
            return new KpiArea(code, name.Zh, name.En, stocks.Where(s => s.Child == code).Sum(s => s.Count), stocks.Where(s => s.Child == code && s.Overdue).Sum(s => s.Count), sums.Figures());
        }).ToList();
        var units = byUnit.Select(u =>
        {
            var name = router.UnitName(u.Key);
            return new KpiUnit(u.Key, name.Zh, name.En, u.Figures());
        }).ToList();
        var areaName = OrganisationDirectory.Area(area);
        return new KpiView(area, areaName.Zh, areaName.En, from, to, stocks.Sum(s => s.Count), stocks.Where(s => s.Overdue).Sum(s => s.Count),
            stocks.Where(s => s.Status == IncidentStatus.Triage).Sum(s => s.Count), stocks.Where(s => s.Suspended).Sum(s => s.Count), total.Figures(), children, units,
            stocks.GroupBy(s => IncidentQueries.Status(s.Status)).ToDictionary(g => g.Key, g => g.Sum(s => s.Count)));
    }

    /// <summary>A period as day and month cell ranges (yyyymmdd, yyyymm00); an empty range has From &gt; To.</summary>
    internal readonly record struct Periods(int HeadFrom, int HeadTo, int MonthFrom, int MonthTo, int TailFrom, int TailTo)
    {
        /// <summary>Days before the first whole month, the whole months, the days after the last whole month.</summary>
        public static Periods Split(DateOnly from, DateOnly to)
        {
            static int Day(DateOnly d) => (d.Year * 10000) + (d.Month * 100) + d.Day;
            var firstWhole = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
            var afterLastWhole = new DateOnly(to.Year, to.Month, 1);
            if (to.AddDays(1).Day == 1)
            {
                afterLastWhole = afterLastWhole.AddMonths(1);
            }

            if (firstWhole >= afterLastWhole)
            {
                return new Periods(Day(from), Day(to), 1, 0, 1, 0);
            }

            return new Periods(
                Day(from), from < firstWhole ? Day(firstWhole.AddDays(-1)) : 0,
                KpiWriter.MonthOf(Day(firstWhole)), KpiWriter.MonthOf(Day(afterLastWhole.AddMonths(-1))),
                Day(afterLastWhole), to >= afterLastWhole ? Day(to) : 0);
        }
    }

    /// <summary>
    /// The smallest code above every code that starts with this all-digit area code: the number plus one, same width
    /// ("310119" → "310120"). Codes are digits optionally followed by "-" and a line, so [area, bound) is exactly the
    /// codes under the area, in binary and in linguistic collations alike.
    /// </summary>
    public static string UpperBound(string area) =>
        (long.Parse(area, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(new string('0', area.Length), System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Sums(string Key, int Reported, int InspectorFound, int Dispatched, int DispatchOnTime, int Handled, int HandleOnTime,
        int Closed, int CloseOnTime, int Reworked, int Bounced, int Evaluated, int SatisfactionSum, int Extended, int Suspended)
    {
        public static Sums Empty(string key) => new(key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public static Sums Total(IEnumerable<Sums> all) => all.Aggregate(Empty(""), (a, b) => new Sums("", a.Reported + b.Reported, a.InspectorFound + b.InspectorFound,
            a.Dispatched + b.Dispatched, a.DispatchOnTime + b.DispatchOnTime, a.Handled + b.Handled, a.HandleOnTime + b.HandleOnTime, a.Closed + b.Closed,
            a.CloseOnTime + b.CloseOnTime, a.Reworked + b.Reworked, a.Bounced + b.Bounced, a.Evaluated + b.Evaluated, a.SatisfactionSum + b.SatisfactionSum,
            a.Extended + b.Extended, a.Suspended + b.Suspended));

        public KpiFigures Figures() => new(Reported, InspectorFound, Dispatched, Handled, Closed, Reworked, Bounced, Evaluated, Extended, Suspended,
            Rate(DispatchOnTime, Dispatched), Rate(HandleOnTime, Handled), Rate(CloseOnTime, Closed), Rate(Reworked, Handled),
            Evaluated == 0 ? null : Math.Round((double)SatisfactionSum / Evaluated, 2), Rate(InspectorFound, Reported));

        private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
    }
}

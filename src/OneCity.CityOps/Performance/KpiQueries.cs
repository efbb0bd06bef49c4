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
        var fromDay = (from.Year * 10000) + (from.Month * 100) + from.Day;
        var toDay = (to.Year * 10000) + (to.Month * 100) + to.Day;
        var city = area == AreaCodes.City;
        var childLength = city ? 6 : 9;

        var cells = db.Set<KpiCell>().AsNoTracking().Where(c => c.Day >= fromDay && c.Day <= toDay);
        var areaCells = cells.Where(c => c.Kind == "a");
        if (!city)
        {
            areaCells = areaCells.Where(c => c.Code.StartsWith(area));
        }

        var byChild = (await areaCells
            .GroupBy(c => c.Code.Length >= childLength ? c.Code.Substring(0, childLength) : c.Code)
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
            .ToList();

        var unitCells = cells.Where(c => c.Kind == "u");
        if (!city)
        {
            unitCells = unitCells.Where(c => c.Code.StartsWith(area));
        }

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

        // Stocks: only open incidents are read (the (Status, UpdatedAt) index), grouped by the child area.
        var open = db.Set<Incident>().AsNoTracking().Where(i => OpenStatuses.Contains(i.Status));
        if (!city)
        {
            open = open.Where(i => i.AreaCode != null && i.AreaCode.StartsWith(area));
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

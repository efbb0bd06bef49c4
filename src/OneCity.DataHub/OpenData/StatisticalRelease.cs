namespace OneCity.DataHub.OpenData;

/// <summary>One cell of a statistical release: a count for an area and a month, or the area's total (<c>Month = "total"</c>).</summary>
internal sealed record StatisticCell(string AreaCode, string Month, int? Count, bool Suppressed);

/// <summary>
/// Builds area × month count tables with small-count suppression. Primary suppression: every count below the threshold
/// becomes null with <c>Suppressed = true</c>. Complementary suppression: each area row also publishes its total, so a
/// row with exactly one suppressed cell would give it away (total minus the visible cells); the smallest visible cell of
/// that row is suppressed too, and when there is none the total is suppressed. Months without events have no cell (they
/// are not published as zeros), and no per-month column totals are published, so rows are the only margins to protect.
/// </summary>
internal static class StatisticalRelease
{
    public const string Total = "total";

    public static IReadOnlyList<StatisticCell> Build(IEnumerable<(string AreaCode, string Month)> events, int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var result = new List<StatisticCell>();
        foreach (var area in events.GroupBy(e => e.AreaCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var counts = area.GroupBy(e => e.Month, StringComparer.Ordinal).Select(g => (Month: g.Key, Count: g.Count()))
                .OrderBy(c => c.Month, StringComparer.Ordinal).ToList();
            var suppressed = counts.Where(c => c.Count < threshold).Select(c => c.Month).ToHashSet(StringComparer.Ordinal);
            var total = counts.Sum(c => c.Count);
            var totalSuppressed = total < threshold;
            if (suppressed.Count == 1 && !totalSuppressed)
            {
                var complement = counts.Where(c => !suppressed.Contains(c.Month)).OrderBy(c => c.Count).ThenBy(c => c.Month, StringComparer.Ordinal).FirstOrDefault();
                if (complement.Month is not null)
                {
                    suppressed.Add(complement.Month);
                }
                else
                {
                    totalSuppressed = true;
                }
            }

            result.AddRange(counts.Select(c => suppressed.Contains(c.Month) ? new StatisticCell(area.Key, c.Month, null, true) : new StatisticCell(area.Key, c.Month, c.Count, false)));
            result.Add(new StatisticCell(area.Key, Total, totalSuppressed ? null : total, totalSuppressed));
        }

        return result;
    }
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Performance;
using OneCity.CityOps.Responsibility;

namespace OneCity.Benchmarks.CityOps;

/// <summary>
/// The operations centre's KPI query (<see cref="KpiQueries.GetAsync"/>, the code behind <c>GET /api/cityops/kpi</c>)
/// over 1,000,000 incidents on SQLite (<see cref="KpiDataset"/>): the whole city, the largest district (Pudong, 310115)
/// and one subdistrict (310101002), for the default 30 days and for a whole year. Each operation opens a new context as
/// a request does. One query per iteration (RunStrategy.Monitoring), so the percentiles are those of single queries.
/// Run (the first run generates the database, about 1 GB, in $TMPDIR/onecity-bench; later runs reuse it):
/// <code>
/// dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*KpiQueryBenchmarks*'
/// </code>
/// Target: at most 200 ms.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 50)]
[Config(typeof(PercentilesConfig))]
public class KpiQueryBenchmarks
{
    private DbContextOptions<SqliteCityOpsDbContext> options = null!;
    private Router router = null!;
    private string area = "";
    private DateOnly from;

    [Params("city", "district", "subdistrict")]
    public string Level { get; set; } = "city";

    [Params(30, 365)]
    public int Days { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = KpiDataset.EnsureAsync().GetAwaiter().GetResult();
        options = KpiDataset.Options(path);
        router = KpiDataset.LoadRouter(CategoryTree.Load());
        area = Area(Level);
        from = KpiDataset.LastDay.AddDays(1 - Days);
    }

    [Benchmark]
    public async Task<int> Kpi()
    {
        await using var db = new SqliteCityOpsDbContext(options);
        var view = await new KpiQueries(db, router).GetAsync(area, from, KpiDataset.LastDay, CancellationToken.None);
        return view.Open + view.Figures.Reported;
    }

    public static string Area(string level) => level switch { "city" => "310000", "district" => "310115", _ => "310101002" };

    /// <summary>
    /// Without BenchmarkDotNet: makes sure the database exists, then times each level a few times and prints the figures
    /// (<c>dotnet run -c Release --project bench/OneCity.Benchmarks -- --kpi-quick</c>).
    /// </summary>
    public static async Task QuickAsync()
    {
        var path = await KpiDataset.EnsureAsync();
        var options = KpiDataset.Options(path);
        var router = KpiDataset.LoadRouter(CategoryTree.Load());
        foreach (var days in new[] { 30, 365 })
        {
            foreach (var level in new[] { "city", "district", "subdistrict" })
            {
                var times = new List<double>();
                KpiView? view = null;
                for (var n = 0; n < 12; n++)
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    await using var db = new SqliteCityOpsDbContext(options);
                    view = await new KpiQueries(db, router).GetAsync(Area(level), KpiDataset.LastDay.AddDays(1 - days), KpiDataset.LastDay, CancellationToken.None);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                var warm = times.Skip(2).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{level,-12} {days,3} days: first {times[0],7:F1} ms, median {warm[warm.Count / 2],7:F1} ms, max {warm[^1],7:F1} ms — reported {view!.Figures.Reported:N0}, open {view.Open:N0}, overdue {view.Overdue:N0}, children {view.Children.Count}, units {view.Units.Count}"));
            }
        }
    }

    private sealed class PercentilesConfig : ManualConfig
    {
        public PercentilesConfig()
        {
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column(), StatisticColumn.Max);
        }
    }

    /// <summary>The 99th percentile of the iterations (single queries here).</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => "P99";

        public string ColumnName => "P99";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "Percentile 99: 99 % of the operations took this long or less";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } s
                ? (s.Percentiles.Percentile(99) / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " ms"
                : "NA";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Ckan;
using OneCity.Platform.Organisation;

namespace OneCity.Benchmarks.DataHub;

/// <summary>
/// CKAN <c>package_search</c> without HTTP over 10,000 generated published datasets (22 city departments, zh/en
/// titles and notes, keywords, themes): the search over the in-memory snapshot plus building the CKAN dicts of the
/// returned page, which is what a request costs once the snapshot is built. Pinned to one core.
/// Run: dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*PackageSearch*' --job short
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class PackageSearchBenchmarks
{
    private const int Datasets = 10_000;
    private const string Base = "https://data.sh.example";
    private CkanSnapshot snapshot = CkanSnapshot.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        string[] themes = ["交通出行 / transport", "生态环境 / environment", "卫生健康 / health", "教育科技 / education", "经济建设 / economy", "民生服务 / social"];
        string[] subjectsZh = ["公交站点", "空气质量", "医院名录", "学校名录", "企业登记", "道路名录", "停车场", "公园绿地", "充电桩", "养老机构", "菜市场", "体育场馆"];
        string[] subjectsEn = ["bus stops", "air quality", "hospitals", "schools", "company register", "roads", "car parks", "parks", "charging points", "care homes", "markets", "sports venues"];
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var departments = DepartmentLines.All.Select(l => new Department
        {
            Code = "SH-" + l.Code, NameZh = l.CityNameZh, NameEn = l.CityNameEn, Level = AreaLevel.City, AreaCode = "310000", Line = l.Code,
        }).ToList();
        var datasets = Enumerable.Range(0, Datasets).Select(i =>
        {
            var s = rng.Next(subjectsZh.Length);
            var district = ShanghaiDistricts.All[rng.Next(ShanghaiDistricts.All.Count)];
            return new Dataset
            {
                Code = $"SH-BENCH-{i:D5}",
                TitleZh = $"{district.NameZh}{subjectsZh[s]}（{i}）",
                TitleEn = $"{district.NameEn} {subjectsEn[s]} ({i})",
                DescriptionZh = $"{district.NameZh}范围内的{subjectsZh[s]}数据，按{(i % 2 == 0 ? "日" : "月")}更新，包括名称、地址、坐标和状态等字段。",
                DescriptionEn = $"{subjectsEn[s]} in {district.NameEn}, with name, address, coordinates and status.",
                OwnerDepartmentCode = departments[rng.Next(departments.Count)].Code,
                SourceSystem = "bench",
                KeyField = "id",
                Keywords = $"{subjectsZh[s]},{subjectsEn[s]},{district.NameZh}",
                Theme = themes[s % themes.Length],
                Spatial = i % 3 == 0,
                OpenType = i % 5 == 0 ? OpenType.ConditionalOpen : OpenType.Open,
                UpdateFrequency = (UpdateFrequency)(i % 7),
                Published = true,
                CreatedAt = t0.AddMinutes(i),
                MetadataUpdatedAt = t0.AddMinutes(rng.Next(500_000)),
                DataUpdatedAt = t0.AddMinutes(rng.Next(500_000)),
                Licence = "CC-BY-4.0",
            };
        }).ToList();
        var watch = Stopwatch.StartNew();
        snapshot = CkanSnapshot.Build(datasets, departments);
        Console.WriteLine($"// snapshot of {snapshot.Packages.Length} datasets built in {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    private int Run(string? q, string? fq, string? sort, IReadOnlyList<string>? facets = null, int rows = 10)
    {
        var result = CkanSearch.Search(snapshot, new CkanSearchRequest(q, fq, rows, 0, sort, facets ?? [], 50));
        var dicts = result.Results.Select(p => CkanDicts.Package(p, Base)).ToList();
        return result.Count + dicts.Count;
    }

    /// <summary>No query: every dataset, default sort (score, newest change).</summary>
    [Benchmark(Baseline = true)]
    public int All() => Run(null, null, null);

    /// <summary>A Chinese term that matches about one dataset in twelve.</summary>
    [Benchmark]
    public int ChineseTerm() => Run("公交", null, null);

    /// <summary>Two English terms (both must match), title sort.</summary>
    [Benchmark]
    public int EnglishTermsTitleSort() => Run("air quality", null, "title_string asc");

    /// <summary>Filters on organisation and format, facets on organisation, tags and format, 100 rows.</summary>
    [Benchmark]
    public int FilteredWithFacets() => Run("parks", "organization:sh-lh res_format:CSV", "metadata_modified desc", ["organization", "tags", "res_format"], 100);

    /// <summary>The harvesters' pattern: everything, 1000 rows, newest first.</summary>
    [Benchmark]
    public int ThousandRows() => Run("*:*", null, "metadata_modified desc", rows: 1000);

    private sealed class OneCoreConfig : ManualConfig
    {
        public OneCoreConfig() => AddJob(Job.ShortRun.WithAffinity(1).WithId("one-core"));
    }
}

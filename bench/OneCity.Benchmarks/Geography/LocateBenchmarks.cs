using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using OneCity.Platform.Geography;

namespace OneCity.Benchmarks.Geography;

/// <summary>
/// <c>GET /api/geo/locate</c> without HTTP: point → district/subdistrict/neighbourhood/grid over the demo city
/// (6,509 neighbourhood polygons, all unit grids). Pinned to one core; figures are per lookup, so
/// lookups/s = 1e9 / Mean(ns). Run: dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*Locate*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class LocateBenchmarks
{
    private const int N = 1 << 16;
    private readonly AreaLocator locator = new();
    private GeographySnapshot snapshot = GeographySnapshot.Empty;
    private double[] bboxX = [], bboxY = [], gridX = [], gridY = [];

    [GlobalSetup]
    public void Setup()
    {
        var watch = Stopwatch.StartNew();
        var areas = GeographyStore.DemoAreas();
        var synthesised = watch.Elapsed;
        snapshot = GeographySnapshot.Build(areas, null, GeographySnapshot.DefaultGriddedDistricts);
        locator.Replace(snapshot);
        Console.WriteLine($"// demo geography: synthesis {synthesised.TotalSeconds:F2} s, index + grids {(watch.Elapsed - synthesised).TotalSeconds:F2} s; "
            + $"{snapshot.Leaves.Count} leaves, {snapshot.Grids.Count} grids, {snapshot.Index.CellCount} raster cells, {snapshot.Index.BoundaryCells} boundary cells");

        var rng = new Random(42);
        var (minRow, minCol, rows, cols) = snapshot.Index.Bounds;
        bboxX = new double[N];
        bboxY = new double[N];
        gridX = new double[N];
        gridY = new double[N];
        for (var i = 0; i < N; i++)
        {
            bboxX[i] = GridLattice.WestOf(minCol) + (rng.NextDouble() * cols * GridLattice.StepLon);
            bboxY[i] = GridLattice.SouthOf(minRow) + (rng.NextDouble() * rows * GridLattice.StepLat);
            var g = snapshot.Grids[rng.Next(snapshot.Grids.Count)];
            gridX[i] = GridLattice.WestOf(g.Col) + (rng.NextDouble() * GridLattice.StepLon);
            gridY[i] = GridLattice.SouthOf(g.Row) + (rng.NextDouble() * GridLattice.StepLat);
        }

        // Wall-clock figures are meaningless on a shared, overloaded machine; processor time is not (much).
        Console.WriteLine($"// cpu-time: bbox {PerCpuSecond(LocateCityBbox):N0}/s, grid area {PerCpuSecond(LocateGridArea):N0}/s, "
            + $"grid area gcj02 {PerCpuSecond(LocateGridAreaGcj02):N0}/s (lookups per CPU-second, single thread)");
    }

    /// <summary>Lookups per second of processor time (all threads of the process, so slightly pessimistic).</summary>
    public static double PerCpuSecond(Func<int> pass, int passes = 40)
    {
        pass();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < passes; i++)
        {
            pass();
        }

        return passes * (double)N / (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
    }

    [Benchmark(OperationsPerInvoke = N, Description = "Locate: random points in the city bbox")]
    public int LocateCityBbox()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            if (locator.Locate(bboxX[i], bboxY[i]) is not null)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = N, Description = "Locate: random points in the grid area")]
    public int LocateGridArea()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            if (locator.Locate(gridX[i], gridY[i])?.Grid is not null)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = N, Description = "Locate gcj02: random points in the grid area")]
    public int LocateGridAreaGcj02()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            if (locator.Locate(gridX[i], gridY[i], CoordinateSystem.Gcj02) is not null)
            {
                found++;
            }
        }

        return found;
    }

    private sealed class OneCoreConfig : ManualConfig
    {
        public OneCoreConfig() => AddJob(Job.ShortRun.WithAffinity(1).WithId("one-core"));
    }
}

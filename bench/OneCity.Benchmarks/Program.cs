using BenchmarkDotNet.Running;
using OneCity.Benchmarks.CityOps;

// Run all: dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*'
// The report classifier's cross-validation figures: dotnet run -c Release --project bench/OneCity.Benchmarks -- --classifier-cv
if (args is ["--classifier-cv"])
{
    ClassifierCrossValidation.Run();
    return;
}

// Telemetry throughput and the raw write limit of the store: dotnet run -c Release --project bench/OneCity.Benchmarks -- --telemetry [devices] [readings]
if (args is ["--telemetry", ..])
{
    await OneCity.Benchmarks.Sensing.TelemetryThroughput.RunAsync(args);
    return;
}

// The KPI query over 1,000,000 incidents, timed without BenchmarkDotNet (generates the database on first use):
// dotnet run -c Release --project bench/OneCity.Benchmarks -- --kpi-quick
if (args is ["--kpi-quick"])
{
    await KpiQueryBenchmarks.QuickAsync();
    return;
}

// The data API load once, without BenchmarkDotNet's pilot and repeated runs (server started as in docs/BENCHMARKS.md):
// ONECITY_BENCH_URL=… ONECITY_BENCH_RATE=… ONECITY_BENCH_SECONDS=… dotnet run -c Release --project bench/OneCity.Benchmarks -- --datahub-load
// The same for hotline intake and for newborn-bundle submissions: --intake-load, --submission-load.
// Intake throughput in-process (no HTTP): dotnet run -c Release --project bench/OneCity.Benchmarks -- --intake-pipeline [reports] [callers]
if (args is ["--intake-pipeline", ..])
{
    await OneCity.Benchmarks.CityOps.IntakePipeline.RunAsync(args);
    return;
}

if (args is ["--intake-load"])
{
    var load = new IntakeLoad();
    load.Setup();
    await load.FixedRateHotlineReports();
    return;
}

if (args is ["--submission-load"])
{
    var load = new OneCity.Benchmarks.GovServices.SubmissionLoad();
    load.Setup();
    await load.FixedRateSubmissions();
    return;
}

if (args is ["--datahub-load"])
{
    var load = new OneCity.Benchmarks.DataHub.SharingDataApiLoad();
    load.Setup();
    await load.FixedRateLookups();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point marker.</summary>
public partial class Program;

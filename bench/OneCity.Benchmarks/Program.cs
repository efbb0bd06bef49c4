using BenchmarkDotNet.Running;
using OneCity.Benchmarks.CityOps;

// Run all: dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*'
// The report classifier's cross-validation figures: dotnet run -c Release --project bench/OneCity.Benchmarks -- --classifier-cv
if (args is ["--classifier-cv"])
{
    ClassifierCrossValidation.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point marker.</summary>
public partial class Program;

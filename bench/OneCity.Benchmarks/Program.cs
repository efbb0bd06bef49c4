using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point marker.</summary>
public partial class Program;

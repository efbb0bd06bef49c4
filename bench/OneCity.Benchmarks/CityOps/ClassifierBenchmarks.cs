using BenchmarkDotNet.Attributes;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Classification;

namespace OneCity.Benchmarks.CityOps;

/// <summary>
/// <see cref="ReportClassifier.Classify"/> on a trained model: short app-style reports one call after another, a
/// hotline-length message (cut to the classifier's 400 characters), and short reports from all cores at once
/// (Parallel.For; the engine pool hands each thread its own ML.NET prediction engine). Figures are per call, so
/// calls/s = 1e9 / Mean(ns) (for the parallel one, across all cores).
/// Run: dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*ClassifierBenchmarks*' --job short
/// The cross-validation figures: dotnet run -c Release --project bench/OneCity.Benchmarks -- --classifier-cv
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private const int Calls = 4000;

    private static readonly string[] ShortReports =
    [
        "小区门口的井盖不见了，很危险", "路口红绿灯坏了不亮", "马路上积水很深车都过不去", "楼下烧烤摊的烟太大，窗户都不敢开",
        "孩子所在的学校乱收费", "社保卡丢了怎么补办", "路边有人乱倒建筑垃圾", "燃气管道好像漏气了，味道很大",
        "公交站的候车亭玻璃碎了", "工地半夜还在打桩，吵得睡不着", "人行道上停满了车，没法走路", "河里漂着好多死鱼，水发臭",
    ];

    private ReportClassifier classifier = null!;
    private string longMessage = "";

    [GlobalSetup]
    public void Setup()
    {
        var categories = CategoryTree.Load();
        classifier = new ReportClassifier(categories);
        classifier.WarmUpAsync(CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"// trained in {classifier.LastTrainingTime.TotalMilliseconds:F0} ms");
        longMessage = ReportClassifier.TrainingData(categories).Where(t => t.CategoryCode.StartsWith('H')).MaxBy(t => t.Text.Length)!.Text;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double ClassifyShort()
    {
        var sum = 0.0;
        for (var i = 0; i < Calls; i++)
        {
            sum += classifier.Classify(ShortReports[i % ShortReports.Length]).Confidence;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double ClassifyLong()
    {
        var sum = 0.0;
        for (var i = 0; i < Calls; i++)
        {
            sum += classifier.Classify(longMessage).Confidence;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls * 4)]
    public double ClassifyShortAllCores()
    {
        var sums = new double[Environment.ProcessorCount];
        Parallel.For(0, Calls * 4, () => 0.0, (i, _, sum) => sum + classifier.Classify(ShortReports[i % ShortReports.Length]).Confidence,
            sum => { lock (sums) { sums[0] += sum; } });
        return sums[0];
    }
}

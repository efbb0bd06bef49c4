using System.Diagnostics;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Classification;

namespace OneCity.Benchmarks.CityOps;

/// <summary>
/// Prints the classifier's cross-validation figures, the confidence/accuracy table behind
/// <see cref="ReportClassifier.TriageThreshold"/>, and its training time.
/// Run: dotnet run -c Release --project bench/OneCity.Benchmarks -- --classifier-cv
/// </summary>
internal static class ClassifierCrossValidation
{
    private static readonly double[] Thresholds = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8];

    public static void Run()
    {
        var categories = CategoryTree.Load();
        Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

        // Training time: the first training includes JIT; the others are what a retrain costs.
        var times = new List<(double Wall, double Cpu)>();
        for (var i = 0; i < 5; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var classifier = new ReportClassifier(categories);
            classifier.Retrain([]);
            times.Add((classifier.LastTrainingTime.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds));
        }

        Console.WriteLine($"training on {ReportClassifier.TrainingData(categories).Count} texts: first {times[0].Wall:F0} ms (CPU {times[0].Cpu:F0} ms), "
            + $"then median {Median(times.Skip(1).Select(t => t.Wall)):F0} ms (CPU {Median(times.Skip(1).Select(t => t.Cpu)):F0} ms)");

        Latency(categories);

        var watch = Stopwatch.StartNew();
        var predictions = ReportClassifier.CrossValidationPredictions(categories);
        var report = ReportClassifier.Report(predictions, 5);
        Console.WriteLine();
        Console.WriteLine($"5-fold stratified CV on the {report.Messages} Teddy Cup messages ({watch.Elapsed.TotalSeconds:F1} s): "
            + $"macro-F1 {report.MacroF1:F3}, accuracy {report.Accuracy:F3}");
        Console.WriteLine("| topic | messages | F1 |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (code, f1) in report.F1PerCategory)
        {
            Console.WriteLine($"| {code} {categories.Find(code)!.NameZh} | {predictions.Count(p => p.Actual == code)} | {f1:F3} |");
        }

        Console.WriteLine($"held-out messages predicted as a component/event category: {predictions.Count(p => !p.Predicted.StartsWith('H'))}");
        PrintThresholds(predictions);

        watch.Restart();
        var urban = ReportClassifier.UrbanCrossValidationPredictions(categories);
        var urbanReport = ReportClassifier.Report(urban, 5);
        Console.WriteLine();
        Console.WriteLine($"diagnostic: 5-fold CV on the {urbanReport.Messages} urban examples ({watch.Elapsed.TotalSeconds:F1} s): "
            + $"macro-F1 {urbanReport.MacroF1:F3}, accuracy {urbanReport.Accuracy:F3}, predicted as a hotline topic: {urban.Count(p => p.Predicted.StartsWith('H'))}");
        PrintThresholds(urban);
    }

    /// <summary>Wall and CPU time per call, one thread and all cores; CPU time is the figure that survives a loaded machine.</summary>
    private static void Latency(CategoryTree categories)
    {
        var classifier = new ReportClassifier(categories);
        classifier.WarmUpAsync(CancellationToken.None).GetAwaiter().GetResult();
        var messages = ReportClassifier.TrainingData(categories).Where(t => t.CategoryCode.StartsWith('H')).Select(t => t.Text).ToList();
        (string Name, string[] Texts)[] sets =
        [
            ("short reports (9–16 characters)", ["小区门口的井盖不见了，很危险", "路口红绿灯坏了不亮", "马路上积水很深车都过不去", "楼下烧烤摊的烟太大，窗户都不敢开", "孩子所在的学校乱收费", "工地半夜还在打桩，吵得睡不着"]),
            ("hotline messages cut to 100 characters", [.. messages.Take(50).Select(m => ReportClassifier.Normalise(m)[..Math.Min(100, ReportClassifier.Normalise(m).Length)])]),
            ("hotline messages (first 400 characters)", [.. messages.Take(50)]),
        ];
        Console.WriteLine();
        Console.WriteLine("| Classify | one thread: wall per call | one thread: CPU per call | all cores: calls/s | all cores: CPU per call |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, texts) in sets)
        {
            var n = texts[0].Length < 40 ? 40_000 : 4_000;
            for (var i = 0; i < n / 10; i++)
            {
                classifier.Classify(texts[i % texts.Length]);
            }

            var (wall, cpu) = Measure(() =>
            {
                for (var i = 0; i < n; i++)
                {
                    classifier.Classify(texts[i % texts.Length]);
                }
            });
            var (pWall, pCpu) = Measure(() => Parallel.For(0, n * 2, i => classifier.Classify(texts[i % texts.Length])));
            Console.WriteLine($"| {name} | {wall * 1e6 / n:F1} µs | {cpu * 1e6 / n:F1} µs | {n * 2 / pWall:N0} | {pCpu * 1e6 / (n * 2):F1} µs |");
        }
    }

    private static (double WallSeconds, double CpuSeconds) Measure(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        process.Refresh();
        return (watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static void PrintThresholds(IReadOnlyList<HeldOutPrediction> predictions)
    {
        Console.WriteLine("| threshold | dispatched directly | accuracy of those | accuracy of the triaged |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var t in Thresholds)
        {
            var direct = predictions.Where(p => p.Confidence >= t).ToList();
            var triaged = predictions.Where(p => p.Confidence < t).ToList();
            Console.WriteLine($"| {t:F2}{(Math.Abs(t - ReportClassifier.TriageThreshold) < 1e-9 ? " (chosen)" : "")} | {Percent(direct.Count, predictions.Count)} | "
                + $"{Percent(direct.Count(p => p.Actual == p.Predicted), direct.Count)} | {Percent(triaged.Count(p => p.Actual == p.Predicted), triaged.Count)} |");
        }
    }

    private static string Percent(int part, int whole) => whole == 0 ? "—" : $"{100.0 * part / whole:F1}%";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

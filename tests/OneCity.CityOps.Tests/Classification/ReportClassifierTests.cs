using OneCity.CityOps.Categories;
using OneCity.CityOps.Classification;

namespace OneCity.CityOps.Tests.Classification;

/// <summary>One classifier trained on the built-in data, shared by the tests that only read it.</summary>
public sealed class TrainedClassifier
{
    public TrainedClassifier()
    {
        Categories = CategoryTree.Load();
        Classifier = new ReportClassifier(Categories);
        Classifier.WarmUpAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    internal CategoryTree Categories { get; }

    internal ReportClassifier Classifier { get; }
}

/// <summary>The citizen-report classifier: its training data, its answers on clear reports, cross-validation, retraining and thread safety.</summary>
public sealed class ReportClassifierTests(TrainedClassifier trained) : IClassFixture<TrainedClassifier>
{
    /// <summary>
    /// Measured 5-fold macro-F1 on the Teddy Cup messages is 0.79 (docs/BENCHMARKS.md); the floor leaves room for
    /// small changes to the data or ML.NET, but fails if the features or the trainer break.
    /// </summary>
    private const double MacroF1Floor = 0.74;

    [Fact]
    public void UrbanExamplesCoverEveryComponentAndEventLeaf()
    {
        var data = ReportClassifier.TrainingData(trained.Categories);
        var leaves = trained.Categories.Leaves.Where(c => c.Kind is CategoryKind.Component or CategoryKind.Event).ToList();
        Assert.Equal(36, leaves.Count);
        foreach (var leaf in leaves)
        {
            var examples = data.Where(t => t.CategoryCode == leaf.Code).Select(t => t.Text).ToList();
            Assert.True(examples.Count >= 8, $"{leaf.Code} {leaf.NameZh} has {examples.Count} examples.");
            Assert.Equal(examples.Count, examples.Distinct(StringComparer.Ordinal).Count());
        }

        // Everything else is a hotline message labelled with a first-level hotline topic.
        var hotline = data.Where(t => !leaves.Any(l => l.Code == t.CategoryCode)).ToList();
        Assert.Equal(495, hotline.Count);
        Assert.All(hotline, t => Assert.Equal(1, trained.Categories.Find(t.CategoryCode) is { Kind: CategoryKind.Hotline } c ? c.Level : -1));
    }

    [Theory]
    [InlineData("小区门口的井盖不见了，很危险", "0101")]
    [InlineData("路口红绿灯坏了不亮", "0201")]
    [InlineData("马路上积水很深车都过不去", "1502")]
    [InlineData("楼下饭店的油烟太大了，熏得家里没法开窗", "1104")]
    [InlineData("工地半夜还在施工，噪音吵得孩子睡不着觉", "1301")]
    [InlineData("孩子所在的学校乱收费，每学期要交好几百的资料费", "H14")]
    public void ClearUnseenReportsLandInTheirCategory(string text, string expected)
    {
        Assert.DoesNotContain(ReportClassifier.TrainingData(trained.Categories), t => t.Text.Contains(text, StringComparison.Ordinal));
        var result = trained.Classifier.Classify(text);
        Assert.Equal(expected, result.CategoryCode);
    }

    [Fact]
    public void AlternativesAreTheTopThreeBestFirst()
    {
        var result = trained.Classifier.Classify("人行道上的路灯杆被车撞歪了");
        Assert.Equal(3, result.Alternatives.Count);
        Assert.Equal(result.CategoryCode, result.Alternatives[0].CategoryCode);
        Assert.Equal(result.Confidence, result.Alternatives[0].Confidence);
        Assert.True(result.Alternatives[0].Confidence >= result.Alternatives[1].Confidence);
        Assert.True(result.Alternatives[1].Confidence >= result.Alternatives[2].Confidence);
        Assert.True(result.Alternatives.Sum(a => a.Confidence) <= 1.0001);
        Assert.Equal(3, result.Alternatives.Select(a => a.CategoryCode).Distinct().Count());
    }

    [Fact]
    public void UnclearReportsGoToTriage()
    {
        // Says nothing about what is wrong: no category should be confident about it.
        var result = trained.Classifier.Classify("你好，我想反映一个问题");
        Assert.True(result.NeedsTriage, $"{result.CategoryCode} at {result.Confidence:F2}");
        Assert.False(trained.Classifier.Classify("路口红绿灯坏了不亮").NeedsTriage);
        Assert.True(trained.Classifier.Classify(" \u3000 ").NeedsTriage);
    }

    [Fact]
    public void NormalisationFoldsWhiteSpaceAndFullWidthCharacters()
    {
        Assert.Equal("井盖 不见了 ABC1", ReportClassifier.Normalise("\u3000\u3000井盖\t\n 不见了\u3000ＡＢＣ１  \n"));
        Assert.Equal(ReportClassifier.MaxTextLength, ReportClassifier.Normalise(new string('路', 2000)).Length);
        var same = "路灯不亮";
        Assert.Same(same, ReportClassifier.Normalise(same));
    }

    [Fact]
    public void CrossValidatedMacroF1IsAboveTheFloor()
    {
        var report = ReportClassifier.CrossValidate(trained.Categories);
        Assert.Equal(5, report.Folds);
        Assert.Equal(495, report.Messages);

        // The messages carry 7 of the 15 first-level topics.
        Assert.Equal(7, report.F1PerCategory.Count);
        Assert.All(report.F1PerCategory.Keys, k => Assert.StartsWith("H", k, StringComparison.Ordinal));
        Assert.True(report.MacroF1 >= MacroF1Floor, $"macro-F1 {report.MacroF1:F3} < {MacroF1Floor}");
        Assert.True(report.Accuracy >= MacroF1Floor, $"accuracy {report.Accuracy:F3} < {MacroF1Floor}");
        Assert.Equal(report.F1PerCategory.Values.Average(), report.MacroF1, 9);
    }

    [Fact]
    public void RetrainingWithCorrectionsChangesThePredictionForTheCorrectedPhrase()
    {
        var classifier = new ReportClassifier(trained.Categories);
        const string phrase = "电梯里的广告屏一直放声音，吵得很";
        var before = classifier.Classify(phrase).CategoryCode;
        var corrected = before == "1601" ? "0501" : "1601";

        classifier.Retrain([new LabelledText(phrase, corrected)]);

        Assert.Equal(1, classifier.Corrections);
        Assert.Equal(corrected, classifier.Classify(phrase).CategoryCode);
        Assert.Equal("0201", classifier.Classify("路口红绿灯坏了不亮").CategoryCode);

        // Retraining without the correction goes back to the built-in model.
        classifier.Retrain([]);
        Assert.Equal(0, classifier.Corrections);
        Assert.Equal(before, classifier.Classify(phrase).CategoryCode);
    }

    [Fact]
    public void TheNewestCorrectionOfATextWinsAndUntrainableCodesAreSkipped()
    {
        var classifier = new ReportClassifier(trained.Categories);
        const string phrase = "电梯里的广告屏一直放声音，吵得很";
        var before = classifier.Classify(phrase).CategoryCode;
        var newest = before == "0501" ? "1601" : "0501";
        classifier.Retrain(
        [
            new LabelledText(phrase, newest),
            new LabelledText("\u3000" + phrase + " ", before), // older, and the same text once normalised
            new LabelledText("路灯不亮", "01"), // not a leaf
            new LabelledText("路灯不亮", "9999"), // unknown
            new LabelledText("  ", "0102"), // empty
        ]);

        Assert.Equal(1, classifier.Corrections);
        Assert.Equal(newest, classifier.Classify(phrase).CategoryCode);
    }

    [Fact]
    public void ClassifyIsThreadSafe()
    {
        string[] texts =
        [
            "小区门口的井盖不见了，很危险", "路口红绿灯坏了不亮", "马路上积水很深车都过不去", "楼下烧烤摊的烟太大",
            "孩子所在的学校乱收费", "社保卡丢了怎么补办", "路边有人乱倒建筑垃圾", "燃气管道好像漏气了，味道很大",
        ];
        var expected = texts.Select(t => trained.Classifier.Classify(t)).ToArray();
        var results = new ClassificationResult[4000];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = trained.Classifier.Classify(texts[i % texts.Length]));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % texts.Length].CategoryCode, results[i].CategoryCode);
            Assert.Equal(expected[i % texts.Length].Confidence, results[i].Confidence);
        }
    }

    [Fact]
    public async Task ClassifyTrainsOnFirstUseAndWaitsForAWarmUpInProgress()
    {
        var classifier = new ReportClassifier(trained.Categories);
        var warmUp = classifier.WarmUpAsync(CancellationToken.None);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => classifier.Classify("路口红绿灯坏了不亮"))));
        await warmUp;
        Assert.All(results, r => Assert.Equal("0201", r.CategoryCode));
        Assert.True(classifier.LastTrainingTime > TimeSpan.Zero);
    }
}

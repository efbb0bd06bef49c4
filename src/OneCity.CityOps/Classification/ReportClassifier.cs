using System.Diagnostics;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using OneCity.CityOps.Categories;

namespace OneCity.CityOps.Classification;

/// <summary>One candidate category with the model's probability for it.</summary>
internal sealed record Suggestion(string CategoryCode, double Confidence);

/// <summary>The best category, its probability, and the top three candidates (the best one first).</summary>
internal sealed record ClassificationResult(string CategoryCode, double Confidence, IReadOnlyList<Suggestion> Alternatives)
{
    /// <summary>True when the report should go to the manual triage queue instead of being dispatched directly.</summary>
    public bool NeedsTriage => Confidence < ReportClassifier.TriageThreshold;
}

/// <summary>A text with its category: built-in training data or a dispatcher's correction.</summary>
internal sealed record LabelledText(string Text, string CategoryCode);

/// <summary>Cross-validation figures on the hotline messages; F1 per hotline topic code.</summary>
internal sealed record CrossValidationReport(int Folds, int Messages, double MacroF1, double Accuracy, IReadOnlyDictionary<string, double> F1PerCategory);

/// <summary>One held-out message of a cross-validation run: its label, the prediction and the prediction's confidence.</summary>
internal sealed record HeldOutPrediction(string Actual, string Predicted, double Confidence);

/// <summary>
/// Classifies citizen reports (12345 hotline calls, app reports) into the component/event leaf categories
/// (0101 … 1601) and the first-level hotline topics (H01 … H15).
/// </summary>
/// <remarks>
/// The model is trained from the module's own data (the labelled Teddy Cup hotline messages, the written urban examples
/// and, after <see cref="Retrain"/>, the dispatchers' corrections), once per process: off the request path by
/// <see cref="WarmUpAsync"/>, or on the first <see cref="Classify"/> if the warm-up has not finished (about 1.5 s of
/// one core). Features are TF-IDF-weighted character 1–3-grams of the normalised text, L2-normalised: no word
/// segmentation, since Chinese has no spaces and character n-grams cover most words of one to three characters. The
/// trainer is a multiclass maximum-entropy model (SDCA) with class-balanced example weights, so the scores are softmax
/// probabilities and the top one is the confidence. Thread-safe: the current model is an immutable snapshot read
/// without locks; each snapshot keeps a pool of ML.NET prediction engines (a <see cref="PredictionEngine{TSrc,TDst}"/>
/// is not thread-safe), and <see cref="Retrain"/> swaps in a new snapshot atomically.
/// </remarks>
internal sealed class ReportClassifier
{
    /// <summary>
    /// Below this confidence a report goes to the manual triage queue. Chosen from the held-out predictions of the
    /// cross-validations (docs/BENCHMARKS.md, "CityOps: report classifier"): 0.5 is the lowest threshold at which the
    /// reports dispatched directly are right at least 90% of the time both for the hotline messages (91%, 63% of them
    /// dispatched directly) and for the short written reports (92%, 30% directly); above it precision gains about a
    /// point per 0.1 while the share sent to triage grows by 4–7 points per 0.05. A wrong direct dispatch costs a
    /// rejection and a second dispatch against the category's deadline; a triaged report costs a dispatcher a few
    /// seconds with the top three suggestions in front of them.
    /// </summary>
    public const double TriageThreshold = 0.5;

    /// <summary>A dispatcher's correction counts as this many built-in examples: it is a real report, checked by a person.</summary>
    internal const float CorrectionWeight = 3f;

    /// <summary>Texts are cut to their first characters: the subject and opening lines carry the topic, the rest mostly noise and cost.</summary>
    internal const int MaxTextLength = 400;

    private const int Seed = 1;
    private const int MaxEpochs = 100;
    private const string LabelKey = "LabelKey";
    private const string Features = "Features";

    private readonly CategoryTree categories;
    private readonly Lazy<IReadOnlyList<LabelledText>> builtIn;
    private readonly Lock trainGate = new();
    private volatile Model? model;

    public ReportClassifier(CategoryTree categories)
    {
        this.categories = categories;
        builtIn = new Lazy<IReadOnlyList<LabelledText>>(() => TrainingData(categories));
    }

    /// <summary>How long the last training took (zero before the first).</summary>
    public TimeSpan LastTrainingTime { get; private set; }

    /// <summary>Number of dispatcher corrections in the current model (distinct texts with a trainable code).</summary>
    public int Corrections => model?.Corrections ?? 0;

    /// <summary>Trains the model once, off the request path (call from a hosted service at start-up).</summary>
    public Task WarmUpAsync(CancellationToken ct) => Task.Run(() => EnsureModel(), ct);

    /// <summary>The most likely category for a citizen's report; trains first if the warm-up has not finished.</summary>
    public ClassificationResult Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EnsureModel().Classify(Normalise(text));
    }

    /// <summary>
    /// Retrains with the built-in data and the dispatchers' corrections (all of them, not only new ones) and swaps the
    /// model in atomically; classifications in flight finish on the old one. Pass the newest correction first: for the
    /// same (normalised) text the first one wins. Corrections to a code that is neither a component/event leaf nor a
    /// first-level hotline topic (a category since removed, say) are skipped rather than failing the whole retraining.
    /// </summary>
    public void Retrain(IEnumerable<LabelledText> corrections)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        var byText = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in corrections)
        {
            var text = Normalise(c.Text);
            if (text.Length > 0 && IsTrainableCode(categories, c.CategoryCode))
            {
                byText.TryAdd(text, c.CategoryCode);
            }
        }

        var rows = builtIn.Value.Select(t => Row(t, 1f))
            .Concat(byText.Select(kv => Row(new LabelledText(kv.Key, kv.Value), CorrectionWeight)))
            .ToList();
        lock (trainGate)
        {
            model = TrainAndRecord(rows, byText.Count);
        }
    }

    /// <summary>The built-in training data: the hotline messages (subject and body; labels H01 … H15) and the urban examples (leaf codes).</summary>
    public static IReadOnlyList<LabelledText> TrainingData(CategoryTree categories) =>
        [.. HotlineMessages(categories), .. UrbanExamples(categories)];

    /// <summary>
    /// Stratified k-fold cross-validation on the hotline messages only: each fold's messages are classified by a model
    /// trained on the other folds and all urban examples. Macro-F1 is the mean F1 over the hotline topics present in the
    /// messages; a message predicted as a component/event category counts as a miss.
    /// </summary>
    public static CrossValidationReport CrossValidate(CategoryTree categories, int folds = 5, int seed = 1) =>
        Report(CrossValidationPredictions(categories, folds, seed), folds);

    /// <summary>The held-out predictions behind <see cref="CrossValidate"/>, in message order; used to choose <see cref="TriageThreshold"/>.</summary>
    internal static IReadOnlyList<HeldOutPrediction> CrossValidationPredictions(CategoryTree categories, int folds = 5, int seed = 1) =>
        CrossValidationPredictions(HotlineMessages(categories), UrbanExamples(categories), folds, seed);

    /// <summary>
    /// The same cross-validation the other way round, as a diagnostic for short reports: each fold's urban examples are
    /// classified by a model trained on the other folds and all hotline messages.
    /// </summary>
    internal static IReadOnlyList<HeldOutPrediction> UrbanCrossValidationPredictions(CategoryTree categories, int folds = 5, int seed = 1) =>
        CrossValidationPredictions(UrbanExamples(categories), HotlineMessages(categories), folds, seed);

    /// <summary>Macro-F1 (over the labels present among the held-out texts), accuracy and F1 per label.</summary>
    internal static CrossValidationReport Report(IReadOnlyList<HeldOutPrediction> predictions, int folds)
    {
        var f1 = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var label in predictions.Select(p => p.Actual).Distinct().Order(StringComparer.Ordinal))
        {
            var tp = predictions.Count(p => p.Actual == label && p.Predicted == label);
            var predicted = predictions.Count(p => p.Predicted == label);
            var actual = predictions.Count(p => p.Actual == label);
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = (double)tp / actual;
            f1[label] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }

        return new CrossValidationReport(
            folds,
            predictions.Count,
            f1.Values.Average(),
            (double)predictions.Count(p => p.Actual == p.Predicted) / predictions.Count,
            f1);
    }

    /// <summary>
    /// Normalises a text for training and classification: folds full-width ASCII (Ａ, １, ！) to half-width, collapses
    /// runs of white space (including the full-width space U+3000, tabs and line breaks) into one space, trims, and keeps
    /// the first <see cref="MaxTextLength"/> characters.
    /// </summary>
    internal static string Normalise(string text)
    {
        var length = Math.Min(text.Length, MaxTextLength);
        Span<char> buffer = stackalloc char[length];
        var n = 0;
        var pendingSpace = false;
        foreach (var ch in text)
        {
            var c = ch is >= '\uFF01' and <= '\uFF5E' ? (char)(ch - 0xFEE0) : ch;
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = n > 0;
                continue;
            }

            if (pendingSpace)
            {
                if (n + 1 >= length)
                {
                    break;
                }

                buffer[n++] = ' ';
                pendingSpace = false;
            }

            buffer[n++] = c;
            if (n == length)
            {
                break;
            }
        }

        return text.AsSpan().SequenceEqual(buffer[..n]) ? text : new string(buffer[..n]);
    }

    private static IReadOnlyList<HeldOutPrediction> CrossValidationPredictions(List<LabelledText> evaluated, List<LabelledText> alwaysTrained, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);

        // Stratified: shuffle each label's texts, then deal them round-robin to the folds.
        var fold = new int[evaluated.Count];
        var random = new Random(seed);
        foreach (var group in Enumerable.Range(0, evaluated.Count).GroupBy(i => evaluated[i].CategoryCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var indices = group.ToArray();
            random.Shuffle(indices);
            for (var k = 0; k < indices.Length; k++)
            {
                fold[indices[k]] = k % folds;
            }
        }

        var results = new HeldOutPrediction[evaluated.Count];
        for (var f = 0; f < folds; f++)
        {
            var rows = Enumerable.Range(0, evaluated.Count).Where(i => fold[i] != f).Select(i => evaluated[i])
                .Concat(alwaysTrained)
                .Select(t => Row(t, 1f))
                .ToList();
            var trained = Train(rows, 0).Model;
            foreach (var i in Enumerable.Range(0, evaluated.Count).Where(i => fold[i] == f))
            {
                var result = trained.Classify(Normalise(evaluated[i].Text));
                results[i] = new HeldOutPrediction(evaluated[i].CategoryCode, result.CategoryCode, result.Confidence);
            }
        }

        return results;
    }

    private Model EnsureModel()
    {
        if (model is { } m)
        {
            return m;
        }

        lock (trainGate)
        {
            return model ??= TrainAndRecord(builtIn.Value.Select(t => Row(t, 1f)).ToList(), 0);
        }
    }

    private Model TrainAndRecord(List<TrainingRow> rows, int corrections)
    {
        var (trained, elapsed) = Train(rows, corrections);
        LastTrainingTime = elapsed;
        return trained;
    }

    private static TrainingRow Row(LabelledText text, float weight) => new() { Text = Normalise(text.Text), Label = text.CategoryCode, Weight = weight };

    private static (Model Model, TimeSpan Elapsed) Train(List<TrainingRow> rows, int corrections)
    {
        var stopwatch = Stopwatch.StartNew();
        var ml = new MLContext(seed: Seed);

        // Class-balanced weights: every category weighs as much in total as the average category, so the 15 or so short
        // examples of a component/event category are not drowned by the 30–100 long messages of a hotline topic.
        var perLabel = rows.GroupBy(r => r.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var mean = (double)rows.Count / perLabel.Count;
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new TrainingRow { Text = r.Text, Label = r.Label, Weight = (float)(r.Weight * mean / perLabel[r.Label]) }).ToList());
        var keyed = ml.Transforms.Conversion.MapValueToKey(LabelKey, nameof(TrainingRow.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(data).Transform(data);
        var keyValues = default(VBuffer<ReadOnlyMemory<char>>);
        keyed.Schema[LabelKey].GetKeyValues(ref keyValues);
        var labels = keyValues.DenseValues().Select(v => v.ToString()).ToArray();

        var featurizer = new TextFeaturizingEstimator.Options
        {
            // Character 1–3-grams, no words: Chinese has no spaces to split words at.
            WordFeatureExtractor = null,
            CharFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = 3,
                UseAllLengths = true,
                // The most frequent n-grams of each length: fewer features keep SDCA's epochs short, and n-grams seen once
                // or twice in the training data carry little beyond noise.
                MaximumNgramsCount = [2_000, 5_000, 5_000],
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepPunctuations = false,
            KeepNumbers = true,
            KeepDiacritics = false,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = ml.Transforms.Text.FeaturizeText(Features, featurizer, nameof(TrainingRow.Text))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = LabelKey,
                FeatureColumnName = Features,
                ExampleWeightColumnName = nameof(TrainingRow.Weight),
                // One thread: deterministic with the fixed seed, and start-up training leaves the other core to the app.
                NumberOfThreads = 1,
                // Chosen by cross-validation among 3e-6 … 1e-3: larger flattens the probabilities and loses the short
                // examples to the long messages; smaller gains little and needs more epochs (1e-5: about 50).
                L2Regularization = 2e-5f,
                // SDCA converges in about 30 epochs with it; the cap bounds training time if it ever does not.
                MaximumNumberOfIterations = MaxEpochs,
            }));
        var transformer = pipeline.Fit(keyed);
        return (new Model(ml, transformer, labels, corrections), stopwatch.Elapsed);
    }

    private static List<LabelledText> HotlineMessages(CategoryTree categories)
    {
        var rows = CategoryTree.ReadCsv(CategoryTree.ReadResource("hotline_messages.csv"));
        var result = new List<LabelledText>(rows.Count);
        foreach (var row in rows)
        {
            // 留言编号,留言用户,留言主题,留言时间,留言详情,一级分类
            if (row.Length < 6)
            {
                continue;
            }

            var code = categories.HotlineTopicCodes.GetValueOrDefault(row[5])
                ?? throw new InvalidDataException($"Hotline message {row[0]} has an unknown topic '{row[5]}'.");
            result.Add(new LabelledText(row[2].Trim() + "。" + row[4].Trim(), code));
        }

        return result;
    }

    private static List<LabelledText> UrbanExamples(CategoryTree categories)
    {
        var rows = CategoryTree.ReadCsv(CategoryTree.ReadResource("urban_examples.csv"));
        var result = new List<LabelledText>(rows.Count);
        foreach (var row in rows)
        {
            // category,text
            if (categories.Find(row[0]) is not { IsLeaf: true, Kind: CategoryKind.Component or CategoryKind.Event })
            {
                throw new InvalidDataException($"Urban example category '{row[0]}' is not a component or event leaf.");
            }

            result.Add(new LabelledText(row[1], row[0]));
        }

        return result;
    }

    private static bool IsTrainableCode(CategoryTree categories, string code) => categories.Find(code) is
        { IsLeaf: true, Kind: CategoryKind.Component or CategoryKind.Event } or { Kind: CategoryKind.Hotline, Level: 1 };

    /// <summary>A trained model: immutable, with its own pool of prediction engines.</summary>
    private sealed class Model
    {
        private readonly string[] labels;
        private readonly ObjectPool<PredictionEngine<TextInput, ScoreOutput>> engines;

        public Model(MLContext ml, ITransformer transformer, string[] labels, int corrections)
        {
            this.labels = labels;
            Corrections = corrections;
            engines = new DefaultObjectPool<PredictionEngine<TextInput, ScoreOutput>>(new EnginePolicy(ml, transformer), Environment.ProcessorCount * 4);
        }

        public int Corrections { get; }

        public ClassificationResult Classify(string normalisedText)
        {
            var engine = engines.Get();
            float[] scores;
            try
            {
                scores = engine.Predict(new TextInput { Text = normalisedText }).Score;
            }
            finally
            {
                engines.Return(engine);
            }

            // Top three in one pass.
            int a = -1, b = -1, c = -1;
            for (var i = 0; i < scores.Length; i++)
            {
                if (a < 0 || scores[i] > scores[a])
                {
                    (a, b, c) = (i, a, b);
                }
                else if (b < 0 || scores[i] > scores[b])
                {
                    (b, c) = (i, b);
                }
                else if (c < 0 || scores[i] > scores[c])
                {
                    c = i;
                }
            }

            var top = new List<Suggestion>(3);
            foreach (var i in (ReadOnlySpan<int>)[a, b, c])
            {
                if (i >= 0)
                {
                    top.Add(new Suggestion(labels[i], scores[i]));
                }
            }

            return new ClassificationResult(top[0].CategoryCode, top[0].Confidence, top);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer transformer) : IPooledObjectPolicy<PredictionEngine<TextInput, ScoreOutput>>
    {
        private readonly Lock gate = new();

        public PredictionEngine<TextInput, ScoreOutput> Create()
        {
            lock (gate)
            {
                return ml.Model.CreatePredictionEngine<TextInput, ScoreOutput>(transformer);
            }
        }

        public bool Return(PredictionEngine<TextInput, ScoreOutput> obj) => true;
    }

    private sealed class TrainingRow
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";

        public float Weight { get; set; }
    }

    private sealed class TextInput
    {
        public string Text { get; set; } = "";
    }

    private sealed class ScoreOutput
    {
        public float[] Score { get; set; } = [];
    }
}

using System.Text.Json.Nodes;
using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using static TorchSharp.torch;

namespace Lepton.Training.Text;

/// <summary>
/// The neural text candidates: each text column tokenized with cl100k_base (Microsoft.ML.Tokenizers, offline) into ids
/// of a vocabulary fitted on the training rows, embedded and encoded (<see cref="TextEncoder"/>), joined with the
/// table's other features (a functional model of one input per text column and one for the numbers), then
/// Dense 64 → Dropout → output. Adam, early stopping on the validation loss with the best weights restored, a
/// regression target standardized as the mlp, and the time budget. No class weights: the candidates are kept by
/// accuracy, which weighting the rare classes up costs (on Austen's novels, classes 2.5 : 1). The pipeline is its
/// own — the same roles as the plan's, but the text tokenized instead of TF-IDF — and goes into the model file, so
/// prediction and serving tokenize exactly as training did.
/// </summary>
internal static class TextCandidate
{
    /// <summary>Ids a text column's vocabulary may hold (with padding and unknown).</summary>
    public const int MaxTokens = 20_000;

    private const int EmbeddingDim = 64;
    private const int MaxEpochs = 200;

    /// <summary>The candidate names, with the encoder each uses.</summary>
    public static IReadOnlyDictionary<string, TextEncoder> Encoders { get; } = new Dictionary<string, TextEncoder>(StringComparer.Ordinal)
    {
        ["text"] = TextEncoder.Bag,
        ["text_lstm"] = TextEncoder.Lstm,
        ["text_gru"] = TextEncoder.Gru,
        ["text_transformer"] = TextEncoder.Transformer,
    };

    public static bool Handles(string candidate) => Encoders.ContainsKey(candidate);

    /// <summary>Whether the plan has a text column to encode; without one the text candidates are skipped.</summary>
    public static bool Applies(TrainingPlan plan) => plan.Features.Any(f => f.Role == FeatureRole.Text);

    /// <summary>Fits the candidate's pipeline on <paramref name="trainRows"/>, splits off the same validation rows as the other candidates and trains.</summary>
    public static TextTrial Train(string candidate, TrainingPlan plan, Table trainRows, TimeSpan budget, IEnumerable<Callback> callbacks,
        CancellationToken cancellationToken)
    {
        var encoder = Encoders[candidate];
        var classification = plan.Task == TrainingTask.Classification;
        var target = plan.Target;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var transformed = plan.BuildPipeline((pipeline, column) => pipeline.SubwordIds(column, sequenceLength: 0, maxTokens: MaxTokens)).Fit(trainRows, out var fitted);
        var table = transformed.Table;
        var names = table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var texts = plan.Features.Where(f => f.Role == FeatureRole.Text).Select(f => f.Name).ToList();
        // The tokenizing step names its outputs column#0, column#1, … (SubwordIdsStep).
        var tokens = texts.Select(t => Enumerable.Range(0, int.MaxValue).Select(i => $"{t}#{i}").TakeWhile(names.Contains).ToList()).ToList();
        var tokenColumns = tokens.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        var notFeatures = plan.Columns.Where(c => !c.IsFeature).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var numbers = table.Columns.Where(c => !notFeatures.Contains(c.Name) && !tokenColumns.Contains(c.Name) && (c.IsNumeric || c.Kind == ColumnKind.Boolean))
            .Select(c => c.Name).ToList();
        List<int> sizes = [.. tokens.Select(t => t.Count), .. numbers.Count > 0 ? new[] { numbers.Count } : []];
        var preprocessing = new TablePreprocessing(fitted, [.. tokens.SelectMany(t => t), .. numbers], sizes, [.. plan.Features.Select(f => f.Name)]);
        var vocabularies = texts.Select(t => VocabularySize(fitted, t)).ToList();

        var classes = classification ? plan.ClassNames : null;
        using var inner = classification
            ? Splitter.Stratified(table, target, plan.Options.ValidationFraction, plan.Options.Seed)
            : Splitter.Random(table, plan.Options.ValidationFraction, plan.Options.Seed);
        using var fit = TableDataset.FromTransformed(inner.Train, preprocessing, target, classes);
        var validation = TableDataset.FromTransformed(inner.Test, preprocessing, target, classes);
        try
        {
            var prepared = clock.Elapsed;
            var (model, note) = Fit(encoder, texts, tokens.Select(t => t.Count).ToList(), vocabularies, numbers.Count, fit, validation, plan, budget, callbacks, cancellationToken);
            return new TextTrial(model, $"{note}; tokenizing {prepared.TotalSeconds:0.0} s, training {(clock.Elapsed - prepared).TotalSeconds:0.0} s", preprocessing, validation);
        }
        catch
        {
            validation.Dispose();
            throw;
        }
    }

    private static (Model Model, string Note) Fit(TextEncoder encoder, List<string> texts, List<int> lengths, List<int> vocabularies, int numbers,
        TableDataset fit, TableDataset validation, TrainingPlan plan, TimeSpan budget, IEnumerable<Callback> callbacks, CancellationToken cancellationToken)
    {
        LeptonRuntime.Seed(plan.Options.Seed);
        var classification = plan.Task == TrainingTask.Classification;
        var outputs = classification ? plan.ClassNames.Count : 1;
        var model = Build(encoder, texts, lengths, vocabularies, numbers, outputs);
        // At 0.01 the bag of embeddings was at its best after one epoch on Austen's paragraphs (then overfitted).
        var learningRate = encoder == TextEncoder.Bag ? 3e-3 : 2e-3;
        model.Compile(new Adam(learningRate), classification ? new SparseCategoricalCrossentropy(fromLogits: true) : new MeanSquaredError(),
            classification ? new Accuracy() : new R2Score());

        var (mean, scale) = classification ? (0.0, 1.0) : TargetScaling.Moments(fit.Labels);
        using var train = classification ? null : Standardized(fit, mean, scale);
        using var valid = classification ? null : Standardized(validation, mean, scale);
        var batchSize = fit.Count < 2_000 ? 32 : 64;
        var patience = encoder == TextEncoder.Bag ? 5 : 3;
        // A separable problem lowers the loss forever by ever smaller steps; a thousandth is no longer learning.
        using var best = new EarlyStopping("val_loss", patience: patience, minDelta: 1e-3, restoreBestWeights: true);
        using var timer = new EpochBudget(budget, cancellationToken);
        var history = model.Fit((Dataset?)train ?? fit, MaxEpochs, batchSize, validationData: (Dataset?)valid ?? validation,
            callbacks: [best, timer, .. callbacks], verbose: Verbosity.Silent, cancellationToken: timer.Token);
        cancellationToken.ThrowIfCancellationRequested();
        if (!classification) TargetScaling.Rescale(model, mean, scale);
        var why = history.Cancelled ? "stopped by the time limit" : history.StoppedEarly ? "stopped early" : "ran every epoch";
        var shapes = string.Join(", ", texts.Select((t, i) => $"'{t}': {vocabularies[i]:N0} cl100k tokens, length {lengths[i]}"));
        return (model, $"{Describe(encoder)} ({shapes}); {history.Epochs.Count} epochs of batch {batchSize} ({why}), best epoch {(best.BestEpoch ?? 0) + 1}");
    }

    /// <summary>One input per text column (its token ids) and one for the other features, encoded, joined and classified.</summary>
    internal static Model Build(TextEncoder encoder, IReadOnlyList<string> texts, IReadOnlyList<int> lengths, IReadOnlyList<int> vocabularies, int numbers, int outputs)
    {
        var inputs = new List<Input>();
        var encoded = new List<SymbolicTensor>();
        for (var i = 0; i < texts.Count; i++)
        {
            var ids = new Input(new Shape(lengths[i]), $"{texts[i]}_tokens");
            inputs.Add(ids);
            var x = new Embedding(vocabularies[i], EmbeddingDim, $"embedding_{i}").Apply(ids);
            x = encoder switch
            {
                TextEncoder.Lstm => new LSTM(EmbeddingDim / 2, returnSequences: true, bidirectional: true, name: $"lstm_{i}").Apply(x),
                TextEncoder.Gru => new GRU(EmbeddingDim / 2, returnSequences: true, bidirectional: true, name: $"gru_{i}").Apply(x),
                TextEncoder.Transformer => new TransformerEncoder(4, 2 * EmbeddingDim, name: $"transformer_{i}")
                    .Apply(new Add($"add_positions_{i}").Apply(x, new PositionEmbedding(lengths[i], $"positions_{i}").Apply(x))),
                _ => x,
            };
            encoded.Add(new Dropout(0.2, $"text_dropout_{i}").Apply(new GlobalAveragePool1D($"average_{i}").Apply(x, ids)));
        }
        if (numbers > 0)
        {
            var features = new Input(new Shape(numbers), "features");
            inputs.Add(features);
            encoded.Add(features);
        }
        var joined = encoded.Count > 1 ? new Concatenate(name: "concatenate").Apply([.. encoded]) : encoded[0];
        var hidden = new Dropout(0.2, name: "hidden_dropout").Apply(new Dense(64, "relu", name: "hidden").Apply(joined));
        var output = new Dense(outputs, name: "output").Apply(hidden);
        return new Model(inputs, output, $"text_{encoder.ToString().ToLowerInvariant()}");
    }

    private static string Describe(TextEncoder encoder) => encoder switch
    {
        TextEncoder.Lstm => "bidirectional LSTM",
        TextEncoder.Gru => "bidirectional GRU",
        TextEncoder.Transformer => "Transformer encoder",
        _ => "bag of embeddings",
    };

    /// <summary>The ids the fitted vocabulary of <paramref name="column"/> gives (kept tokens, padding and unknown), read from the pipeline's JSON.</summary>
    private static int VocabularySize(FittedPipeline fitted, string column)
    {
        var steps = fitted.ToJsonObject()["steps"] as JsonArray ?? [];
        var step = steps.OfType<JsonObject>().Single(s => (string?)s["step"] == "subword_ids" && (string?)s["Column"] == column);
        return (step["Vocabulary"] as JsonArray)!.Count + 2;
    }

    private static TensorDataset Standardized(TableDataset data, double mean, double scale)
    {
        using var scope = NewDisposeScope();
        var labels = ((data.Labels - mean) / scale).MoveToOuterDisposeScope();
        return new TensorDataset([.. data.Inputs.Select(t => t.clone().MoveToOuterDisposeScope())], labels);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Training.Automatic;
using static TorchSharp.torch;

namespace Lepton.Training.Specs;

/// <summary>
/// A spec with several output features trains one multi-task network: the combiner's layers are a shared trunk, each
/// output has its own head (class logits, or one value), and the loss is the mean of the heads' losses
/// (<see cref="MultiOutputLoss"/>). Metrics are reported per output (<c>OUTPUT_accuracy</c>, <c>OUTPUT_r2</c>, …).
/// </summary>
internal static class MultiOutputTrainer
{
    public static TableTrainingResult TrainAndTest(Table table, TrainingPlan plan, Table transformed, TablePreprocessing preprocessing, Table testRows, Stopwatch clock,
        IProgress<string>? progress, IEnumerable<Callback>? callbacks, CancellationToken cancellationToken)
    {
        var spec = plan.Spec!;
        var outputs = spec.OutputFeatures;
        var classes = outputs.Select(o => o.IsClassification ? FeatureTensors.ClassNames(table, o.Name) : null).ToList();
        var widths = classes.Select(c => c?.Count ?? 1).ToArray();
        using var inner = SpecPlanner.Split(transformed, plan, plan.Options.ValidationFraction);
        using var fit = Targets(outputs, classes, o => TableDataset.FromTransformed(inner.Train, preprocessing, o.Name, classes[outputs.IndexOf(o)]));
        using var validation = Targets(outputs, classes, o => TableDataset.FromTransformed(inner.Test, preprocessing, o.Name, classes[outputs.IndexOf(o)]));
        using var test = Targets(outputs, classes, o => TableDataset.FromTable(testRows, preprocessing, o.Name, classes[outputs.IndexOf(o)]));

        progress?.Report($"training one network with {outputs.Count} heads");
        var started = clock.Elapsed;
        var budget = plan.Options.TimeLimit - clock.Elapsed;
        var (model, note) = Train(spec, widths, fit, validation, plan.Options.Seed, budget > TimeSpan.Zero ? budget : TimeSpan.FromSeconds(1), callbacks, cancellationToken);
        var validationMetrics = Metrics(model, validation, outputs, widths);
        var score = outputs.Select(o => validationMetrics[$"{o.Name}_{(o.IsClassification ? "accuracy" : "r2")}"]).Average();
        List<CandidateTrial> trials = [new("mlp", score, clock.Elapsed - started, $"{note}; score: the mean of the outputs' accuracy or r2")];

        progress?.Report($"testing on {test.Count:N0} held-out rows");
        var testMetrics = Metrics(model, test, outputs, widths);
        testMetrics["loss"] = model.Evaluate(test)["loss"];
        Describe(model, plan, preprocessing, classes, widths, trials, testMetrics);
        return new TableTrainingResult(model, plan, trials, "mlp", testMetrics, fit.Count, validation.Count, test.Count);
    }

    /// <summary>The features and one target column per output (class indices as numbers, or values).</summary>
    private static TensorDataset Targets(IReadOnlyList<OutputFeatureSpec> outputs, IReadOnlyList<IReadOnlyList<string>?> classes, Func<OutputFeatureSpec, TableDataset> make)
    {
        using var scope = NewDisposeScope();
        Tensor? features = null;
        var columns = new List<Tensor>();
        foreach (var output in outputs)
        {
            using var data = make(output);
            features ??= data.Features.clone();
            columns.Add(data.Labels.reshape(-1).to(ScalarType.Float32));
        }
        var targets = stack(columns, 1);
        return new TensorDataset(features!.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }

    private static (Model, string) Train(TrainingSpec spec, int[] widths, TensorDataset fit, TensorDataset validation, int seed, TimeSpan budget,
        IEnumerable<Callback>? callbacks, CancellationToken cancellationToken)
    {
        LeptonRuntime.Seed(seed);
        var (c, t) = (spec.Combiner, spec.Trainer);
        var input = new Input(new Shape(fit.InputShapes[0][0]), "features");
        SymbolicTensor trunk = input;
        foreach (var layer in SpecCandidate.HiddenLayers(c)) trunk = layer.Apply(trunk);
        var heads = widths.Select((w, i) => new Dense(w, name: $"head_{i + 1}").Apply(trunk)).ToArray();
        var model = new Model(input, heads.Length == 1 ? heads[0] : new Concatenate(name: "heads").Apply(heads), "multi_task");
        model.Compile(SpecCandidate.Optimizer(t), new MultiOutputLoss(widths));

        // Value targets are standardized for training and their heads scaled back after (as TargetScaling does for one output).
        var moments = Moments(fit.Target!, widths);
        using var train = Standardized(fit, moments);
        using var valid = Standardized(validation, moments);
        var epochs = t.Epochs!.Value;
        var batchSize = SpecCandidate.BatchSize(t, fit.Count);
        using var best = t.EarlyStop >= 0 ? new EarlyStopping("val_loss", patience: t.EarlyStop.Value, restoreBestWeights: true) : null;
        var extra = new List<Callback>();
        if (best is not null) extra.Add(best);
        if (SpecCandidate.Schedule(t, epochs) is { } schedule) extra.Add(schedule);
        if (t.ReduceOnPlateau > 0) extra.Add(new ReduceLROnPlateau("val_loss", t.ReduceOnPlateauRate!.Value, t.ReduceOnPlateau.Value));
        using var timer = new EpochBudget(budget, cancellationToken);
        var history = model.Fit(train, epochs, batchSize, validationData: valid, callbacks: [.. extra, timer, .. callbacks ?? []], verbose: Verbosity.Silent, cancellationToken: timer.Token);
        cancellationToken.ThrowIfCancellationRequested();
        Rescale(model, moments);
        var why = history.Cancelled ? "stopped by the time limit" : history.StoppedEarly ? "stopped early" : "ran every epoch";
        var hidden = c.FcLayers!.Count == 0 ? "no shared hidden layer" : $"shared layers {string.Join("-", c.FcLayers)}";
        var weights = t.ClassWeights is "balanced" || t.ClassWeightValues is not null ? "; class weights are not applied to several outputs" : "";
        return (model, $"{hidden}, {widths.Length} heads, {history.Epochs.Count} epochs of batch {batchSize} ({why}){weights}");
    }

    /// <summary>Mean and scale of each value head's target; (0, 1) for class heads.</summary>
    private static (double Mean, double Scale)[] Moments(Tensor targets, int[] widths)
    {
        using var scope = NewDisposeScope();
        return widths.Select((w, i) =>
        {
            if (w > 1) return (0.0, 1.0);
            var column = targets.select(1, i);
            var std = column.numel() > 1 ? column.std().item<float>() : 0f;
            return ((double)column.mean().item<float>(), std > 1e-8 ? std : 1.0);
        }).ToArray();
    }

    private static TensorDataset Standardized(TensorDataset data, (double Mean, double Scale)[] moments)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(moments.Select(m => (float)m.Mean).ToArray());
        var scale = tensor(moments.Select(m => (float)m.Scale).ToArray());
        var targets = ((data.Target! - mean) / scale).MoveToOuterDisposeScope();
        return new TensorDataset(data.Input().clone().MoveToOuterDisposeScope(), targets);
    }

    private static void Rescale(Model model, (double Mean, double Scale)[] moments)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < moments.Length; i++)
        {
            var (mean, scale) = moments[i];
            if (mean == 0 && scale == 1) continue;
            var head = model.Layers.Single(l => l.Name == $"head_{i + 1}");
            foreach (var (name, parameter) in head.named_parameters())
            {
                parameter.mul_(scale);
                if (name == "bias") parameter.add_(mean);
            }
        }
    }

    /// <summary>Per output: accuracy and macro F1 for classes; r2, rmse and mae for values.</summary>
    private static Dictionary<string, double> Metrics(Model model, TensorDataset data, IReadOnlyList<OutputFeatureSpec> outputs, int[] widths)
    {
        using var scope = NewDisposeScope();
        var predictions = model.Predict(data.Input()).cpu();
        var targets = data.Target!.cpu();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        long offset = 0;
        for (var i = 0; i < outputs.Count; i++)
        {
            var head = predictions.narrow(1, offset, widths[i]);
            offset += widths[i];
            var truth = targets.select(1, i).data<float>().ToArray();
            var name = outputs[i].Name;
            if (widths[i] > 1)
            {
                var predicted = head.argmax(1).data<long>().ToArray();
                var actual = truth.Select(v => (long)Math.Round(v)).ToArray();
                metrics[$"{name}_accuracy"] = actual.Zip(predicted).Count(p => p.First == p.Second) / (double)actual.Length;
                metrics[$"{name}_f1_macro"] = MacroF1(actual, predicted);
            }
            else
            {
                var values = head.reshape(-1).data<float>().ToArray();
                var mean = truth.Average();
                var residual = truth.Zip(values).Sum(p => (double)(p.First - p.Second) * (p.First - p.Second));
                var total = truth.Sum(v => (double)(v - mean) * (v - mean));
                metrics[$"{name}_r2"] = total > 0 ? 1 - residual / total : 0;
                metrics[$"{name}_rmse"] = Math.Sqrt(residual / truth.Length);
                metrics[$"{name}_mae"] = truth.Zip(values).Average(p => Math.Abs((double)p.First - p.Second));
            }
        }
        return metrics;
    }

    /// <summary>The mean F1 over the classes seen in the truth or the predictions (scikit-learn's f1_score average='macro').</summary>
    private static double MacroF1(long[] actual, long[] predicted)
    {
        var labels = actual.Concat(predicted).Distinct().ToList();
        return labels.Average(c =>
        {
            var tp = actual.Zip(predicted).Count(p => p.First == c && p.Second == c);
            var fp = predicted.Count(p => p == c) - tp;
            var fn = actual.Count(a => a == c) - tp;
            return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
        });
    }

    private static void Describe(Model model, TrainingPlan plan, TablePreprocessing preprocessing, List<IReadOnlyList<string>?> classes, int[] widths,
        List<CandidateTrial> trials, Dictionary<string, double> testMetrics)
    {
        var metadata = model.Metadata;
        metadata.Preprocessing = [];
        preprocessing.WriteTo(metadata.Preprocessing);
        metadata.Preprocessing[TableDataset.TargetKey] = plan.Target;
        // Class names are per output here (spec.outputs); the file's one list would have to name every column of the joined heads.
        metadata.ClassNames = [];
        foreach (var (key, value) in testMetrics) metadata.Metrics[$"test_{key}"] = value;
        var spec = plan.ToJson();
        var offset = 0;
        var heads = new List<OutputHead>();
        for (var i = 0; i < widths.Length; i++)
        {
            var o = plan.Spec!.OutputFeatures[i];
            heads.Add(new OutputHead(o.Name, o.Type, offset, widths[i], classes[i] ?? []));
            offset += widths[i];
        }
        OutputHead.WriteTo(spec, heads);
        spec["trials"] = new JsonArray(trials.Select(t => (JsonNode)new JsonObject
        {
            ["candidate"] = t.Name,
            ["validation_score"] = t.ValidationScore,
            ["seconds"] = Math.Round(t.Duration.TotalSeconds, 2),
            ["note"] = t.Note,
        }).ToArray());
        spec["kept"] = "mlp";
        metadata.Spec = spec;
        metadata.Description = string.Create(CultureInfo.InvariantCulture,
            $"Predicts {string.Join(", ", plan.Spec!.OutputFeatures.Select(o => $"'{o.Name}'"))} with one network from {plan.Features.Count} columns; trained by lepton train from a spec.");
    }
}

using System.Globalization;
using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Lepton.Training.Trees;

namespace Lepton.Training.Specs;

/// <summary>
/// Trains the one model a spec describes: a network whose hidden layers are the combiner's fully connected layers
/// and whose training follows the trainer section, or LightGBM with the gbm section. Either reports each epoch (or
/// boosting round) to the callbacks and stops at its share of the time limit.
/// </summary>
internal static class SpecCandidate
{
    public static (Model Model, string Note) Train(TrainingPlan plan, TableDataset fit, TableDataset validation, TimeSpan budget, IEnumerable<Callback> callbacks,
        CancellationToken cancellationToken)
    {
        var spec = plan.Spec!;
        return spec.ModelType == SpecVocabulary.Gbm
            ? Gbm(spec.Gbm, fit, validation, plan.Task, plan.Options.Seed, budget, callbacks, cancellationToken)
            : Network(spec, fit, validation, plan.Task, plan.Options.Seed, budget, callbacks, cancellationToken);
    }

    public static GradientBoostingOptions GbmOptions(GbmSpec gbm, int rows, int seed) => new()
    {
        NumberOfTrees = gbm.NumBoostRound!.Value,
        NumberOfLeaves = gbm.NumLeaves!.Value,
        LearningRate = gbm.LearningRate!.Value,
        // LightGBM's 20 rows per leaf leaves a small table with stumps (as the automatic gbm candidate).
        MinimumExamplesPerLeaf = gbm.MinDataInLeaf == SpecVocabulary.Auto ? Math.Clamp(rows / 20, 3, 20) : int.Parse(gbm.MinDataInLeaf!, CultureInfo.InvariantCulture),
        MaximumBins = gbm.MaxBin!.Value,
        L2Regularization = gbm.LambdaL2!.Value,
        EarlyStoppingRounds = gbm.EarlyStop!.Value,
        // One thread on small tables, as the automatic gbm candidate (LightGBM's OpenMP threads spin while they wait).
        Threads = rows < GbmCandidate.SingleThreadBelowRows ? 1 : null,
        Seed = seed,
    };

    private static (Model, string) Gbm(GbmSpec gbm, TableDataset fit, TableDataset validation, TrainingTask task, int seed, TimeSpan budget,
        IEnumerable<Callback> callbacks, CancellationToken cancellationToken)
    {
        var (model, note) = GbmCandidate.Train(fit, validation, task, seed, GbmOptions(gbm, fit.Count, seed), budget, callbacks, cancellationToken);
        return (model, note + " (from the spec)");
    }

    private static (Model, string) Network(TrainingSpec spec, TableDataset fit, TableDataset validation, TrainingTask task, int seed, TimeSpan budget,
        IEnumerable<Callback> callbacks, CancellationToken cancellationToken)
    {
        LeptonRuntime.Seed(seed);
        var (c, t) = (spec.Combiner, spec.Trainer);
        var classification = task == TrainingTask.Classification;
        var outputs = classification ? fit.ClassNames!.Count : 1;
        var layers = HiddenLayers(c);
        layers.Add(new Dense(outputs, name: "output"));
        var name = SpecPlanner.CandidateOf(spec);
        var model = new Sequential(new Shape(fit.InputShapes[0][0]), [.. layers], name);
        model.Compile(Optimizer(t), classification ? new SparseCategoricalCrossentropy(fromLogits: true) : new MeanSquaredError(),
            classification ? new Accuracy() : new R2Score());

        var (mean, scale) = classification ? (0.0, 1.0) : TargetScaling.Moments(fit.Labels);
        using var train = classification ? null : TargetScaling.Standardized(fit, mean, scale);
        using var valid = classification ? null : TargetScaling.Standardized(validation, mean, scale);
        var batchSize = BatchSize(t, fit.Count);
        var epochs = t.Epochs!.Value;
        using var best = t.EarlyStop >= 0 ? new EarlyStopping("val_loss", patience: t.EarlyStop.Value, restoreBestWeights: true) : null;
        var extra = new List<Callback>();
        if (best is not null) extra.Add(best);
        if (Schedule(t, epochs) is { } schedule) extra.Add(schedule);
        if (t.ReduceOnPlateau > 0) extra.Add(new ReduceLROnPlateau("val_loss", t.ReduceOnPlateauRate!.Value, t.ReduceOnPlateau.Value));
        using var timer = new EpochBudget(budget, cancellationToken);
        var history = model.Fit((Dataset?)train ?? fit, epochs, batchSize, validationData: (Dataset?)valid ?? validation,
            classWeight: classification ? ClassWeights(t, fit, outputs) : null,
            callbacks: [.. extra, timer, .. callbacks], verbose: Verbosity.Silent, cancellationToken: timer.Token);
        cancellationToken.ThrowIfCancellationRequested();
        if (!classification) TargetScaling.Rescale(model, mean, scale);
        var why = history.Cancelled ? "stopped by the time limit" : history.StoppedEarly ? "stopped early" : "ran every epoch";
        var hidden = c.FcLayers!.Count == 0 ? "no hidden layer" : $"hidden layers {string.Join("-", c.FcLayers)}";
        var bestEpoch = best?.BestEpoch is { } b ? $", best epoch {b + 1}" : "";
        return (model, $"{hidden}, {t.Optimizer} {t.LearningRate?.ToString(CultureInfo.InvariantCulture)}, {history.Epochs.Count} epochs of batch {batchSize} ({why}){bestEpoch} (from the spec)");
    }

    /// <summary>The combiner's fully connected layers, each followed by its normalization and dropout.</summary>
    internal static List<Layer> HiddenLayers(CombinerSpec c)
    {
        var layers = new List<Layer>();
        foreach (var units in c.FcLayers!)
        {
            layers.Add(new Dense(units, c.Activation));
            if (c.Norm == "batch") layers.Add(new BatchNorm());
            if (c.Norm == "layer") layers.Add(new LayerNorm());
            if (c.Dropout > 0) layers.Add(new Dropout(c.Dropout!.Value));
        }
        return layers;
    }

    /// <summary>The trainer section's batch size for this many training rows.</summary>
    internal static int BatchSize(TrainerSpec t, int rows) =>
        t.BatchSize == SpecVocabulary.Auto ? rows switch { < 2_000 => 32, < 50_000 => 128, _ => 512 } : int.Parse(t.BatchSize!, CultureInfo.InvariantCulture);

    internal static Optimizer Optimizer(TrainerSpec t)
    {
        var rate = t.LearningRate!.Value;
        var decay = t.RegularizationLambda ?? 0;
        return t.Optimizer switch
        {
            "adamw" => new AdamW(rate, weightDecay: decay),
            "sgd" => new Sgd(rate, momentum: t.Momentum ?? 0, weightDecay: decay),
            "rmsprop" => new RmsProp(rate, momentum: t.Momentum ?? 0),
            "adagrad" => new Adagrad(rate),
            _ => new Adam(rate, weightDecay: decay),
        };
    }

    /// <summary>The schedule by epoch; null for none.</summary>
    internal static LearningRateScheduler? Schedule(TrainerSpec t, int epochs)
    {
        var rate = t.LearningRate!.Value;
        LearningRateSchedule? schedule = t.Decay switch
        {
            "cosine" => new CosineDecay(rate, epochs),
            "step" => new StepDecay(rate, t.DecaySteps!.Value, t.DecayRate!.Value),
            "one_cycle" => new OneCycle(rate, epochs),
            _ => null,
        };
        return schedule is null ? null : new LearningRateScheduler((epoch, current) => Math.Max(schedule.Rate(epoch), rate * 1e-6));
    }

    private static Dictionary<int, double>? ClassWeights(TrainerSpec t, TableDataset fit, int classes)
    {
        if (t.ClassWeightValues is { } given)
        {
            var names = fit.ClassNames!;
            var unknown = given.Keys.FirstOrDefault(k => !names.Contains(k));
            if (unknown is not null) throw new TrainingException($"trainer.class_weights names the class '{unknown}', which is not one of {string.Join(", ", names)}.");
            return names.Select((n, i) => (n, i)).ToDictionary(p => p.i, p => given.TryGetValue(p.n, out var w) ? w : 1.0);
        }
        return t.ClassWeights switch
        {
            "balanced" => Balanced(fit, classes),
            SpecVocabulary.Auto => MlpCandidate.ClassWeights(fit.Labels, classes),
            _ => null,
        };
    }

    /// <summary>n / (classes × count) for every class present (scikit-learn's "balanced").</summary>
    private static Dictionary<int, double> Balanced(TableDataset fit, int classes)
    {
        var counts = new long[classes];
        foreach (var label in fit.Labels.data<long>()) counts[label]++;
        var total = (double)counts.Sum();
        return Enumerable.Range(0, classes).Where(k => counts[k] > 0).ToDictionary(k => k, k => total / (classes * counts[k]));
    }
}

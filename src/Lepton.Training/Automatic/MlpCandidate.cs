using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Training.Features;
using static TorchSharp.torch;

namespace Lepton.Training.Automatic;

/// <summary>
/// The network candidate: a multilayer perceptron (128 and 64 ReLU units with dropout), Adam, early stopping on the
/// validation loss that restores the best weights, balanced class weights when classes are imbalanced, and a time budget.
/// </summary>
internal static class MlpCandidate
{
    private const int MaxEpochs = 500;
    private const int Patience = 20;

    public static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed, TimeSpan budget,
        IEnumerable<Callback> callbacks, CancellationToken cancellationToken) =>
        Train(fit, validation, task, seed, budget, MlpSettings.Default, callbacks, cancellationToken);

    /// <summary>Trains the network at <paramref name="settings"/> (the default's, or a search trial's).</summary>
    public static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed, TimeSpan budget,
        MlpSettings settings, IEnumerable<Callback> callbacks, CancellationToken cancellationToken)
    {
        LeptonRuntime.Seed(seed);
        var classification = task == TrainingTask.Classification;
        var outputs = classification ? fit.ClassNames!.Count : 1;
        var layers = new List<Layer>();
        foreach (var width in settings.Widths)
        {
            layers.Add(new Dense(width, "relu"));
            if (settings.Dropout > 0) layers.Add(new Dropout(settings.Dropout));
        }
        layers.Add(new Dense(outputs, name: "output"));
        var model = new Sequential(new Shape(fit.InputShapes[0][0]), layers, "mlp");
        model.Compile(new Adam(settings.LearningRate), classification ? new SparseCategoricalCrossentropy(fromLogits: true) : new MeanSquaredError(),
            classification ? new Accuracy() : new R2Score());

        // A regression target is standardized for training and the output layer scaled back after, so the network
        // learns on numbers near 0 whatever the target's units, and the saved model predicts in those units.
        var (mean, scale) = classification ? (0.0, 1.0) : TargetScaling.Moments(fit.Labels);
        using var train = classification ? null : TargetScaling.Standardized(fit, mean, scale);
        using var valid = classification ? null : TargetScaling.Standardized(validation, mean, scale);
        var batchSize = settings.BatchFor(fit.Count);
        using var best = new EarlyStopping("val_loss", patience: Patience, restoreBestWeights: true);
        using var timer = new EpochBudget(budget, cancellationToken);
        var history = model.Fit((Dataset?)train ?? fit, MaxEpochs, batchSize, validationData: (Dataset?)valid ?? validation,
            classWeight: classification ? ClassWeights(fit.Labels, outputs) : null,
            callbacks: [best, timer, .. callbacks], verbose: Verbosity.Silent, cancellationToken: timer.Token);
        cancellationToken.ThrowIfCancellationRequested();
        if (!classification) TargetScaling.Rescale(model, mean, scale);
        var epochs = history.Epochs.Count;
        var why = history.Cancelled ? "stopped by the time limit" : history.StoppedEarly ? "stopped early" : "ran every epoch";
        return (model, $"{epochs} epochs of batch {batchSize} ({why}), best epoch {(best.BestEpoch ?? 0) + 1}");
    }

    /// <summary>Balanced weights (n / (classes × count)) when the largest class is more than 1.5 times the smallest; else none.</summary>
    internal static Dictionary<int, double>? ClassWeights(Tensor labels, int classes)
    {
        var counts = new long[classes];
        foreach (var label in labels.data<long>()) counts[label]++;
        var present = counts.Where(c => c > 0).ToArray();
        if (present.Length == 0 || present.Max() <= 1.5 * present.Min()) return null;
        var total = (double)counts.Sum();
        return Enumerable.Range(0, classes).Where(k => counts[k] > 0).ToDictionary(k => k, k => total / (classes * counts[k]));
    }
}

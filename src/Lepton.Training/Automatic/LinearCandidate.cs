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

namespace Lepton.Training.Automatic;

/// <summary>
/// The linear candidate: one Dense layer over the standardized features — logistic regression for classification,
/// ridge-like least squares for regression — with an L2 penalty through weight decay (1/n, scikit-learn's default
/// strength C = 1 / alpha = 1 in mean-loss form), full-batch Adam on small tables, until the validation loss stops
/// improving. Cheap, and on small tables often the best (peers' logistic and ridge win iris, wine, diabetes).
/// </summary>
internal static class LinearCandidate
{
    private const int MaxEpochs = 1000;
    private const int Patience = 40;
    private const int FullBatchRows = 4096;

    /// <summary>Its settings for this many training rows (a saved spec writes them out): epochs, patience, batch, learning rate, L2.</summary>
    public static (int Epochs, int Patience, int BatchSize, double LearningRate, double WeightDecay) Settings(int rows, TrainingTask task)
    {
        var fullBatch = rows <= FullBatchRows;
        return (MaxEpochs, Patience, fullBatch ? Math.Max(1, rows) : 1024, fullBatch ? 0.05 : 0.01, (task == TrainingTask.Classification ? 1.0 : 2.0) / Math.Max(1, rows));
    }

    public static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed, TimeSpan budget,
        CancellationToken cancellationToken)
    {
        LeptonRuntime.Seed(seed);
        var classification = task == TrainingTask.Classification;
        var outputs = classification ? fit.ClassNames!.Count : 1;
        var model = new Sequential(new Shape(fit.InputShapes[0][0]), [new Dense(outputs, name: "output")], "linear");
        var (_, _, batchSize, rate, weightDecay) = Settings(fit.Count, task);
        var fullBatch = fit.Count <= FullBatchRows;
        model.Compile(new Adam(rate, weightDecay: weightDecay),
            classification ? new SparseCategoricalCrossentropy(fromLogits: true) : new MeanSquaredError(),
            classification ? new Accuracy() : new R2Score());

        var (mean, scale) = classification ? (0.0, 1.0) : TargetScaling.Moments(fit.Labels);
        using var train = classification ? null : TargetScaling.Standardized(fit, mean, scale);
        using var valid = classification ? null : TargetScaling.Standardized(validation, mean, scale);
        using var best = new EarlyStopping("val_loss", patience: Patience, restoreBestWeights: true);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(budget);
        var history = model.Fit((Dataset?)train ?? fit, MaxEpochs, batchSize, validationData: (Dataset?)valid ?? validation,
            classWeight: classification ? MlpCandidate.ClassWeights(fit.Labels, outputs) : null,
            callbacks: [best], verbose: Verbosity.Silent, cancellationToken: timer.Token);
        cancellationToken.ThrowIfCancellationRequested();
        if (!classification) TargetScaling.Rescale(model, mean, scale);
        var why = history.Cancelled ? "stopped by the time limit" : history.StoppedEarly ? "stopped early" : "ran every epoch";
        var batch = fullBatch ? "full batch" : $"batch {batchSize}";
        return (model, $"{history.Epochs.Count} epochs, {batch} ({why}), L2 {weightDecay:G2}, best epoch {(best.BestEpoch ?? 0) + 1}");
    }
}

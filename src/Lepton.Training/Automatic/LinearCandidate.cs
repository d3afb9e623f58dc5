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
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Training.Automatic;

/// <summary>
/// The linear candidate: one Dense layer over the standardized features — logistic regression for classification,
/// ridge-like least squares for regression — with an L2 penalty through weight decay, until the validation loss stops
/// improving. The penalty's strength is chosen on the validation loss among scikit-learn's C = 1 / alpha ∈ {0.1, 1, 10}
/// (weight decay 1/(C·n), or 2/(C·n) for squared error: the mean-loss form of C·Σloss + ½‖w‖²) when the table is small
/// enough for full batches, each fitted by a plain full-batch Adam loop (no per-epoch bookkeeping: a few hundred epochs
/// of a 100-row table take milliseconds); above that, C = 1, scikit-learn's default, through <c>Fit</c> in batches.
/// Cheap, and on small tables often the best (peers' logistic and ridge win iris, wine, diabetes).
/// </summary>
internal static class LinearCandidate
{
    private const int MaxEpochs = 500;
    private const int MinEpochs = 100;
    private const int Patience = 20;
    private const int FullBatchRows = 4096;
    private static readonly double[] Strengths = [0.1, 1, 10];

    /// <summary>
    /// Its settings for this many training rows at C = 1 (a saved spec writes them out): epochs, patience, batch,
    /// learning rate, L2. The automatic mode also tries C = 0.1 and 10 on validation loss, which a spec does not.
    /// </summary>
    public static (int Epochs, int Patience, int BatchSize, double LearningRate, double WeightDecay) Settings(int rows, TrainingTask task)
    {
        var fullBatch = rows <= FullBatchRows;
        return (MaxEpochs, Patience, fullBatch ? Math.Max(1, rows) : 1024, fullBatch ? 0.05 : 0.01, WeightDecay(task == TrainingTask.Classification, 1, rows));
    }

    public static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed, TimeSpan budget,
        CancellationToken cancellationToken)
    {
        var classification = task == TrainingTask.Classification;
        var (mean, scale) = classification ? (0.0, 1.0) : TargetScaling.Moments(fit.Labels);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(budget);
        (Model Model, string Note) kept;
        if (fit.Count <= FullBatchRows)
        {
            (Model Model, string Note, double Loss)? best = null;
            foreach (var c in Strengths)
            {
                if (best is not null && timer.IsCancellationRequested) break;
                var tried = FullBatch(fit, validation, classification, seed, c, mean, scale, timer.Token);
                if (best is null || tried.Loss < best.Value.Loss)
                {
                    best?.Model.Dispose();
                    best = tried;
                }
                else
                {
                    tried.Model.Dispose();
                }
            }
            kept = (best!.Value.Model, best.Value.Note);
        }
        else
        {
            kept = Batched(fit, validation, classification, seed, mean, scale, timer.Token);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (!classification) TargetScaling.Rescale(kept.Model, mean, scale);
        return kept;
    }

    private static Sequential Create(TableDataset fit, bool classification, int seed)
    {
        LeptonRuntime.Seed(seed);
        var outputs = classification ? fit.ClassNames!.Count : 1;
        var model = new Sequential(new Shape(fit.InputShapes[0][0]), [new Dense(outputs, name: "output")], "linear");
        model.Metadata.OutputLoss = classification ? new SparseCategoricalCrossentropy(fromLogits: true) : new MeanSquaredError();
        if (classification) model.Metadata.ClassNames = fit.ClassNames!.ToArray();
        return model;
    }

    private static double WeightDecay(bool classification, double c, int rows) => (classification ? 1.0 : 2.0) / (c * Math.Max(1, rows));

    /// <summary>Full-batch Adam on the whole fitting set each step, the validation loss after each, the best weights kept.</summary>
    private static (Model Model, string Note, double Loss) FullBatch(TableDataset fit, TableDataset validation, bool classification, int seed, double c,
        double mean, double scale, CancellationToken cancellationToken)
    {
        var model = Create(fit, classification, seed);
        var weightDecay = WeightDecay(classification, c, fit.Count);
        using var scope = NewDisposeScope();
        var x = fit.Features;
        var validX = validation.Features;
        var y = classification ? fit.Labels : (fit.Labels - mean) / scale;
        var validY = classification ? validation.Labels : (validation.Labels - mean) / scale;
        var weights = classification ? ClassWeightTensor(fit) : null;
        var parameters = model.parameters().ToList();
        using var optimizer = optim.Adam(parameters, 0.05, weight_decay: weightDecay);
        var best = parameters.Select(p => p.detach().clone()).ToList();
        var bestLoss = double.PositiveInfinity;
        var (epochs, bestEpoch, stale) = (0, 0, 0);
        model.train();
        // A full batch is cheap: the time limit stops it only after MinEpochs, so a busy machine still gets a fitted line.
        while (epochs < MaxEpochs && stale < Patience && (epochs < MinEpochs || !cancellationToken.IsCancellationRequested))
        {
            using (var step = NewDisposeScope())
            {
                optimizer.zero_grad();
                Loss(model.Forward(x), y, weights, classification).backward();
                optimizer.step();
            }
            epochs++;
            using (var check = NewDisposeScope())
            using (no_grad())
            {
                var loss = Loss(model.Forward(validX), validY, null, classification).item<float>();
                if (loss < bestLoss - 1e-7)
                {
                    (bestLoss, bestEpoch, stale) = (loss, epochs, 0);
                    for (var i = 0; i < parameters.Count; i++) best[i].copy_(parameters[i]);
                }
                else
                {
                    stale++;
                }
            }
        }
        using (no_grad())
        {
            for (var i = 0; i < parameters.Count; i++) parameters[i].copy_(best[i]);
        }
        model.eval();
        var why = cancellationToken.IsCancellationRequested && stale < Patience && epochs < MaxEpochs ? "stopped by the time limit" : stale >= Patience ? "stopped early" : "ran every epoch";
        return (model, $"C {c:G3} (L2 {weightDecay:G2}), {epochs} epochs, full batch ({why}), best epoch {bestEpoch}", bestLoss);
    }

    private static Tensor Loss(Tensor output, Tensor target, Tensor? classWeights, bool classification) => classification
        ? nn.functional.cross_entropy(output, target, weight: classWeights)
        : nn.functional.mse_loss(output, target);

    private static Tensor? ClassWeightTensor(TableDataset fit)
    {
        var classes = fit.ClassNames!.Count;
        if (MlpCandidate.ClassWeights(fit.Labels, classes) is not { } weights) return null;
        return tensor(Enumerable.Range(0, classes).Select(k => (float)weights.GetValueOrDefault(k, 1.0)).ToArray());
    }

    /// <summary>Mini-batch Adam through <c>Fit</c>, for tables too large for one batch, at C = 1.</summary>
    private static (Model Model, string Note) Batched(TableDataset fit, TableDataset validation, bool classification, int seed, double mean, double scale,
        CancellationToken cancellationToken)
    {
        var model = Create(fit, classification, seed);
        var weightDecay = WeightDecay(classification, 1, fit.Count);
        model.Compile(new Adam(0.01, weightDecay: weightDecay),
            classification ? new SparseCategoricalCrossentropy(fromLogits: true) : new MeanSquaredError(),
            classification ? new Accuracy() : new R2Score());
        using var train = classification ? null : TargetScaling.Standardized(fit, mean, scale);
        using var valid = classification ? null : TargetScaling.Standardized(validation, mean, scale);
        const int batchSize = 1024;
        using var best = new EarlyStopping("val_loss", patience: Patience, restoreBestWeights: true);
        var history = model.Fit((Dataset?)train ?? fit, MaxEpochs, batchSize, validationData: (Dataset?)valid ?? validation,
            classWeight: classification ? MlpCandidate.ClassWeights(fit.Labels, fit.ClassNames!.Count) : null,
            callbacks: [best], verbose: Verbosity.Silent, cancellationToken: cancellationToken);
        var why = history.Cancelled ? "stopped by the time limit" : history.StoppedEarly ? "stopped early" : "ran every epoch";
        return (model, $"C 1 (L2 {weightDecay:G2}), {history.Epochs.Count} epochs, batch {batchSize} ({why}), best epoch {(best.BestEpoch ?? 0) + 1}");
    }
}

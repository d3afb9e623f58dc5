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
/// The linear candidate: one Dense layer over the standardized features — multinomial logistic regression for
/// classification, ridge regression for regression — with scikit-learn's objective, C·Σloss + ½‖w‖² (the intercept not
/// penalized), solved to its optimum by full-batch L-BFGS (<see cref="Lbfgs"/>) as scikit-learn's default solver does,
/// with no early stopping: the penalty is the regularization, and every fitting row counts. Without class weights, so its
/// probabilities estimate the classes' own (the ensemble averages them; the score is accuracy). The strength C is one
/// setting of <see cref="StrengthsFor"/>, chosen by <see cref="SelectionRows.TrainChoosing"/> on held-out loss with
/// scikit-learn's C = 1 first. Above <c>FullBatchRows</c> rows: C = 1 by mini-batch Adam through <c>Fit</c>.
/// Cheap, and on small tables often the best (peers' logistic and ridge win iris, wine, diabetes).
/// </summary>
internal static class LinearCandidate
{
    private const int MaxEpochs = 500;
    private const int MaxIterations = 1000;
    private const int Patience = 20;
    private const int FullBatchRows = 4096;
    private static readonly double[] Strengths = [1, 0.1, 10];

    /// <summary>
    /// Its settings for this many training rows at C = 1 (a saved spec writes them out): epochs, patience, batch,
    /// learning rate, L2. The automatic mode also tries C = 0.1 and 10 on held-out loss, which a spec does not.
    /// </summary>
    public static (int Epochs, int Patience, int BatchSize, double LearningRate, double WeightDecay) Settings(int rows, TrainingTask task)
    {
        var fullBatch = rows <= FullBatchRows;
        return (MaxEpochs, Patience, fullBatch ? Math.Max(1, rows) : 1024, fullBatch ? 0.05 : 0.01, WeightDecay(task == TrainingTask.Classification, 1, rows));
    }

    /// <summary>The strengths C the automatic mode chooses among for this many fitting rows, scikit-learn's default (1) first.</summary>
    public static IReadOnlyList<double> StrengthsFor(int rows) => rows <= FullBatchRows ? Strengths : [1.0];

    /// <summary>Fits at strength <paramref name="c"/>: to the optimum on a small table; mini-batch Adam at C = 1, stopping on the validation loss, above it.</summary>
    public static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed, double c, TimeSpan budget,
        CancellationToken cancellationToken)
    {
        var classification = task == TrainingTask.Classification;
        var (mean, scale) = classification ? (0.0, 1.0) : TargetScaling.Moments(fit.Labels);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(budget);
        var kept = fit.Count <= FullBatchRows
            ? Exact(fit, classification, seed, c, mean, scale, timer.Token)
            : Batched(fit, validation, classification, seed, mean, scale, timer.Token);
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

    /// <summary>
    /// The penalized maximum-likelihood fit by L-BFGS in double precision: mean loss + λ/2‖W‖² for cross-entropy and
    /// mean loss + λ‖w‖² for squared error, λ = 1/(C·n) — scikit-learn's C·Σloss + ½‖w‖² and Ridge's
    /// ‖y − Xw‖² + (1/C)‖w‖², divided by n. The gradients are written out (softmax − one-hot; the residuals).
    /// </summary>
    private static (Model Model, string Note) Exact(TableDataset fit, bool classification, int seed, double c, double mean, double scale,
        CancellationToken cancellationToken)
    {
        var model = Create(fit, classification, seed);
        try
        {
            using var scope = NewDisposeScope();
            var x = fit.Features.to_type(ScalarType.Float64);
            var n = x.shape[0];
            var d = x.shape[1];
            var outputs = classification ? fit.ClassNames!.Count : 1;
            var lambda = 1.0 / (c * Math.Max(1, n));
            var target = classification
                ? nn.functional.one_hot(fit.Labels.reshape(-1).to_type(ScalarType.Int64), outputs).to_type(ScalarType.Float64)
                : ((fit.Labels.reshape(-1, 1).to_type(ScalarType.Float64) - mean) / scale);
            (double, Tensor) Objective(Tensor theta)
            {
                using var step = NewDisposeScope();
                var w = theta.narrow(0, 0, outputs * d).view(outputs, d);
                var b = theta.narrow(0, outputs * d, outputs);
                var output = x.mm(w.t()) + b;
                double value;
                Tensor residual;
                if (classification)
                {
                    var logProbabilities = nn.functional.log_softmax(output, 1);
                    value = -(logProbabilities * target).sum().item<double>() / n + lambda / 2 * w.pow(2).sum().item<double>();
                    residual = (logProbabilities.exp() - target) / n;
                }
                else
                {
                    var error = output - target;
                    value = error.pow(2).sum().item<double>() / n + lambda * w.pow(2).sum().item<double>();
                    residual = error * (2.0 / n);
                }
                var penalty = classification ? lambda : 2 * lambda;
                var gradient = cat([(residual.t().mm(x) + penalty * w).reshape(-1), residual.sum([0L])]);
                return (value, gradient.MoveToOuterDisposeScope());
            }
            var start = zeros(outputs * (d + 1), dtype: ScalarType.Float64);
            var (solution, _, iterations, converged) = Lbfgs.Minimize(Objective, start, MaxIterations, stop: cancellationToken);
            using (no_grad())
            {
                var layer = model.Layers[^1];
                foreach (var (name, parameter) in layer.named_parameters())
                {
                    var values = name == "bias" ? solution.narrow(0, outputs * d, outputs) : solution.narrow(0, 0, outputs * d).view(outputs, d);
                    parameter.copy_(values.to_type(parameter.dtype));
                }
            }
            model.eval();
            var why = converged ? "converged" : iterations >= MaxIterations ? "at the iteration limit" : "stopped by the time limit";
            return (model, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"C {c:G3}, L-BFGS {iterations} iterations ({why})"));
        }
        catch
        {
            model.Dispose();
            throw;
        }
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

using System.Globalization;
using Lepton.Data.Pipelines;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Training.Features;
using Lepton.Training.Trees;

namespace Lepton.Training.Automatic;

/// <summary>
/// The gradient-boosted trees candidate: LightGBM, stopping early on the validation rows. Learning rate 0.05 with up
/// to 500 rounds and a patience of 50 rounds (AutoGluon's LightGBM defaults are 0.05 and 10,000 rounds with
/// early stopping; 20 rounds at 0.1 stopped too soon on small tables, whose validation loss is noisy). One thread on
/// small tables: LightGBM's OpenMP threads spin while waiting, which slows a tiny fit on shared cores more than it helps.
/// Boosting ends at the candidate's share of the time limit, between two rounds, keeping the best round so far.
/// </summary>
internal static class GbmCandidate
{
    internal const int SingleThreadBelowRows = 20_000;

    /// <summary>Rounds without a better validation loss before boosting stops (the default's and every search trial's).</summary>
    internal const int Patience = 50;

    public static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed, TimeSpan budget,
        IEnumerable<Callback> callbacks, CancellationToken cancellationToken) =>
        Train(fit, validation, task, seed, Options(fit.Count, seed), budget, callbacks, cancellationToken);

    internal static GradientBoostingOptions Options(int rows, int seed) => new()
    {
        NumberOfTrees = 500,
        LearningRate = 0.05,
        EarlyStoppingRounds = Patience,
        // LightGBM's 20 rows per leaf leaves a small table (iris: 96 training rows) with stumps.
        MinimumExamplesPerLeaf = Math.Clamp(rows / 20, 3, 20),
        Threads = rows < SingleThreadBelowRows ? 1 : null,
        Seed = seed,
    };

    /// <summary>
    /// A search trial's options: its learning rate, leaves, rows per leaf and L2 penalty; rounds enough for the learning
    /// rate to go as far as the default's 500 at 0.05 (25 / learning rate, 500 to 2,000), stopping early as the default does.
    /// </summary>
    internal static GradientBoostingOptions Options(int rows, int seed, double learningRate, int leaves, int minimumRowsPerLeaf, double l2) =>
        new()
        {
            NumberOfTrees = (int)Math.Clamp(25 / learningRate, 500, 2_000),
            LearningRate = learningRate,
            EarlyStoppingRounds = Patience,
            NumberOfLeaves = leaves,
            MinimumExamplesPerLeaf = Math.Clamp(minimumRowsPerLeaf, 1, Math.Max(1, rows / 4)),
            L2Regularization = l2,
            Threads = rows < SingleThreadBelowRows ? 1 : null,
            Seed = seed,
        };

    /// <summary>
    /// Trains with <paramref name="options"/>, reporting each round to <paramref name="callbacks"/>; boosting ends once
    /// <paramref name="budget"/> is spent (after the first round), keeping the best round so far.
    /// </summary>
    internal static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed, GradientBoostingOptions options,
        TimeSpan budget, IEnumerable<Callback> callbacks, CancellationToken cancellationToken)
    {
        using var timer = new EpochBudget(budget, cancellationToken);
        var trainer = new GradientBoostingTrainer(options);
        var (model, rounds) = task == TrainingTask.Classification
            ? trainer.FitClasses(fit, validation, "gbm", [timer, .. callbacks], timer.Token)
            : trainer.Train(fit, TreeObjective.Regression, validation, "gbm", [timer, .. callbacks], timer.Token);
        cancellationToken.ThrowIfCancellationRequested();
        var trees = model.Layers.OfType<TreeEnsemble>().Single().Trees;
        var l2 = options.L2Regularization > 0 ? string.Create(CultureInfo.InvariantCulture, $", L2 {options.L2Regularization:G3}") : "";
        var stopped = timer.Token.IsCancellationRequested ? " (stopped by the time limit)" : "";
        return (model, string.Create(CultureInfo.InvariantCulture,
            $"{rounds} rounds ({trees} trees){stopped}, learning rate {options.LearningRate:G3}, {options.NumberOfLeaves} leaves, at least {options.MinimumExamplesPerLeaf} rows per leaf{l2}"));
    }
}

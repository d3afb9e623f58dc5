using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;

namespace Lepton.Training.Trees;

/// <summary>
/// Trains gradient-boosted decision trees on a table of numeric features with LightGBM (its C library, one boosting
/// round at a time) and returns them as an ordinary Lepton <see cref="Model"/>: one <see cref="TreeEnsemble"/> layer,
/// with the loss that turns its scores into predictions. It saves to a <c>.lepton</c> file and evaluates, predicts and
/// serves like any model. Rounds report to the same callbacks <c>Fit</c> takes, so a tuning trial is pruned, and a
/// time limit stops training, between two rounds.
/// </summary>
public sealed class GradientBoostingTrainer
{
    /// <summary>Creates a trainer; <paramref name="options"/> default to LightGBM's own defaults.</summary>
    public GradientBoostingTrainer(GradientBoostingOptions? options = null)
    {
        Options = options ?? new GradientBoostingOptions();
        Options.Validate();
    }

    /// <summary>How the trees are grown.</summary>
    public GradientBoostingOptions Options { get; }

    /// <summary>
    /// Trains on <paramref name="data"/>: one input of shape <c>(features)</c>, NaN where a value is missing, and a
    /// target per row: 0 or 1 for <see cref="TreeObjective.Binary"/>, a class index for
    /// <see cref="TreeObjective.Multiclass"/>, a number for <see cref="TreeObjective.Regression"/>. With
    /// <paramref name="validation"/> training stops early once its loss stalls (see
    /// <see cref="GradientBoostingOptions.EarlyStoppingRounds"/>) and keeps the best round.
    /// </summary>
    /// <param name="data">The training rows.</param>
    /// <param name="objective">The task: binary classification, multiclass classification or regression.</param>
    /// <param name="validation">Rows to stop early on, or null to grow every tree.</param>
    /// <param name="name">The model's name; "gbm" by default.</param>
    /// <param name="callbacks">
    /// Called as <c>Fit</c> calls them, a boosting round being an epoch: <see cref="Callback.OnEpochEnd"/> gets the
    /// round's <c>loss</c> and, with validation rows, <c>val_loss</c> (log loss, or squared error for regression) and
    /// for classifiers <c>accuracy</c> and <c>val_accuracy</c>. A callback that sets <see cref="Model.StopTraining"/>
    /// (a pruned tuning trial, <see cref="EarlyStopping"/>) ends boosting after that round; the trees of the best
    /// round so far are kept (every round's, without validation rows). The model callbacks see while the trees grow
    /// is a stand-in of constant trees; <see cref="Callback.OnTrainEnd"/> sees the trained one.
    /// </param>
    /// <param name="cancellationToken">Ends boosting after the current round, keeping the trees grown as a stop does.</param>
    public Model Fit(Dataset data, TreeObjective objective, Dataset? validation = null, string? name = null, IEnumerable<Callback>? callbacks = null,
        CancellationToken cancellationToken = default) =>
        Train(data, objective, validation, name, callbacks, cancellationToken).Model;

    /// <summary>
    /// Trains a classifier with a logit per class, whatever the number of classes. Two classes train LightGBM's
    /// binary objective (one tree per round, where a softmax over two grows two) and give class 0 the logit 0, so the
    /// softmax of the two outputs is the binary model's sigmoid; more classes train the multiclass objective.
    /// </summary>
    internal (Model Model, int Rounds) FitClasses(Dataset data, Dataset validation, string name, IEnumerable<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        var binary = data.ClassNames?.Count == 2;
        return Train(data, binary ? TreeObjective.Binary : TreeObjective.Multiclass, validation, name, callbacks, cancellationToken, twoClassSoftmax: binary);
    }

    /// <summary>
    /// What <see cref="Fit"/> does, also giving the rounds kept. With <paramref name="twoClassSoftmax"/> a binary
    /// model becomes a two-output multiclass one (see <see cref="FitClasses"/>).
    /// </summary>
    internal (Model Model, int Rounds) Train(Dataset data, TreeObjective objective, Dataset? validation, string? name, IEnumerable<Callback>? callbacks = null,
        CancellationToken cancellationToken = default, bool twoClassSoftmax = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Enum.IsDefined(objective)) throw new ArgumentOutOfRangeException(nameof(objective), objective, "Unknown tree objective.");
        var train = TreeRows.Read(data, objective, "training data");
        var valid = validation is null ? null : TreeRows.Read(validation, objective, "validation data");
        if (valid is not null && valid.FeatureCount != train.FeatureCount)
            throw new ArgumentException($"The validation data has {valid.FeatureCount} features but the training data has {train.FeatureCount}.", nameof(validation));
        var classes = objective == TreeObjective.Regression ? 0 : ClassCount(data, train, valid, objective);
        var outputs = objective == TreeObjective.Multiclass ? classes : 1;
        var modelObjective = objective == TreeObjective.Binary && twoClassSoftmax ? TreeObjective.Multiclass : objective;
        var modelOutputs = objective == TreeObjective.Binary && twoClassSoftmax ? 2 : outputs;
        var modelName = name ?? "gbm";

        var given = callbacks?.ToList() ?? [];
        var parameters = Parameters(objective, classes, metricsForCallbacks: given.Count > 0);
        using var trainingSet = LightGbmDataset.Training(train, parameters);
        using var validationSet = valid is null ? null : LightGbmDataset.Validation(valid, trainingSet);
        using var booster = LightGbmBooster.Create(trainingSet, parameters);
        if (validationSet is not null) booster.AddValidation(validationSet);

        // Callbacks see a stand-in while the trees grow (constant 0 per output), and the trained model at the end.
        using var standIn = Assemble(train.FeatureCount, modelObjective, Enumerable.Range(0, modelOutputs).Select(k => DecisionTree.Constant(0, k)).ToList(), modelOutputs, modelName);
        var list = new CallbackList(given, standIn);
        List<string> logged = objective == TreeObjective.Regression ? ["loss"] : ["loss", "accuracy"];
        list.OnTrainBegin(new TrainingInfo(Options.NumberOfTrees, 1, train.Count, valid?.Count ?? 0, logged, train.Count)
        {
            Validation = valid is null ? null : $"validation: the {valid.Count:N0} rows given as validation data",
        });

        var (bestLoss, bestRound) = (double.PositiveInfinity, -1);
        IReadOnlyDictionary<string, double> logs = new Dictionary<string, double>();
        for (var round = 0; round < Options.NumberOfTrees && !list.StopRequested && !cancellationToken.IsCancellationRequested; round++)
        {
            list.OnEpochBegin(round);
            if (!booster.UpdateOneRound()) break;
            // The validation metrics once per round: for early stopping and, with callbacks, their logs.
            var validationMetrics = validationSet is null ? null : booster.Evaluate(1);
            if (validationMetrics is not null && validationMetrics[0] < bestLoss) (bestLoss, bestRound) = (validationMetrics[0], round);
            if (given.Count > 0)
            {
                logs = Logs(booster.Evaluate(0), validationMetrics, objective);
                list.OnEpochEnd(round, logs);
            }
            if (validationSet is not null && Options.EarlyStoppingRounds > 0 && round - bestRound >= Options.EarlyStoppingRounds) break;
        }

        // The best round's trees with validation rows and early stopping; otherwise every round's (0: all).
        var kept = validationSet is not null && Options.EarlyStoppingRounds > 0 && bestRound >= 0 ? bestRound + 1 : 0;
        var (trees, perRound) = LightGbmModelText.Read(booster.ModelText(kept));
        if (perRound != outputs)
            throw new InvalidOperationException($"LightGBM grew {perRound} trees per round where the {objective} objective has {outputs} outputs.");
        if (objective == TreeObjective.Binary && twoClassSoftmax)
            trees = trees.Select(t => new DecisionTree(t.SplitFeatures, t.Thresholds, t.LeftChildren, t.RightChildren, t.MissingGoesLeft, t.LeafValues, output: 1)).ToList();
        var model = Assemble(train.FeatureCount, modelObjective, trees, modelOutputs, modelName);
        if (objective != TreeObjective.Regression && data.ClassNames is { Count: > 0 } names) model.Metadata.ClassNames = names.ToArray();
        var layer = model.Layers.OfType<TreeEnsemble>().Single();
        model.Metadata.Description =
            $"Gradient-boosted trees (LightGBM): {layer.Trees} trees of at most {Options.NumberOfLeaves} leaves, learning rate {Options.LearningRate}.";
        list.Model = model;
        list.OnTrainEnd(logs);
        return (model, trees.Count / perRound);
    }

    /// <summary>LightGBM's parameters: its defaults except where <see cref="Options"/> says otherwise; no categorical splits, NaN as missing.</summary>
    internal string Parameters(TreeObjective objective, int classes, bool metricsForCallbacks)
    {
        var o = Options;
        var (objectiveName, metrics) = objective switch
        {
            TreeObjective.Binary => ("binary", metricsForCallbacks ? "binary_logloss,binary_error" : "binary_logloss"),
            TreeObjective.Multiclass => ($"multiclass num_class={classes}", metricsForCallbacks ? "multi_logloss,multi_error" : "multi_logloss"),
            _ => ("regression", "l2"),
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"objective={objectiveName} metric={metrics} num_leaves={o.NumberOfLeaves} learning_rate={o.LearningRate:R} min_data_in_leaf={o.MinimumExamplesPerLeaf} " +
            $"max_bin={o.MaximumBins} lambda_l2={o.L2Regularization:R} seed={o.Seed} num_threads={o.ThreadCount} deterministic=true force_row_wise=true " +
            $"use_missing=true zero_as_missing=false verbosity=-1 is_provide_training_metric={(metricsForCallbacks ? "true" : "false")}");
    }

    /// <summary>A round's logs for callbacks: loss (and accuracy, for classifiers) on the training rows, and on the validation rows with the prefix val_.</summary>
    private static Dictionary<string, double> Logs(double[] training, double[]? validation, TreeObjective objective)
    {
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string prefix, double[] values)
        {
            logs[prefix + "loss"] = values[0];
            if (objective != TreeObjective.Regression) logs[prefix + "accuracy"] = 1 - values[1];
        }
        Add("", training);
        if (validation is not null) Add("val_", validation);
        return logs;
    }

    /// <summary>The trees as a model: one <see cref="TreeEnsemble"/> layer, with the loss that turns its scores into predictions.</summary>
    private static Sequential Assemble(int features, TreeObjective objective, IReadOnlyList<DecisionTree> trees, int outputs, string name)
    {
        var layer = new TreeEnsemble(features, objective, trees, outputs: outputs, name: "trees");
        var model = new Sequential(new Shape(features), [layer], name);
        model.Metadata.OutputLoss = objective switch
        {
            TreeObjective.Binary => new BinaryCrossentropy(fromLogits: true),
            TreeObjective.Multiclass => new SparseCategoricalCrossentropy(fromLogits: true),
            _ => new MeanSquaredError(),
        };
        return model;
    }

    private static int ClassCount(Dataset data, TreeRows train, TreeRows? valid, TreeObjective objective)
    {
        var seen = train.Labels.Distinct().Order().ToArray();
        if (seen.Length < 2)
            throw new ArgumentException($"The training data's target has one class ({seen[0]}); a classifier needs rows of at least two.", nameof(data));
        if (objective == TreeObjective.Binary) return 2;
        var highest = (int)Math.Max(seen[^1], valid?.Labels.Max() ?? 0);
        var classes = Math.Max(data.ClassNames?.Count ?? 0, highest + 1);
        var missing = Enumerable.Range(0, classes).Where(k => Array.BinarySearch(seen, (float)k) < 0).ToList();
        if (missing.Count > 0)
        {
            var names = missing.Take(5).Select(k => data.ClassNames is { } n && k < n.Count ? $"'{n[k]}' ({k})" : k.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new ArgumentException($"The training data has no rows of class {string.Join(", ", names)}{(missing.Count > 5 ? ", …" : "")}: every class needs training rows.", nameof(data));
        }
        return classes;
    }
}

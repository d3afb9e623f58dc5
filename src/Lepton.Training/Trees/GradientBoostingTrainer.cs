using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Lepton.Training.Trees;

/// <summary>
/// Trains gradient-boosted decision trees on a table of numeric features with LightGBM (through ML.NET) and returns
/// them as an ordinary Lepton <see cref="Model"/>: one <see cref="TreeEnsemble"/> layer, with the loss that turns its
/// scores into predictions. It saves to a <c>.lepton</c> file and evaluates, predicts and serves like any model.
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
    public Model Fit(Dataset data, TreeObjective objective, Dataset? validation = null, string? name = null) =>
        Train(data, objective, validation, name).Model;

    /// <summary>
    /// Trains a classifier with a logit per class, whatever the number of classes. Two classes train LightGBM's
    /// binary objective (one tree per round, where a softmax over two grows two) and give class 0 the logit 0, so the
    /// softmax of the two outputs is the binary model's sigmoid; more classes train the multiclass objective.
    /// </summary>
    internal (Model Model, int Rounds) FitClasses(Dataset data, Dataset validation, string name)
    {
        var binary = data.ClassNames?.Count == 2;
        var model = Train(data, binary ? TreeObjective.Binary : TreeObjective.Multiclass, validation, name, twoClassSoftmax: binary).Model;
        var layer = model.Layers.OfType<TreeEnsemble>().Single();
        return (model, binary ? layer.Trees : layer.Trees / layer.Outputs);
    }

    /// <summary>
    /// What <see cref="Fit"/> does, also handing back ML.NET's own model (its predictions are the reference in tests).
    /// With <paramref name="twoClassSoftmax"/> a binary model becomes a two-output multiclass one (see <see cref="FitClasses"/>).
    /// </summary>
    internal (Model Model, ITransformer MlNet) Train(Dataset data, TreeObjective objective, Dataset? validation, string? name, bool twoClassSoftmax = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Enum.IsDefined(objective)) throw new ArgumentOutOfRangeException(nameof(objective), objective, "Unknown tree objective.");
        var train = TreeRows.Read(data, objective, "training data");
        var valid = validation is null ? null : TreeRows.Read(validation, objective, "validation data");
        if (valid is not null && valid.FeatureCount != train.FeatureCount)
            throw new ArgumentException($"The validation data has {valid.FeatureCount} features but the training data has {train.FeatureCount}.", nameof(validation));
        var classes = objective == TreeObjective.Regression ? 0 : ClassCount(data, train, valid, objective);

        var ml = new MLContext(Options.Seed);
        var (trees, mlNet) = objective switch
        {
            TreeObjective.Binary => Binary(ml, train, valid),
            TreeObjective.Multiclass => Multiclass(ml, train, valid, classes),
            _ => Regression(ml, train, valid),
        };
        var outputs = objective == TreeObjective.Multiclass ? classes : 1;
        if (objective == TreeObjective.Binary && twoClassSoftmax)
        {
            trees = trees.Select(t => new DecisionTree(t.SplitFeatures, t.Thresholds, t.LeftChildren, t.RightChildren, t.MissingGoesLeft, t.LeafValues, output: 1)).ToList();
            (objective, outputs) = (TreeObjective.Multiclass, 2);
        }

        var layer = new TreeEnsemble(train.FeatureCount, objective, trees, outputs: outputs, name: "trees");
        var model = new Sequential(new Shape(train.FeatureCount), [layer], name ?? "gbm");
        model.Metadata.OutputLoss = objective switch
        {
            TreeObjective.Binary => new BinaryCrossentropy(fromLogits: true),
            TreeObjective.Multiclass => new SparseCategoricalCrossentropy(fromLogits: true),
            _ => new MeanSquaredError(),
        };
        if (objective != TreeObjective.Regression && data.ClassNames is { Count: > 0 } names) model.Metadata.ClassNames = names.ToArray();
        model.Metadata.Description =
            $"Gradient-boosted trees (LightGBM through ML.NET): {layer.Trees} trees of at most {Options.NumberOfLeaves} leaves, learning rate {Options.LearningRate}.";
        return (model, mlNet);
    }

    private (List<DecisionTree>, ITransformer) Binary(MLContext ml, TreeRows train, TreeRows? valid)
    {
        var options = new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = Options.NumberOfTrees,
            NumberOfLeaves = Options.NumberOfLeaves,
            LearningRate = Options.LearningRate,
            MinimumExampleCountPerLeaf = Options.MinimumExamplesPerLeaf,
            MaximumBinCountPerFeature = Options.MaximumBins,
            Booster = Booster(),
            EarlyStoppingRound = valid is null ? 0 : Options.EarlyStoppingRounds,
            UseCategoricalSplit = false,
            HandleMissingValue = true,
            UseZeroAsMissingValue = false,
            Seed = Options.Seed,
            Deterministic = true,
            NumberOfThreads = Options.ThreadCount,
            Silent = true,
            Verbose = false,
            // LightGBM's slope: the score is the logit itself (ML.NET's default, 0.5, halves it).
            Sigmoid = 1.0,
            EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.Logloss,
        };
        var trainer = ml.BinaryClassification.Trainers.LightGbm(options);
        var fitted = valid is null ? trainer.Fit(View(ml, train, l => l == 1f)) : trainer.Fit(View(ml, train, l => l == 1f), View(ml, valid, l => l == 1f));
        return (MlNetTrees.Read(fitted.Model.SubModel.TrainedTreeEnsemble, 0).ToList(), fitted);
    }

    private (List<DecisionTree>, ITransformer) Multiclass(MLContext ml, TreeRows train, TreeRows? valid, int classes)
    {
        var options = new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = Options.NumberOfTrees,
            NumberOfLeaves = Options.NumberOfLeaves,
            LearningRate = Options.LearningRate,
            MinimumExampleCountPerLeaf = Options.MinimumExamplesPerLeaf,
            MaximumBinCountPerFeature = Options.MaximumBins,
            Booster = Booster(),
            EarlyStoppingRound = valid is null ? 0 : Options.EarlyStoppingRounds,
            UseCategoricalSplit = false,
            HandleMissingValue = true,
            UseZeroAsMissingValue = false,
            Seed = Options.Seed,
            Deterministic = true,
            NumberOfThreads = Options.ThreadCount,
            Silent = true,
            Verbose = false,
            // LightGBM's multiclass objective (softmax over one tree per class each round), not ML.NET's one-vs-all default.
            UseSoftmax = true,
            EvaluationMetric = LightGbmMulticlassTrainer.Options.EvaluateMetricType.LogLoss,
        };
        var trainer = ml.MulticlassClassification.Trainers.LightGbm(options);
        // ML.NET's multiclass trainer takes classes as a key type, whose value is the 0-based class + 1 (0 means missing).
        var key = new KeyDataViewType(typeof(uint), classes);
        var fitted = valid is null
            ? trainer.Fit(View(ml, train, l => (uint)l + 1, key))
            : trainer.Fit(View(ml, train, l => (uint)l + 1, key), View(ml, valid, l => (uint)l + 1, key));
        var perClass = MlNetInternals.PerClassModels(fitted.Model);
        if (perClass.Count != classes)
            throw new InvalidOperationException($"ML.NET trained {perClass.Count} classes where the data has {classes}.");
        var trees = new List<DecisionTree>();
        for (var k = 0; k < classes; k++)
        {
            var ensemble = perClass[k] switch
            {
                Microsoft.ML.Calibrators.CalibratedModelParametersBase<LightGbmBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator> calibrated => calibrated.SubModel.TrainedTreeEnsemble,
                LightGbmBinaryModelParameters raw => raw.TrainedTreeEnsemble,
                var other => throw new InvalidOperationException($"ML.NET's multiclass LightGBM model holds a {other.GetType().Name} per class, which Lepton does not read."),
            };
            trees.AddRange(MlNetTrees.Read(ensemble, k));
        }
        return (trees, fitted);
    }

    private (List<DecisionTree>, ITransformer) Regression(MLContext ml, TreeRows train, TreeRows? valid)
    {
        var options = new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = Options.NumberOfTrees,
            NumberOfLeaves = Options.NumberOfLeaves,
            LearningRate = Options.LearningRate,
            MinimumExampleCountPerLeaf = Options.MinimumExamplesPerLeaf,
            MaximumBinCountPerFeature = Options.MaximumBins,
            Booster = Booster(),
            EarlyStoppingRound = valid is null ? 0 : Options.EarlyStoppingRounds,
            UseCategoricalSplit = false,
            HandleMissingValue = true,
            UseZeroAsMissingValue = false,
            Seed = Options.Seed,
            Deterministic = true,
            NumberOfThreads = Options.ThreadCount,
            Silent = true,
            Verbose = false,
            EvaluationMetric = LightGbmRegressionTrainer.Options.EvaluateMetricType.RootMeanSquaredError,
        };
        var trainer = ml.Regression.Trainers.LightGbm(options);
        var fitted = valid is null ? trainer.Fit(View(ml, train, l => l)) : trainer.Fit(View(ml, train, l => l), View(ml, valid, l => l));
        return (MlNetTrees.Read(fitted.Model.TrainedTreeEnsemble, 0).ToList(), fitted);
    }

    /// <summary>The booster's settings where ML.NET's defaults differ from LightGBM's (lambda_l2 0.01, min_sum_hessian_in_leaf 0.1).</summary>
    private GradientBooster.Options Booster() => new()
    {
        L2Regularization = Options.L2Regularization,
        MinimumChildWeight = 1e-3,
    };

    internal static IDataView View<TLabel>(MLContext ml, TreeRows rows, Func<float, TLabel> label, DataViewType? labelType = null) =>
        new TreeRowsView<TLabel>(rows, label, labelType ?? LabelType<TLabel>());

    private static DataViewType LabelType<TLabel>() =>
        typeof(TLabel) == typeof(bool) ? BooleanDataViewType.Instance
        : typeof(TLabel) == typeof(float) ? NumberDataViewType.Single
        : throw new ArgumentException($"A {typeof(TLabel).Name} label needs its column type given.");

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

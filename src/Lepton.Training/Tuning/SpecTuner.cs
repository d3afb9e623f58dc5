using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Nn.Callbacks;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Lepton.Training.Specs;
using Lepton.Tuning;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Training.Tuning;

/// <summary>
/// Tunes a training spec by its <c>hyperopt</c> section (<c>lepton tune spec.yaml</c>): each trial is the spec with
/// the trial's values set at their dotted paths, trained on the spec's training rows and scored on rows it did not
/// train on — the validation rows, or each of k folds of the training and validation rows — while the spec's test
/// rows are never seen. Everything the section gets wrong is an error before the first trial.
/// </summary>
public sealed class SpecTuner
{
    private static readonly string[] Minimized = ["loss", "rmse", "mae"];
    private static readonly string[] ClassificationMetrics = ["loss", "accuracy", "f1_macro"];
    private static readonly string[] RegressionMetrics = ["loss", "r2", "rmse", "mae"];

    private readonly Table table;
    private readonly TableTrainer trainer;
    private readonly SplitIndices holdOut;
    private readonly IReadOnlyList<SplitIndices> scoring;

    /// <summary>Checks the spec's hyperopt section against the table and prepares the rows every trial uses.</summary>
    /// <param name="spec">A spec with a <c>hyperopt</c> section.</param>
    /// <param name="table">The data (the spec's, or the one given instead).</param>
    /// <param name="cancellationToken">Stops the profiling.</param>
    /// <exception cref="TrainingException">The spec has no hyperopt section, or it is not valid for this spec and table.</exception>
    public SpecTuner(TrainingSpec spec, Table table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(table);
        Hyperopt = spec.Hyperopt ?? throw new TrainingException("The spec has no 'hyperopt' section: add one naming the parameters to search (see docs/tuning.md).");
        Spec = spec;
        this.table = table;
        trainer = new TableTrainer();
        Plan = trainer.PlanFromSpec(table, spec, cancellationToken);
        var allowed = Plan.Task == TrainingTask.Classification ? ClassificationMetrics : RegressionMetrics;
        if (!allowed.Contains(Hyperopt.Metric))
            throw new TrainingException($"{Hyperopt.MetricWhere}: hyperopt.metric '{Hyperopt.Metric}' is not a {Plan.Task.ToString().ToLowerInvariant()} metric; choose one of {string.Join(", ", allowed)}.");
        Direction = Hyperopt.Goal switch
        {
            "minimize" => StudyDirection.Minimize,
            "maximize" => StudyDirection.Maximize,
            _ => Minimized.Contains(Hyperopt.Metric) ? StudyDirection.Minimize : StudyDirection.Maximize,
        };
        Space = HyperoptSpace.From(Hyperopt, spec, Plan.Spec?.ModelFamily);
        holdOut = PlanSplits.HoldOut(table, Plan);
        scoring = Hyperopt.Split == "cross_validation"
            ? PlanSplits.Folds(table, Plan, holdOut.Train, Hyperopt.Folds)
            : [PlanSplits.Validation(table, Plan, holdOut.Train)];
    }

    /// <summary>The spec tuned.</summary>
    public TrainingSpec Spec { get; }

    /// <summary>Its hyperopt section.</summary>
    public HyperoptSpec Hyperopt { get; }

    /// <summary>The plan of the spec as written (its task, features and split).</summary>
    public TrainingPlan Plan { get; }

    /// <summary>The parameters searched.</summary>
    public SearchSpace Space { get; }

    /// <summary>Whether the metric is minimized or maximized.</summary>
    public StudyDirection Direction { get; }

    /// <summary>Rows each trial trains on (the first fold's, with cross-validation).</summary>
    public int TrainingRows => scoring[0].Train.Length;

    /// <summary>Rows each trial is scored on (the first fold's, with cross-validation).</summary>
    public int ScoringRows => scoring[0].Test.Length;

    /// <summary>Rows held out for the final model's test, never seen by a trial.</summary>
    public int TestRows => holdOut.Test.Length;

    /// <summary>The sampler the section asks for.</summary>
    public ISampler Sampler(int seed) => Hyperopt.SearchAlgorithm switch
    {
        "random" => new RandomSampler(Hyperopt.Seed ?? seed),
        "grid" => new GridSampler(Hyperopt.Seed ?? seed),
        _ => new TpeSampler(Hyperopt.Seed ?? seed),
    };

    /// <summary>
    /// The pruner the section asks for. A gbm trial reports every boosting round, and its loss after a few rounds says
    /// more about its learning rate than about where it will end, so the median pruner judges it only after as many
    /// rounds as its early stopping waits (<c>gbm.early_stop</c>); a network is judged from its first epoch (Optuna's
    /// default). When <c>model_type</c> is searched, a trial is judged only against trials of its own model type.
    /// </summary>
    public IPruner Pruner()
    {
        IPruner Make(int warmup) => Hyperopt.Pruner switch
        {
            "none" => new NoPruner(),
            "successive_halving" => new SuccessiveHalvingPruner(),
            "hyperband" => new HyperbandPruner(),
            _ => new MedianPruner(warmupSteps: warmup),
        };
        var treeWarmup = Plan.Spec?.Gbm.EarlyStop ?? 0;
        if (Space.Find("model_type") is not null)
            return Hyperopt.Pruner == "none" ? new NoPruner() : new PerChoicePruner(Make(0), "model_type", new Dictionary<string, IPruner> { [SpecVocabulary.Gbm] = Make(treeWarmup) });
        return Make(Plan.Spec?.ModelType == SpecVocabulary.Gbm ? treeWarmup : 0);
    }

    /// <summary>Tuner options from the section (trials, parallel trials, time limit) over <paramref name="store"/>.</summary>
    public TunerOptions Options(string studyName, IStudyStore store, int seed = 0) => new()
    {
        StudyName = studyName,
        Direction = Direction,
        Sampler = Sampler(seed),
        Pruner = Pruner(),
        Store = store,
        Trials = Hyperopt.Trials ?? (Hyperopt.SearchAlgorithm == "grid" ? null : 10),
        MaxParallel = Hyperopt.MaxParallel,
        TimeLimit = Hyperopt.TimeLimit,
        Seed = seed,
    };

    /// <summary>
    /// Trains and scores one trial: its spec, on each scoring split; reports each epoch's validation metric (with the
    /// validation split, for accuracy and loss) or the running mean after each fold (with cross-validation) so the
    /// pruner can stop it. Returns the metric on the rows the trial did not train on (the folds' mean).
    /// </summary>
    public double Score(Trial trial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var plan = PlanOf(trial.Parameters, cancellationToken);
        var scores = new List<double>();
        for (var fold = 0; fold < scoring.Count; fold++)
        {
            IEnumerable<Callback> callbacks = scoring.Count == 1 && EpochLog() is { } monitor ? [new TrialPruning(trial, monitor)] : [];
            using var result = trainer.Train(table, plan, scoring[fold], callbacks: callbacks, cancellationToken: cancellationToken);
            if (trial.ShouldPrune) throw new TrialPrunedException();
            if (!result.TestMetrics.TryGetValue(Hyperopt.Metric, out var value))
                throw new TrainingException($"The trained model reported no '{Hyperopt.Metric}' (it reported {string.Join(", ", result.TestMetrics.Keys)}).");
            scores.Add(value);
            if (scoring.Count > 1 && trial.Report(fold, scores.Average())) throw new TrialPrunedException();
        }
        return scores.Average();
    }

    /// <summary>The spec with a trial's values (a trial's <see cref="Trial.Parameters"/>, or a study's best).</summary>
    public TrainingSpec SpecOf(IReadOnlyDictionary<string, JsonNode?> values) => Spec.With(values);

    /// <summary>Trains the spec with <paramref name="values"/> on all the training rows and tests it on the held-out test rows: the study's final model.</summary>
    public TableTrainingResult TrainFinal(IReadOnlyDictionary<string, JsonNode?> values, IProgress<string>? progress = null, IEnumerable<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        var plan = PlanOf(values, cancellationToken);
        return trainer.Train(table, plan, holdOut, progress, callbacks, cancellationToken);
    }

    /// <summary>The plan of the spec with <paramref name="values"/>: the table is not profiled again (a trial changes no output feature).</summary>
    private TrainingPlan PlanOf(IReadOnlyDictionary<string, JsonNode?> values, CancellationToken cancellationToken) =>
        SpecPlanner.Plan(table, SpecOf(values), cancellationToken, Plan.Profile);

    /// <summary>Describes how trials are scored, as people read it.</summary>
    public string DescribeScoring()
    {
        var goal = $"{Hyperopt.Metric} ({Direction.ToString().ToLowerInvariant()}d)";
        var missing = Plan.MissingTargetRows > 0 ? string.Create(CultureInfo.InvariantCulture, $" (counts include the {Plan.MissingTargetRows:N0} rows without a target, which every part leaves out)") : "";
        var fitting = string.Create(CultureInfo.InvariantCulture,
            $"fits on about {FittingRows:N0} of them; the other {TrainingRows - FittingRows:N0}, the spec's validation share, are its own validation rows");
        return Hyperopt.Split == "cross_validation"
            ? string.Create(CultureInfo.InvariantCulture,
                $"{goal}, mean of {scoring.Count}-fold cross-validation on {holdOut.Train.Length:N0} rows (each fold's model gets {TrainingRows:N0} training rows and {fitting}); {TestRows:N0} test rows held out{missing}")
            : string.Create(CultureInfo.InvariantCulture,
                $"{goal} on {ScoringRows:N0} validation rows, training on {TrainingRows:N0} (the model {fitting}); {TestRows:N0} test rows held out{missing}");
    }

    /// <summary>
    /// About how many of a trial's <see cref="TrainingRows"/> its model fits on: the trainer takes the spec's
    /// validation share of them again as the model's own validation rows (early stopping, the epoch log), which it
    /// does not train on, even when nothing stops on them.
    /// </summary>
    internal int FittingRows => TrainingRows - (int)Math.Round(TrainingRows * Plan.Options.ValidationFraction);

    /// <summary>The network's epoch log that moves with the metric, for pruning by epoch; null when there is none.</summary>
    private string? EpochLog() => Hyperopt.Metric switch
    {
        "accuracy" => "val_accuracy",
        "loss" => "val_loss",
        _ => null,
    };
}

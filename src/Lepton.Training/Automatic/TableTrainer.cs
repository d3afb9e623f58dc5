using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Training.Features;
using Lepton.Training.Specs;
using Lepton.Training.Text;
using Lepton.Training.Tuning;

namespace Lepton.Training.Automatic;

/// <summary>
/// <c>lepton train</c>'s engine for tables: <see cref="Plan"/> reads a table's profile and decides the task, each
/// column's role and preprocessing; <c>Train</c> holds out test rows, fits the pipeline on the training rows
/// only, tries the candidates within the time limit, keeps the best by validation score and tests it.
/// </summary>
public sealed class TableTrainer
{
    /// <summary>A trainer; the options default to an automatic task, 10 minutes, an 80/20 split, seed 0, linear, gbm and mlp.</summary>
    /// <exception cref="TrainingException">An option is out of range or names an unknown candidate.</exception>
    public TableTrainer(TableTrainingOptions? options = null)
    {
        Options = options ?? new TableTrainingOptions();
        Options.Validate();
    }

    /// <summary>How plans are made and candidates tried.</summary>
    public TableTrainingOptions Options { get; }

    /// <summary>Profiles the table and decides what to train for <paramref name="target"/>; nothing is trained.</summary>
    /// <exception cref="TrainingException">The table is empty, the target is not a column (the closest names are given), has one class, or does not fit the task asked for; or no column is left to learn from.</exception>
    public TrainingPlan Plan(Table table, string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!table.Columns.Any(c => c.Name == target))
        {
            var closest = ClosestNames.Of(target, table.Columns.Select(c => c.Name));
            var hint = closest.Count > 0 ? $"Did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}? " : "";
            throw new TrainingException($"The target '{target}' is not a column of the table. {hint}Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        }
        if (table.RowCount == 0) throw new TrainingException("The table has no rows: there is nothing to train on.");
        if (table.Columns.Count < 2) throw new TrainingException($"The table has only the target column '{target}': there are no features to learn from.");
        var profile = table.Profile(new ProfileOptions { Target = target }, cancellationToken);
        var (task, reason) = TaskInference.Infer(profile.Column(target), Options.Task);
        var roles = RoleInference.Infer(profile, target, task);
        if (!roles.Any(r => r.IsFeature))
        {
            var dropped = roles.Where(r => r.Role == FeatureRole.Dropped).Select(r => $"'{r.Name}' ({r.Reason})");
            throw new TrainingException($"No column is left to learn from: {string.Join("; ", dropped)}.");
        }
        var classes = task == TrainingTask.Classification ? FeatureTensors.ClassNames(table, target) : [];
        return new TrainingPlan(profile, target, task, reason, roles, classes, Options);
    }

    /// <summary>
    /// Plans by a declarative spec instead of inferring: its input features (others are not used), their steps, its
    /// split, and its one model (a network or gbm); the plan's <see cref="TrainingPlan.Spec"/> has every default filled in.
    /// </summary>
    /// <exception cref="TrainingException">A column the spec names is not in the table (the message names the spec's line and column and the closest names), or the table cannot be trained on as the spec asks.</exception>
    public TrainingPlan PlanFromSpec(Table table, TrainingSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        return SpecPlanner.Plan(table, spec, cancellationToken);
    }

    /// <summary>
    /// Trains by the plan: drops rows without a target (in a copy; the table is unchanged), splits, fits the pipeline
    /// on the training rows, tries each candidate while time is left, keeps the best by the plan's metric on the
    /// validation rows and evaluates it on the test rows. The model's metadata then holds the pipeline and features,
    /// the raw input schema, the class names, the test metrics and the plan with the trials (in its spec).
    /// </summary>
    /// <param name="table">The table the plan was made from.</param>
    /// <param name="plan">What <see cref="Plan"/> decided.</param>
    /// <param name="progress">Told what is happening ("fitting the preprocessing", "training mlp").</param>
    /// <param name="callbacks">Added to the network candidates' <c>Fit</c> and called each boosting round of the tree candidates (a progress bar, a tracking callback).</param>
    /// <param name="cancellationToken">Stops between candidates, or the network after its current batch.</param>
    /// <exception cref="TrainingException">Too few rows are left to split, or no candidate could be trained in the time limit.</exception>
    public TableTrainingResult Train(Table table, TrainingPlan plan, IProgress<string>? progress = null, IEnumerable<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        Table? withTarget = null;
        try
        {
            if (plan.MissingTargetRows > 0)
            {
                progress?.Report($"leaving out {plan.MissingTargetRows:N0} rows without a target");
                withTarget = TableSplit.Rows(table, [.. Enumerable.Range(0, checked((int)table.RowCount)).Select(i => (long)i)]);
                withTarget.DropMissing(target);
            }
            var rows = withTarget ?? table;
            if (rows.RowCount < 10) throw new TrainingException($"Only {rows.RowCount} rows have a target '{target}'; training and testing need at least 10.");
            var classification = plan.Task == TrainingTask.Classification;
            using var split = plan.Spec is not null ? SpecPlanner.Split(rows, plan, plan.Options.TestFraction) : classification
                ? Splitter.Stratified(rows, target, plan.Options.TestFraction, plan.Options.Seed)
                : Splitter.Random(rows, plan.Options.TestFraction, plan.Options.Seed);
            return TrainAndTest(table, plan, split.Train, split.Test, progress, callbacks, cancellationToken);
        }
        finally
        {
            withTarget?.Dispose();
        }
    }

    /// <summary>
    /// Trains by the plan on the rows <paramref name="split"/> names for training and tests on the rows it names for
    /// testing (one fold of a cross-validation): the test rows are never used to fit the preprocessing, to pick the
    /// candidate or to stop early; the validation rows come from the training rows. Rows without a target are left out
    /// of both parts.
    /// </summary>
    /// <param name="table">The table the plan was made from.</param>
    /// <param name="plan">What <see cref="Plan"/> decided.</param>
    /// <param name="split">Row positions (0-based) of <paramref name="table"/> to train on and to test on.</param>
    /// <param name="progress">Told what is happening.</param>
    /// <param name="callbacks">Added to the network candidates' <c>Fit</c> and called each boosting round of the tree candidates.</param>
    /// <param name="cancellationToken">Stops between candidates, or the network after its current batch.</param>
    /// <exception cref="TrainingException">A position is outside the table, a row is in both parts, or too few rows are left.</exception>
    public TableTrainingResult Train(Table table, TrainingPlan plan, SplitIndices split, IProgress<string>? progress = null, IEnumerable<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(split);
        var outside = split.Train.Concat(split.Test).Where(r => r < 0 || r >= table.RowCount).Take(1).ToList();
        if (outside.Count > 0)
            throw new TrainingException($"Row position {outside[0]} is outside the table's {table.RowCount:N0} rows (positions start at 0).");
        var shared = split.Train.Intersect(split.Test).Take(1).ToList();
        if (shared.Count > 0) throw new TrainingException($"Row position {shared[0]} is both a training and a test row.");
        using var parts = TableSplit.Take(table, split);
        if (plan.MissingTargetRows > 0)
        {
            parts.Train.DropMissing(plan.Target);
            parts.Test.DropMissing(plan.Target);
        }
        if (parts.Train.RowCount < 8 || parts.Test.RowCount < 1)
            throw new TrainingException($"Only {parts.Train.RowCount} training and {parts.Test.RowCount} test rows have a target '{plan.Target}'; training needs at least 8 and testing 1.");
        return TrainAndTest(table, plan, parts.Train, parts.Test, progress, callbacks, cancellationToken);
    }

    private TableTrainingResult TrainAndTest(Table table, TrainingPlan plan, Table trainRows, Table testRows, IProgress<string>? progress,
        IEnumerable<Callback>? callbacks, CancellationToken cancellationToken)
    {
        var target = plan.Target;
        var classification = plan.Task == TrainingTask.Classification;
        progress?.Report("fitting the preprocessing on the training rows");
        using var transformed = plan.BuildPipeline().Fit(trainRows, out var fitted);
        var dropped = plan.Columns.Where(c => !c.IsFeature).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var features = transformed.Table.Columns.Where(c => !dropped.Contains(c.Name) && (c.IsNumeric || c.Kind == ColumnKind.Boolean)).Select(c => c.Name).ToList();
        var preprocessing = new TablePreprocessing(fitted, features, inputs: [.. plan.Features.Select(f => f.Name)]);
        // The time limit is the candidates' (TableTrainingOptions.TimeLimit): it counts from the first candidate.
        var clock = Stopwatch.StartNew();
        if (plan.Spec is { OutputFeatures.Count: > 1 })
            return MultiOutputTrainer.TrainAndTest(table, plan, transformed.Table, preprocessing, testRows, clock, progress, callbacks, cancellationToken);
        var classes = classification ? plan.ClassNames : null;

        Model model;
        string kept;
        List<CandidateTrial> trials;
        TablePreprocessing keptPreprocessing;
        int fitCount, validationCount;
        using (var rows = SelectionRows.Create(transformed.Table, preprocessing, plan))
        {
            // Without folds the candidates read tensors only: the engine's wide transformed table can go before training.
            if (!rows.ReadsTable) transformed.Dispose();
            clock.Restart();
            (model, kept, trials, keptPreprocessing) = TryCandidates(plan, trainRows, preprocessing, rows, clock, progress, callbacks?.ToList() ?? [], cancellationToken);
            (fitCount, validationCount) = (rows.FitCount, rows.ValidationCount);
        }
        // The candidates' rows are freed before the test rows are transformed and read.
        using var test = TableDataset.FromTable(testRows, keptPreprocessing, target, classes);
        progress?.Report($"testing {kept} on {test.Count:N0} held-out rows");
        var testMetrics = Test(model, test, plan.Task);
        Describe(model, plan, keptPreprocessing, trials, kept, testMetrics);
        return new TableTrainingResult(model, plan, trials, kept, testMetrics, fitCount, validationCount, test.Count);
    }

    private static (Model Model, string Kept, List<CandidateTrial> Trials, TablePreprocessing Preprocessing) TryCandidates(TrainingPlan plan, Table trainRows,
        TablePreprocessing preprocessing, SelectionRows rows, Stopwatch clock, IProgress<string>? progress, List<Callback> callbacks, CancellationToken cancellationToken)
    {
        var trials = new List<CandidateTrial>();
        var trained = new List<TrainedCandidate>();
        (TextTrial Trial, string Name, double Score)? text = null;
        try
        {
            foreach (var name in plan.Options.Candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (TextCandidate.Handles(name) && !TextCandidate.Applies(plan)) continue;
                var left = plan.Options.TimeLimit - clock.Elapsed;
                if (left <= TimeSpan.Zero && (trained.Count > 0 || text is not null))
                {
                    trials.Add(new CandidateTrial(name, null, TimeSpan.Zero, "not tried: the time limit was reached"));
                    continue;
                }
                var started = clock.Elapsed;
                var budget = left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1);
                if (plan.Spec is null && TextCandidate.Handles(name))
                {
                    // A text candidate tokenizes instead of TF-IDF: it brings its own pipeline and validation rows, so it
                    // competes by its validation score but is not averaged into the ensemble.
                    progress?.Report($"training {name}");
                    var trial = TextCandidate.Train(name, plan, trainRows, budget, callbacks, cancellationToken);
                    var score = trial.Model.Evaluate(trial.Validation, extraMetrics: ScoreMetric(plan.Task))[plan.Metric];
                    trials.Add(new CandidateTrial(name, score, clock.Elapsed - started, trial.Note));
                    if (text is null || score > text.Value.Score)
                    {
                        Release(text?.Trial);
                        text = (trial, name, score);
                    }
                    else
                    {
                        Release(trial);
                    }
                    continue;
                }
                progress?.Report(rows.Folds > 1 ? $"training {name} ({rows.Folds} folds)" : $"training {name}");
                var (model, note, predictions) = plan.Spec is null && name == "linear"
                    ? rows.TrainChoosing(name, budget, "C", LinearCandidate.StrengthsFor(rows.FitCount), (fit, validation, c, share) =>
                        LinearCandidate.Train(fit, validation, plan.Task, plan.Options.Seed, c, share, cancellationToken), cancellationToken,
                        refit: true)
                    : rows.Train(name, budget, (fit, validation, share) => plan.Spec is not null
                    ? SpecCandidate.Train(plan, fit, validation, share, callbacks, cancellationToken)
                    : name switch
                    {
                        "gbm" => GbmCandidate.Train(fit, validation, plan.Task, plan.Options.Seed, share, callbacks, cancellationToken),
                        _ => MlpCandidate.Train(fit, validation, plan.Task, plan.Options.Seed, share, callbacks, cancellationToken),
                    }, cancellationToken);
                var validationScore = EnsembleSelection.Evaluate([1.0], [predictions], rows.Labels, plan.Task);
                trials.Add(new CandidateTrial(name, validationScore.Score, clock.Elapsed - started, note));
                trained.Add(new TrainedCandidate(name, model, predictions, validationScore));
            }
            if (plan.Spec is null && plan.Options.SearchTrials > 0)
            {
                var baselines = trained.Where(c => CandidateSearch.Families.Contains(c.Name))
                    .Select(c => new CandidateSearch.Baseline(c.Name, c.Model, c.Predictions, trials.Last(t => t.Name == c.Name).Duration)).ToList();
                foreach (var outcome in CandidateSearch.Run(plan, rows, baselines, plan.Options.TimeLimit - clock.Elapsed, progress, cancellationToken))
                {
                    trials.Add(outcome.Trial);
                    if (outcome.Candidate is { } tuned) trained.Add(tuned);
                }
            }
            if (trained.Count == 0)
            {
                var only = text ?? throw new TrainingException("No candidate was trained.");
                text = null;
                only.Trial.Validation.Dispose();
                return (only.Trial.Model, only.Name, trials, only.Trial.Preprocessing);
            }
            var (kept, keptName, _) = TrainedCandidate.Keep(trained, rows.Labels, plan.Task, trials);
            var keptScore = trials.Last(t => t.Name == keptName).ValidationScore ?? double.NegativeInfinity;
            if (text is { } best && best.Score > keptScore)
            {
                kept.Dispose();
                text = null;
                best.Trial.Validation.Dispose();
                return (best.Trial.Model, best.Name, trials, best.Trial.Preprocessing);
            }
            return (kept, keptName, trials, preprocessing);
        }
        finally
        {
            Release(text?.Trial);
        }
    }

    /// <summary>A text trial not kept: its model, its validation rows and its pipeline's engines.</summary>
    private static void Release(TextTrial? trial)
    {
        if (trial is null) return;
        trial.Model.Dispose();
        trial.Validation.Dispose();
        trial.Preprocessing.Dispose();
    }

    private static Metric ScoreMetric(TrainingTask task) => task == TrainingTask.Classification ? new Accuracy() : new R2Score();

    private static Dictionary<string, double> Test(Model model, TableDataset test, TrainingTask task)
    {
        Metric[] metrics = task == TrainingTask.Classification
            ? [new Accuracy(), new F1Score(Averaging.Macro)]
            : [new R2Score(), new RootMeanSquaredError(), new MeanAbsoluteErrorMetric()];
        var results = model.Evaluate(test, extraMetrics: metrics);
        var keys = task == TrainingTask.Classification ? new[] { "accuracy", "f1_macro", "loss" } : ["r2", "rmse", "mae", "loss"];
        return keys.ToDictionary(k => k, k => results[k]);
    }

    /// <summary>Everything the model file must carry to serve raw records and to say how it was made.</summary>
    private static void Describe(Model model, TrainingPlan plan, TablePreprocessing preprocessing, List<CandidateTrial> trials, string kept,
        Dictionary<string, double> testMetrics)
    {
        var metadata = model.Metadata;
        metadata.Preprocessing = [];
        preprocessing.WriteTo(metadata.Preprocessing);
        metadata.Preprocessing[TableDataset.TargetKey] = plan.Target;
        metadata.ClassNames = plan.ClassNames.ToArray();
        foreach (var (key, value) in testMetrics) metadata.Metrics[$"test_{key}"] = value;
        var spec = plan.ToJson();
        spec["trials"] = new JsonArray(trials.Select(t => (JsonNode)new JsonObject
        {
            ["candidate"] = t.Name,
            ["validation_score"] = t.ValidationScore,
            ["seconds"] = Math.Round(t.Duration.TotalSeconds, 2),
            ["note"] = t.Note,
        }).ToArray());
        spec["kept"] = kept;
        metadata.Spec = spec;
        metadata.Description = string.Create(CultureInfo.InvariantCulture,
            $"{(plan.Task == TrainingTask.Classification ? "Classifies" : "Predicts")} '{plan.Target}' from {preprocessing.Inputs!.Count} columns ({kept}); trained by lepton train.");
    }
}

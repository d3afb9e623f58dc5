using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Lepton.Tuning;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Training.Tuning;

/// <summary>
/// Automatic mode's hyperparameter search (<see cref="TableTrainingOptions.SearchTrials"/>): after the default
/// candidates, the time left goes to a TPE study over gbm's and the mlp's settings (those of the two families that were
/// trained at their defaults), each trial trained and scored exactly as the defaults were — on the same fitting and
/// validation rows, or the same bagging folds — by the held-out loss the candidates are chosen by (log loss, or squared
/// error). The best trial of a family joins the candidates as <c>gbm_tuned</c> or <c>mlp_tuned</c> only when its loss is
/// lower than its default's by more than one standard error of the paired per-row difference: the best of many trials
/// on the same rows is flattered by the choice, and the test rows, never seen here, are what say whether it generalizes.
/// </summary>
internal static class CandidateSearch
{
    /// <summary>The families searched, when they are among the candidates.</summary>
    public static IReadOnlyList<string> Families => TableTrainingOptions.SearchedCandidates;

    private static readonly int[] Widths = [32, 64, 128, 256, 512];
    private static readonly int[] Batches = [16, 32, 64, 128, 256, 512];

    /// <summary>A searched family's default, as trained before the search: its model, its predictions and how long it took.</summary>
    public sealed record Baseline(string Family, Model Model, float[,] Predictions, TimeSpan Duration);

    /// <summary>What the search found for one family.</summary>
    public sealed record Outcome(TrainedCandidate? Candidate, CandidateTrial Trial);

    /// <summary>The space: <c>model_type</c> (when both families are searched) and each family's settings, existing only in its trials.</summary>
    public static SearchSpace Space(IReadOnlyList<string> families)
    {
        var space = new SearchSpace();
        ParameterCondition? When(string family) => families.Count > 1 ? new ParameterCondition("model_type", [JsonValue.Create(family)]) : null;
        if (families.Count > 1) space.Add("model_type", new CategoricalDistribution(families.Select(f => (JsonNode?)JsonValue.Create(f))));
        if (families.Contains("gbm"))
        {
            space.Add("gbm.learning_rate", new FloatDistribution(0.01, 0.3, log: true), When("gbm"));
            space.Add("gbm.num_leaves", new IntDistribution(4, 128, log: true), When("gbm"));
            space.Add("gbm.min_data_in_leaf", new IntDistribution(2, 64, log: true), When("gbm"));
            space.Add("gbm.lambda_l2", new FloatDistribution(1e-3, 10, log: true), When("gbm"));
        }
        if (families.Contains("mlp"))
        {
            space.Add("mlp.layers", new IntDistribution(1, 3), When("mlp"));
            space.Add("mlp.width", new CategoricalDistribution(Widths.Select(w => (JsonNode?)JsonValue.Create(w))), When("mlp"));
            space.Add("mlp.dropout", new FloatDistribution(0, 0.5), When("mlp"));
            space.Add("mlp.learning_rate", new FloatDistribution(1e-4, 1e-2, log: true), When("mlp"));
            space.Add("mlp.batch_size", new CategoricalDistribution(Batches.Select(b => (JsonNode?)JsonValue.Create(b))), When("mlp"));
        }
        return space;
    }

    /// <summary>
    /// Runs the study within <paramref name="left"/> and gives, per searched family, its best trial (when it beat the
    /// default by more than the noise) and a line for the trials table. A trial starts only while the time left is at least
    /// the gbm default's duration; a trial of either family stops at the time limit (between two boosting rounds or
    /// epochs) and, with one validation split, is pruned by the median of its own family's trials at the same step.
    /// </summary>
    public static List<Outcome> Run(TrainingPlan plan, SelectionRows rows, IReadOnlyList<Baseline> baselines, TimeSpan left, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var families = baselines.Select(b => b.Family).ToList();
        var task = plan.Task;
        var seed = plan.Options.Seed;
        var reserve = baselines.FirstOrDefault(b => b.Family == "gbm")?.Duration ?? TimeSpan.Zero;
        var searchTime = left - reserve;
        if (families.Count == 0 || searchTime < TimeSpan.FromSeconds(1))
        {
            return [.. families.Select(f => new Outcome(null, new CandidateTrial($"{f}_tuned", null, TimeSpan.Zero,
                "not searched: no time was left after the defaults")))];
        }
        var clock = Stopwatch.StartNew();
        var deadline = clock.Elapsed + left;
        var best = new Dictionary<string, (Model Model, float[,] Predictions, double Loss, int Trial, string Note)>();
        var counts = families.ToDictionary(f => f, _ => 0);
        var durations = families.ToDictionary(f => f, _ => TimeSpan.Zero);
        var space = Space(families);
        var lossName = task == TrainingTask.Classification ? "log loss" : "squared error";
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"searching {string.Join(" and ", families)} settings (TPE, up to {plan.Options.SearchTrials} trials, {searchTime.TotalSeconds:0}s)"));
        // One trial at a time (the tuner's default), each using the cores as the default candidates did.
        var tuner = new Tuner(new TunerOptions
        {
            StudyName = "automatic",
            Direction = StudyDirection.Minimize,
            Sampler = new TpeSampler(seed),
            // A tree trial is judged only after as many rounds as its early stopping waits: its first rounds' loss says
            // more about its learning rate than about where it will end.
            Pruner = rows.Folds == 1 ? new PerChoicePruner(new MedianPruner(), "model_type", new Dictionary<string, IPruner> { ["gbm"] = new MedianPruner(warmupSteps: GbmCandidate.Patience) })
                : new NoPruner(),
            Store = new InMemoryStudyStore(),
            Trials = plan.Options.SearchTrials,
            TimeLimit = searchTime,
            Seed = seed,
        });
        try
        {
            var result = tuner.OptimizeAsync(space, trial =>
            {
                var family = families.Count > 1 ? trial.GetString("model_type") : families[0];
                counts[family]++;
                var trialStarted = clock.Elapsed;
                var budget = deadline - clock.Elapsed;
                if (budget < TimeSpan.FromSeconds(1)) budget = TimeSpan.FromSeconds(1);
                // With one validation split, each epoch or boosting round reports its validation loss, so a poor trial is pruned.
                Callback[] pruning = rows.Folds == 1 ? [new TrialPruning(trial)] : [];
                var (model, note, predictions) = family == "gbm"
                    ? rows.Train(family, budget, (fit, validation, share) => GbmCandidate.Train(fit, validation, task, seed, GbmOptions(trial, fit.Count, seed), share, pruning,
                        cancellationToken), cancellationToken)
                    : rows.Train(family, budget, (fit, validation, share) => MlpCandidate.Train(fit, validation, task, seed, share, MlpOptions(trial),
                        pruning, cancellationToken), cancellationToken);
                durations[family] += clock.Elapsed - trialStarted;
                if (trial.ShouldPrune)
                {
                    model.Dispose();
                    throw new TrialPrunedException();
                }
                var loss = SettingChoice.MeanLoss(predictions, rows.Labels, task);
                if (double.IsFinite(loss) && (!best.TryGetValue(family, out var kept) || loss < kept.Loss))
                {
                    if (best.TryGetValue(family, out var previous)) previous.Model.Dispose();
                    // A tree trial's note already gives its settings (and the rounds it grew); a network's gives its epochs.
                    best[family] = (model, predictions, loss, trial.Number, family == "gbm" ? note : $"{MlpOptions(trial)}; {note}");
                    progress?.Report(string.Create(CultureInfo.InvariantCulture, $"search trial {trial.Number + 1} ({family}): held-out {lossName} {loss:0.0000}, the {family} trials' best so far"));
                }
                else
                {
                    model.Dispose();
                }
                return loss;
            }, cancellationToken: cancellationToken).GetAwaiter().GetResult();
            var outcomes = new List<Outcome>();
            foreach (var baseline in baselines)
            {
                var family = baseline.Family;
                var tried = string.Create(CultureInfo.InvariantCulture, $"{counts[family]} of {result.Ran} search trials");
                if (!best.Remove(family, out var found))
                {
                    var failure = result.Trials.FirstOrDefault(t => t.Error is not null)?.Error;
                    var why = counts[family] == 0 ? $"the sampler drew no {family} trial" : $"no {family} trial finished";
                    outcomes.Add(new Outcome(null, new CandidateTrial($"{family}_tuned", null, durations[family],
                        $"not kept: {why} ({tried}{(failure is null ? "" : $"; a trial failed: {failure}")})")));
                    continue;
                }
                var defaultLoss = SettingChoice.MeanLoss(baseline.Predictions, rows.Labels, task);
                var score = EnsembleSelection.Evaluate([1.0], [found.Predictions], rows.Labels, task);
                var comparison = string.Create(CultureInfo.InvariantCulture,
                    $"held-out {lossName} {found.Loss:0.0000} vs the default's {defaultLoss:0.0000}; best of {tried} (trial {found.Trial + 1}): {found.Note}");
                if (SettingChoice.Choose([baseline.Predictions, found.Predictions], rows.Labels, task) == 1)
                {
                    var name = $"{family}_tuned";
                    var renamed = CandidateEnsemble.Renamed(found.Model, name);
                    outcomes.Add(new Outcome(new TrainedCandidate(name, renamed, found.Predictions, score), new CandidateTrial(name, score.Score, durations[family], comparison)));
                }
                else
                {
                    found.Model.Dispose();
                    outcomes.Add(new Outcome(null, new CandidateTrial($"{family}_tuned", score.Score, durations[family],
                        $"not kept: not better than the default by more than the noise of the held-out rows; {comparison}")));
                }
            }
            return outcomes;
        }
        finally
        {
            foreach (var found in best.Values) found.Model.Dispose();
        }
    }

    private static Lepton.Training.Trees.GradientBoostingOptions GbmOptions(Trial trial, int rows, int seed) => GbmCandidate.Options(rows, seed,
        trial.GetDouble("gbm.learning_rate"), (int)trial.GetInt64("gbm.num_leaves"), (int)trial.GetInt64("gbm.min_data_in_leaf"), trial.GetDouble("gbm.lambda_l2"));

    private static MlpSettings MlpOptions(Trial trial)
    {
        var width = (int)trial.GetInt64("mlp.width");
        var widths = Enumerable.Range(0, (int)trial.GetInt64("mlp.layers")).Select(i => Math.Max(16, width >> i)).ToArray();
        return new MlpSettings(widths, trial.GetDouble("mlp.dropout"), trial.GetDouble("mlp.learning_rate"), (int)trial.GetInt64("mlp.batch_size"));
    }
}

using System.Globalization;
using Lepton.Tracking;
using Lepton.Training.Automatic;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// Records a cross-validation in tracking. Tracking has no parent/child link of its own, so the parent run is tagged
/// <c>lepton.kind = cross_validation</c> and each fold's run is tagged <c>parent_run</c> (the parent's id) and
/// <c>fold</c> (1-based); the parent gets <c>&lt;metric&gt;_mean</c> and <c>&lt;metric&gt;_sd</c> per test metric.
/// </summary>
internal static class ExperimentRecord
{
    public const string ParentTag = RunTags.ParentRun;
    public const string FoldTag = "fold";

    public static Task<ActiveRun> StartParentAsync(TrackingClient client, ExperimentSettings settings, TrainingPlan plan, int folds, string foldsSource) =>
        StartAsync(client, settings, "experiment", new Dictionary<string, string> { [RunTags.Kind] = "cross_validation", ["folds"] = folds.ToString(CultureInfo.InvariantCulture) },
            run => run.LogParams([
                new("target", plan.Target), new("task", plan.Task.ToString().ToLowerInvariant()), new("folds", folds), new("folds_from", foldsSource),
                new("time_limit_per_fold_seconds", plan.Options.TimeLimit.TotalSeconds), new("seed", plan.Options.Seed),
                new("candidates", string.Join(",", plan.Options.Candidates)),
            ]));

    public static async Task WriteFoldAsync(TrackingClient client, ExperimentSettings settings, ActiveRun parent, int fold, TableTrainingResult result)
    {
        var tags = new Dictionary<string, string> { [ParentTag] = parent.RunId, [FoldTag] = fold.ToString(CultureInfo.InvariantCulture) };
        await using var run = await StartAsync(client, settings, $"fold {fold}", tags, run =>
        {
            run.LogParams([new("fold", fold), new("kept", result.Kept), new("train_rows", result.TrainRows + result.ValidationRows), new("test_rows", result.TestRows)]);
            foreach (var trial in result.Trials.Where(t => t.ValidationScore is not null))
                run.LogMetric($"val_{result.Plan.Metric}_{trial.Name}", trial.ValidationScore!.Value);
            foreach (var (key, value) in result.TestMetrics) run.LogMetric($"test_{key}", value);
        });
        await run.EndAsync(RunStatus.Finished, CancellationToken.None);
    }

    public static async Task FinishParentAsync(ActiveRun parent, FoldScores scores)
    {
        foreach (var metric in scores.Metrics)
        {
            parent.LogMetric($"test_{metric}_mean", scores.Mean(metric));
            parent.LogMetric($"test_{metric}_sd", scores.StandardDeviation(metric));
        }
        await parent.EndAsync(RunStatus.Finished, CancellationToken.None);
    }

    private static async Task<ActiveRun> StartAsync(TrackingClient client, ExperimentSettings settings, string name, Dictionary<string, string> tags, Action<ActiveRun> log)
    {
        var run = await client.StartRunAsync(settings.Name, name, settings.CommandLine, tags, CancellationToken.None);
        log(run);
        return run;
    }
}

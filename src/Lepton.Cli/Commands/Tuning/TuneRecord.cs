using System.Globalization;
using Lepton.Tracking;
using Lepton.Training.Automatic;
using Lepton.Tuning;
using Lepton.Tuning.Importance;
using Lepton.Training.Tuning;
using Lepton.Tuning.Studies;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>
/// Records a study in tracking, so <c>lepton runs</c> sees it: a run for the study (tagged <c>lepton.kind = tuning</c>
/// and <c>study</c>), a child run per finished trial (tagged <c>parent_run</c>, <c>study</c>, <c>trial</c>, with its
/// parameters, state, value and reported values), and the final model's run, registered with the study and trial in its
/// tags and description.
/// </summary>
internal static class TuneRecord
{
    public const string StudyTag = RunTags.Study;
    public const string TrialTag = RunTags.Trial;
    public const string KindTag = RunTags.Kind;
    public const string Kind = RunTags.TuningKind;

    public static async Task<ActiveRun> StartStudyRunAsync(TrackingClient client, TuneSettings settings, SpecTuner tuner)
    {
        var tags = new Dictionary<string, string> { [KindTag] = Kind, [StudyTag] = settings.Study };
        var run = await client.StartRunAsync(settings.Study, "tune", settings.CommandLine, tags, CancellationToken.None);
        var h = tuner.Hyperopt;
        run.LogParams([
            new("metric", h.Metric), new("goal", tuner.Direction.ToString().ToLowerInvariant()), new("split", h.Split), new("folds", h.Split == "cross_validation" ? h.Folds : null),
            new("search_alg", h.SearchAlgorithm), new("pruner", h.Pruner), new("parameters", string.Join(", ", tuner.Space.Select(p => p.Name))),
            new("workers", settings.Workers), new("seed", settings.Seed),
        ]);
        return run;
    }

    public static async Task WriteTrialAsync(TrackingClient client, TuneSettings settings, SpecTuner tuner, string? parent, TrialRecord trial)
    {
        var tags = new Dictionary<string, string>
        {
            [StudyTag] = settings.Study,
            [TrialTag] = trial.Number.ToString(CultureInfo.InvariantCulture),
            [RunTags.TrialState] = trial.State.ToString().ToLowerInvariant(),
        };
        if (parent is not null) tags[RunTags.ParentRun] = parent;
        await using var run = await client.StartRunAsync(settings.Study, $"trial {trial.Number}", settings.CommandLine, tags, CancellationToken.None);
        run.LogParams(trial.Parameters.Select(p => new KeyValuePair<string, object?>(p.Key, TrialReporter.Show(tuner.Space[p.Key].Distribution.ToValue(p.Value)))));
        foreach (var (step, value) in trial.Intermediate.OrderBy(p => p.Key)) run.LogMetric($"intermediate_{tuner.Hyperopt.Metric}", value, step);
        if (trial.Value is { } v) run.LogMetric(tuner.Hyperopt.Metric, v);
        // The run is recorded when the trial ends, so its own times are the recording's: the trial's time is a metric.
        run.LogMetric("trial_seconds", Math.Round(((trial.Finished ?? trial.Heartbeat) - trial.Started).TotalSeconds, 3));
        await run.EndAsync(trial.State switch
        {
            TrialState.Complete => RunStatus.Finished,
            TrialState.Pruned => RunStatus.Killed,
            _ => RunStatus.Failed,
        }, CancellationToken.None);
    }

    public static async Task FinishStudyRunAsync(ActiveRun study, IAnsiConsole console, TuneSettings settings, TuningResult result, TableTrainingResult trained, string modelPath)
    {
        var best = result.Best!;
        study.SetTag(TrialTag, best.Number.ToString(CultureInfo.InvariantCulture));
        study.LogMetric($"best_{settings.Spec.Hyperopt!.Metric}", best.Value!.Value);
        foreach (var state in Enum.GetValues<TrialState>()) study.LogMetric($"trials_{state.ToString().ToLowerInvariant()}", result.Count(state));
        foreach (var (key, value) in trained.TestMetrics) study.LogMetric($"test_{key}", value);
        // Each parameter's share of the value's variance over the finished trials (as lepton tune show prints it), for readers without the tuner.
        foreach (var p in FanovaImportance.Compute(new StudySnapshot(result.Study, result.Trials))) study.LogMetric(RunTags.ImportancePrefix + p.Parameter, p.Importance);
        await study.LogArtifactAsync(modelPath, "model.lepton", CancellationToken.None);
        await study.EndAsync(RunStatus.Finished, CancellationToken.None);
        var description = string.Create(CultureInfo.InvariantCulture, $"study {settings.Study}, trial {best.Number}: {settings.Spec.Hyperopt!.Metric} {best.Value:0.0000}; test {trained.TestMetrics.First().Key} {trained.TestMetrics.First().Value:0.0000}");
        var version = await study.Client.Registry.RegisterRunModelAsync(settings.Study, study.RunId, description: description, cancellationToken: CancellationToken.None);
        console.MarkupLineInterpolated($"Recorded study run [bold]{study.RunId}[/] with {result.Trials.Count(t => t.IsFinished)} trial runs in experiment '{settings.Study}' ({study.Client.Store.Description}); registered [bold]{settings.Study}/{version.Version}[/] (trial {best.Number}).");
    }
}

using System.Text.Json;
using Lepton.Tracking;

namespace Lepton.Web.Studies;

/// <summary>
/// One study: its settings (the study run's parameters), the trials (its child runs: number, state, value, time and
/// parameters), the optimization history, parallel coordinates and slices of the parameters against the value, and the
/// parameters' fANOVA importance recorded when the study finished.
/// </summary>
internal sealed record StudyView(Run Study, string Experiment, string Metric, string Goal, IReadOnlyList<StudyView.Trial> Trials, IReadOnlyList<string> Parameters, IReadOnlyList<(string Parameter, double Importance)> Importance)
{
    /// <summary>The trials read (a study's trial runs are its children).</summary>
    public const int MostTrials = 5_000;

    /// <summary>One trial, from its run.</summary>
    internal sealed record Trial(Run Run, int? Number, string State, double? Value, double? Seconds);

    public static async Task<StudyView> ReadAsync(TrackingClient tracking, string runId, CancellationToken cancellationToken)
    {
        var study = await tracking.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (study.Tags.GetValueOrDefault(RunTags.Kind) != RunTags.TuningKind)
            throw new DashboardException(StatusCodes.Status404NotFound, $"Run {runId} is not a study's run (it has no {RunTags.Kind} = {RunTags.TuningKind} tag): see /runs/{runId}.");
        var experiment = (await tracking.Store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Id == study.Info.ExperimentId)?.Name ?? "?";
        var metric = study.Params.GetValueOrDefault("metric") ?? "";
        var runs = await tracking.Store.SearchRunsAsync(new RunQuery([experiment], $"tags.{RunTags.ParentRun} = '{study.Info.RunId}'", null, MostTrials), cancellationToken).ConfigureAwait(false);
        var trials = runs
            .Select(r => new Trial(r,
                int.TryParse(r.Tags.GetValueOrDefault(RunTags.Trial), out var n) ? n : null,
                r.Tags.GetValueOrDefault(RunTags.TrialState) ?? r.Info.Status.ToString().ToLowerInvariant(),
                r.LatestMetrics.TryGetValue(metric, out var v) && double.IsFinite(v.Value) ? v.Value : null,
                r.LatestMetrics.TryGetValue("trial_seconds", out var s) ? s.Value : null))
            .OrderBy(t => t.Number ?? int.MaxValue)
            .ToList();
        var parameters = trials.SelectMany(t => t.Run.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var importance = study.LatestMetrics.Where(m => m.Key.StartsWith(RunTags.ImportancePrefix, StringComparison.Ordinal))
            .Select(m => (m.Key[RunTags.ImportancePrefix.Length..], m.Value.Value))
            .OrderByDescending(p => p.Value)
            .ToList();
        return new StudyView(study, experiment, metric, study.Params.GetValueOrDefault("goal") ?? "", trials, parameters, importance);
    }

    /// <summary>
    /// The trials as the front end's plots read them: the history (number, value, state) and, in the compare page's
    /// shape, runs × parameters and the objective, so the same parallel coordinates and scatter draw them.
    /// </summary>
    public string PlotJson => JsonSerializer.Serialize(new
    {
        goal = Goal,
        metric = Metric,
        history = Trials.Where(t => t.Number is not null).Select(t => new { n = t.Number, value = t.Value, state = t.State }),
        runs = Trials.Select(t => new { id = t.Run.Info.RunId, name = t.Run.Info.Name }),
        parameters = Parameters.Select(p => new { key = p, values = Trials.Select(t => t.Run.Params.GetValueOrDefault(p)) }),
        metrics = new[] { new { key = Metric, direction = Goal == "maximize" ? "maximize" : "minimize", values = Trials.Select(t => t.Value) } },
    });
}

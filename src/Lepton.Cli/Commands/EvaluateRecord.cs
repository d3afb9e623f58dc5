using System.CommandLine;
using System.Data.Common;
using System.Text;
using Lepton.Tracking;
using Lepton.Training.Evaluation;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>
/// Records a <c>lepton evaluate</c> of a registered model version as a run, the way MLflow's <c>mlflow.evaluate</c>
/// logs to a run: tags naming the version, the data as parameters and dataset, the metrics, and the JSON and HTML
/// report as artifacts. The run goes to the experiment named after the model, beside the <c>lepton train</c> runs
/// that made its versions.
/// </summary>
internal static class EvaluateRecord
{
    /// <summary>What to record: the version evaluated, how, on what, and what came out.</summary>
    /// <param name="Version">The registered version evaluated.</param>
    /// <param name="Data">What was evaluated on, for people.</param>
    /// <param name="Target">The column of true values, or null for images.</param>
    /// <param name="Task">classification, regression or multi_output.</param>
    /// <param name="Rows">Rows evaluated (the most of any output's for a multi-output model).</param>
    /// <param name="Metrics">Metric key → value; a multi-output model's keys are <c>OUTPUT.metric</c>.</param>
    /// <param name="Json">The evaluation's JSON.</param>
    /// <param name="WriteReport">Writes the HTML report to the path given, returns its charts' PNG files.</param>
    /// <param name="Dataset">The data to fingerprint, when it is known.</param>
    public sealed record Evaluation(
        ModelVersion Version, string Data, string? Target, string Task, long Rows, IReadOnlyDictionary<string, double> Metrics,
        string Json, Func<string, Task<IReadOnlyList<string>>> WriteReport, EvaluatedData? Dataset)
    {
        /// <summary>Extra parameters: rows without a target, unreadable images.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> Extra { get; init; } = [];
    }

    /// <summary>A model of one output.</summary>
    public static Evaluation Of(ModelVersion version, ModelEvaluation evaluation, string? target, string title, EvaluatedData? dataset) =>
        new(version, evaluation.Data, target, evaluation.Task, evaluation.Rows, Finite(evaluation.Metrics), evaluation.ToJson(),
            path => EvaluationReport.WriteAsync(evaluation, path, title), dataset)
        {
            Extra = Left(evaluation),
        };

    /// <summary>A multi-task model: each output's metrics under <c>OUTPUT.metric</c>.</summary>
    public static Evaluation Of(ModelVersion version, MultiOutputEvaluation evaluation, string title, EvaluatedData? dataset)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var output in evaluation.Outputs)
        {
            foreach (var (key, value) in Finite(output.Metrics)) metrics[$"{MetricSafe(output.Output!)}.{key}"] = value;
        }
        return new(version, evaluation.Data, string.Join(",", evaluation.Outputs.Select(o => o.Output)), "multi_output", evaluation.Outputs.Max(o => o.Rows), metrics,
            evaluation.ToJson(), path => EvaluationReport.WriteAsync(evaluation, path, title), dataset);
    }

    /// <summary>
    /// Records <paramref name="evaluation"/> in the store <paramref name="store"/> names. A store that cannot be opened
    /// or written to costs a warning, not the evaluation already printed.
    /// </summary>
    public static async Task WriteAsync(IAnsiConsole console, TrackingStoreOption store, ParseResult result, Evaluation evaluation, CancellationToken cancellationToken)
    {
        var version = evaluation.Version;
        ActiveRun? run = null;
        try
        {
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            run = await client.StartRunAsync(version.Name, "evaluate", string.Join(' ', ["lepton", .. result.Tokens.Select(t => t.Value)]), new Dictionary<string, string>
            {
                [RunTags.Kind] = RunTags.EvaluationKind,
                [RunTags.EvaluationModel] = version.Name,
                [RunTags.EvaluationVersion] = version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, CancellationToken.None).ConfigureAwait(false);
            await FillAsync(run, evaluation).ConfigureAwait(false);
            await run.EndAsync(RunStatus.Finished, CancellationToken.None).ConfigureAwait(false);
            console.MarkupLineInterpolated($"Recorded evaluation run [bold]{run.RunId}[/] of {version.Name}/{version.Version} in experiment '{version.Name}' ({client.Store.Description}).");
        }
        catch (Exception e) when (e is TrackingException or IOException or UnauthorizedAccessException or DbException or HttpRequestException or TimeoutException)
        {
            if (run is not null) await EndFailedAsync(run).ConfigureAwait(false);
            console.MarkupLineInterpolated($"[yellow]Warning:[/] the evaluation was not recorded in the tracking store: {e.Message} Run again with --no-tracking to skip recording.");
        }
    }

    private static async Task FillAsync(ActiveRun run, Evaluation evaluation)
    {
        run.LogParams([
            new("model", $"{evaluation.Version.Name}/{evaluation.Version.Version}"), new("data", Clip(evaluation.Data)), new("task", evaluation.Task), new("rows", evaluation.Rows),
            .. evaluation.Target is null ? Array.Empty<KeyValuePair<string, object?>>() : [new("target", Clip(evaluation.Target))],
            .. evaluation.Extra,
        ]);
        foreach (var (key, value) in evaluation.Metrics) run.LogMetric(key, value);
        if (evaluation.Dataset is { } dataset)
        {
            var fingerprint = dataset.Fingerprint();
            if (dataset.Profile is { } profile) await run.LogDatasetAsync(fingerprint, EvaluatedData.Context, profile, CancellationToken.None).ConfigureAwait(false);
            else await run.LogDatasetAsync(fingerprint, EvaluatedData.Context, CancellationToken.None).ConfigureAwait(false);
        }

        var folder = Directory.CreateTempSubdirectory("lepton-evaluate-").FullName;
        try
        {
            var json = Path.Combine(folder, EvaluationArtifacts.Json);
            await File.WriteAllTextAsync(json, evaluation.Json, Encoding.UTF8, CancellationToken.None).ConfigureAwait(false);
            await run.LogArtifactAsync(json, EvaluationArtifacts.Json, CancellationToken.None).ConfigureAwait(false);
            var report = Path.Combine(folder, EvaluationArtifacts.Report);
            var charts = await evaluation.WriteReport(report).ConfigureAwait(false);
            await run.LogArtifactAsync(report, EvaluationArtifacts.Report, CancellationToken.None).ConfigureAwait(false);
            foreach (var chart in charts)
                await run.LogArtifactAsync(chart, $"{EvaluationArtifacts.Charts}/{Path.GetFileName(chart)}", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task EndFailedAsync(ActiveRun run)
    {
        try
        {
            await run.EndAsync(RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TrackingException or IOException or DbException or HttpRequestException or TimeoutException or ObjectDisposedException)
        {
            // The store already failed once; the warning printed next says so.
        }
    }

    private static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);

    private static List<KeyValuePair<string, object?>> Left(ModelEvaluation evaluation)
    {
        var left = new List<KeyValuePair<string, object?>>();
        if (evaluation.RowsWithoutTarget > 0) left.Add(new("rows_without_target", evaluation.RowsWithoutTarget));
        if (evaluation.UnreadableImages > 0) left.Add(new("unreadable_images", evaluation.UnreadableImages));
        return left;
    }

    /// <summary>An output's name as part of a metric key, which takes letters, digits, '_', '-', '.', ' ', ':' and '/'.</summary>
    private static string MetricSafe(string name) =>
        new([.. name.Take(200).Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ' ' or ':' ? c : '_')]);

    // A parameter value has a length limit; a long path or description is cut, not refused.
    private static string Clip(string value) => value.Length <= 2000 ? value : value[..1999] + "…";
}

using System.Globalization;
using Lepton.Tracking;
using Lepton.Training.Evaluation;

namespace Lepton.Web.Tests;

/// <summary>
/// Evaluation runs laid out as <c>lepton evaluate</c> records them (tags naming the version, data parameters, metrics,
/// dataset, <c>evaluation.json</c> and the HTML report), from real evaluations computed by Lepton.Training.
/// </summary>
internal static class EvaluationRuns
{
    public static readonly string[] Classes = ["setosa", "versicolor", "virginica"];

    /// <summary>A three-class evaluation: 30 rows, each class's 10 mostly right, <paramref name="wrong"/> rows of each class taken for the next.</summary>
    public static ModelEvaluation Classifier(string data, int wrong, IReadOnlyList<string>? classes = null, string? output = null)
    {
        var rows = 30;
        var probabilities = new float[rows, 3];
        var labels = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var label = i / 10;
            var predicted = i % 10 < wrong ? (label + 1) % 3 : label;
            labels[i] = label;
            for (var c = 0; c < 3; c++) probabilities[i, c] = c == predicted ? 0.8f : 0.1f;
        }
        return new ModelEvaluation(data, ClassificationEvaluation.Compute(probabilities, labels, classes ?? Classes), null) { RowsWithoutTarget = 2, Output = output };
    }

    /// <summary>A regression evaluation of 40 rows.</summary>
    public static ModelEvaluation Regressor(string data, string? output = null)
    {
        var actual = Enumerable.Range(0, 40).Select(i => i * 0.5).ToArray();
        var predicted = actual.Select((a, i) => a + (i % 5 - 2) * 0.1).ToArray();
        return new ModelEvaluation(data, null, RegressionEvaluation.Compute(predicted, actual)) { Output = output };
    }

    /// <summary>Records <paramref name="evaluation"/> of <paramref name="version"/> as an evaluation run.</summary>
    public static Task<string> RecordAsync(TrackingClient tracking, TempFolder folder, ModelVersion version, ModelEvaluation evaluation, string? target) =>
        RecordAsync(tracking, folder, version, evaluation.Data, evaluation.Task, evaluation.Rows, target, evaluation.Metrics, evaluation.ToJson(),
            path => EvaluationReport.WriteAsync(evaluation, path));

    /// <summary>Records a multi-output <paramref name="evaluation"/>, each output's metrics under <c>OUTPUT.metric</c>.</summary>
    public static Task<string> RecordAsync(TrackingClient tracking, TempFolder folder, ModelVersion version, MultiOutputEvaluation evaluation) =>
        RecordAsync(tracking, folder, version, evaluation.Data, "multi_output", evaluation.Outputs.Max(o => o.Rows), string.Join(",", evaluation.Outputs.Select(o => o.Output)),
            evaluation.Outputs.SelectMany(o => o.Metrics.Select(m => KeyValuePair.Create($"{o.Output}.{m.Key}", m.Value))).ToDictionary(),
            evaluation.ToJson(), path => EvaluationReport.WriteAsync(evaluation, path));

    private static async Task<string> RecordAsync(TrackingClient tracking, TempFolder folder, ModelVersion version, string data, string task, long rows, string? target,
        IReadOnlyDictionary<string, double> metrics, string json, Func<string, Task<IReadOnlyList<string>>> writeReport)
    {
        await using var run = await tracking.StartRunAsync(version.Name, "evaluate", $"lepton evaluate {version.Name}/{version.Version} {data}", new Dictionary<string, string>
        {
            [RunTags.Kind] = RunTags.EvaluationKind,
            [RunTags.EvaluationModel] = version.Name,
            [RunTags.EvaluationVersion] = version.Version.ToString(CultureInfo.InvariantCulture),
        });
        run.LogParam("model", $"{version.Name}/{version.Version}");
        run.LogParam("data", data);
        run.LogParam("task", task);
        run.LogParam("rows", rows);
        if (target is not null) run.LogParam("target", target);
        foreach (var (key, value) in metrics.Where(m => double.IsFinite(m.Value))) run.LogMetric(key, value);
        await run.LogDatasetAsync(new DatasetFingerprint(data, new string('b', 64), rows, "[]"), "evaluation");
        var dir = folder.PathOf($"evaluation-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var jsonPath = Path.Combine(dir, EvaluationArtifacts.Json);
        await File.WriteAllTextAsync(jsonPath, json);
        await run.LogArtifactAsync(jsonPath, EvaluationArtifacts.Json);
        var report = Path.Combine(dir, EvaluationArtifacts.Report);
        var charts = await writeReport(report);
        await run.LogArtifactAsync(report, EvaluationArtifacts.Report);
        foreach (var chart in charts) await run.LogArtifactAsync(chart, $"{EvaluationArtifacts.Charts}/{Path.GetFileName(chart)}");
        await run.EndAsync();
        return run.RunId;
    }
}

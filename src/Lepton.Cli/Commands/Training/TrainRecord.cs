using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Tables;
using Lepton.Tracking;
using Lepton.Training.Automatic;
using Spectre.Console;
using Table = Lepton.Data.Tables.Table;

namespace Lepton.Cli.Commands.Training;

/// <summary>Records a <c>lepton train</c> run: parameters, validation and test metrics, the dataset, its profile and the plan as artifacts, the model file; then registers the model.</summary>
internal static class TrainRecord
{
    public static async Task WriteAsync(ActiveRun run, IAnsiConsole console, TrainSettings settings, Table table, TableTrainingResult result, string modelPath)
    {
        var plan = result.Plan;
        run.LogParams([
            new("target", plan.Target), new("task", plan.Task.ToString().ToLowerInvariant()), new("time_limit_seconds", plan.Options.TimeLimit.TotalSeconds),
            new("seed", plan.Options.Seed), new("test_fraction", plan.Options.TestFraction), new("candidates", string.Join(",", plan.Options.Candidates)),
            new("kept", result.Kept), new("features", plan.Features.Count),
        ]);
        foreach (var trial in result.Trials.Where(t => t.ValidationScore is not null))
            run.LogMetric($"val_{plan.Metric}_{trial.Name}", trial.ValidationScore!.Value);
        foreach (var (key, value) in result.TestMetrics) run.LogMetric($"test_{key}", value);

        var schema = JsonSerializer.Serialize(table.Columns.Select(c => new { name = c.Name, kind = c.Kind.ToString().ToLowerInvariant() }));
        await run.LogDatasetAsync(DatasetFingerprint.FromFiles(Path.GetFileName(settings.Data), table.RowCount, schema, settings.Data), "train", CancellationToken.None);
        var folder = Directory.CreateTempSubdirectory("lepton-train-").FullName;
        try
        {
            var planFile = Path.Combine(folder, "plan.json");
            var spec = result.Model.Metadata.Spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            await File.WriteAllTextAsync(planFile, spec, CancellationToken.None);
            await run.LogArtifactAsync(planFile, "plan.json", CancellationToken.None);
            var profileFile = Path.Combine(folder, "profile.json");
            await File.WriteAllTextAsync(profileFile, Profile(plan.Profile).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
            await run.LogArtifactAsync(profileFile, "profile.json", CancellationToken.None);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        await run.LogArtifactAsync(modelPath, "model.lepton", CancellationToken.None);
        await run.EndAsync(RunStatus.Finished, CancellationToken.None);
        var headline = result.TestMetrics.First();
        var version = await run.Client.Registry.RegisterRunModelAsync(settings.Name, run.RunId,
            description: string.Create(CultureInfo.InvariantCulture, $"{result.Kept}, test {headline.Key} {headline.Value:0.0000}"), cancellationToken: CancellationToken.None);
        console.MarkupLineInterpolated($"Recorded run [bold]{run.RunId}[/] in experiment '{settings.Name}' ({run.Client.Store.Description}); registered [bold]{settings.Name}/{version.Version}[/].");
    }

    /// <summary>The profile's per-column figures, small enough to keep with every run.</summary>
    private static JsonObject Profile(TableProfile profile) => new()
    {
        ["rows"] = profile.RowCount,
        ["duplicate_rows"] = profile.DuplicateRows,
        ["columns"] = new JsonArray(profile.Columns.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["kind"] = c.Kind.ToString().ToLowerInvariant(),
            ["count"] = c.Count,
            ["missing"] = c.Missing,
            ["distinct"] = c.Distinct,
            ["mean"] = c.Mean is { } m && double.IsFinite(m) ? m : null,
            ["min"] = c.Min is { } lo && double.IsFinite(lo) ? lo : null,
            ["max"] = c.Max is { } hi && double.IsFinite(hi) ? hi : null,
        }).ToArray()),
    };
}

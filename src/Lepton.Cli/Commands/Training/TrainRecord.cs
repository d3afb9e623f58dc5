using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Images;
using Lepton.Data.Tables;
using Lepton.Tracking;
using Lepton.Tracking.Datasets;
using Lepton.Training.Automatic;
using Lepton.Training.Images;
using Spectre.Console;
using Table = Lepton.Data.Tables.Table;

namespace Lepton.Cli.Commands.Training;

/// <summary>Records a <c>lepton train</c> run: parameters, validation and test metrics, the dataset with its profile, the plan as an artifact, the model file; then registers the model.</summary>
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
        await run.LogDatasetAsync(DatasetFingerprint.FromFiles(settings.Input.Name, table.RowCount, schema, [.. settings.Input.Files]), "train",
            DatasetProfile.FromTable(table, plan.Profile), CancellationToken.None);
        var headline = result.TestMetrics.First();
        await FinishAsync(run, console, settings.Name, [("plan.json", result.Model.Metadata.Spec)], modelPath,
            string.Create(CultureInfo.InvariantCulture, $"{result.Kept}, test {headline.Key} {headline.Value:0.0000}"));
    }

    /// <summary>Records a <c>lepton train FOLDER</c> run: parameters, test metrics, the folder (its listing with labels, and every image) as the dataset, the plan, the model file; then registers the model.</summary>
    public static async Task WriteAsync(ActiveRun run, IAnsiConsole console, TrainSettings settings, ImageTrainingResult result, string modelPath)
    {
        var plan = result.Plan;
        var format = plan.Format;
        run.LogParams([
            new("data", plan.Folder is null ? "image dataset" : "image folder"), new("classes", plan.ClassNames.Count), new("image_size", $"{format.Width}x{format.Height}"), new("channels", format.Channels),
            new("recipe", result.Recipe), new("time_limit_seconds", plan.Options.TimeLimit.TotalSeconds), new("seed", plan.Options.Seed),
            new("test_fraction", plan.Options.TestFraction), new("split", plan.Folder is null ? "dataset" : plan.Folder.HasSplitFolders ? "folders" : "stratified"),
        ]);
        foreach (var (key, value) in result.TestMetrics) run.LogMetric($"test_{key}", value);
        run.LogMetric("unreadable_images", result.Skipped.Count);
        var schema = JsonSerializer.Serialize(new { image = new { channels = format.Channels, height = format.Height, width = format.Width }, classes = plan.ClassNames });
        var classes = DatasetProfile.FromClassCounts(plan.ClassNames,
            plan.ClassNames.Select((_, label) => (long)Enum.GetValues<ImageSplit>().Sum(part => plan.Count(part, label))).ToList());
        if (plan.Folder is null)
            await run.LogDatasetAsync(DatasetFingerprint.FromFiles(settings.Input.Name, plan.Source.Count, schema, [.. settings.Input.Files]), "train", classes, CancellationToken.None);
        else
        {
            var images = plan.Folder.Images.Select(i => (i.Path, plan.ClassNames[i.Label])).ToList();
            await run.LogDatasetAsync(DatasetFingerprint.FromLabelledFiles(Path.GetFileName(plan.Folder.Root), schema, plan.Folder.Root, images), "train", classes, CancellationToken.None);
        }
        await FinishAsync(run, console, settings.Name, [("plan.json", result.Model.Metadata.Spec)], modelPath,
            string.Create(CultureInfo.InvariantCulture, $"{result.Recipe} CNN, test accuracy {result.TestMetrics["accuracy"]:0.0000}"));
    }

    /// <summary>What every train run records last: its JSON artifacts and the model file; then the run ends and the model is registered.</summary>
    private static async Task FinishAsync(ActiveRun run, IAnsiConsole console, string name, IReadOnlyList<(string Name, JsonNode Json)> artifacts, string modelPath, string description)
    {
        var folder = Directory.CreateTempSubdirectory("lepton-train-").FullName;
        try
        {
            foreach (var (file, json) in artifacts)
            {
                var path = Path.Combine(folder, file);
                await File.WriteAllTextAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
                await run.LogArtifactAsync(path, file, CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        await run.LogArtifactAsync(modelPath, "model.lepton", CancellationToken.None);
        await run.EndAsync(RunStatus.Finished, CancellationToken.None);
        var version = await run.Client.Registry.RegisterRunModelAsync(name, run.RunId, description: description, cancellationToken: CancellationToken.None);
        console.MarkupLineInterpolated($"Recorded run [bold]{run.RunId}[/] in experiment '{name}' ({run.Client.Store.Description}); registered [bold]{name}/{version.Version}[/].");
    }
}

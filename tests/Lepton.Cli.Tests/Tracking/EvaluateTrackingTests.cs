using System.Text.Json.Nodes;
using Lepton.Tracking;
using Lepton.Training.Tests.Evaluation;
using Spectre.Console.Testing;

namespace Lepton.Cli.Tests.Tracking;

/// <summary><c>lepton evaluate</c> of a registered model records a run linked to its version; of a file, or with --no-tracking, nothing.</summary>
public sealed class EvaluateTrackingTests : IDisposable
{
    private readonly TrackingHome _home = new();
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _folder.Dispose();
        _home.Dispose();
    }

    private async Task<string> RegisterAsync(string name, bool classifier = true)
    {
        var path = _folder.PathOf(name + ".lepton");
        using (var model = classifier ? TableModel.Classifier(TableModel.WriteCsv(_folder)) : TableModel.Regressor(TableModel.WriteCsv(_folder)))
            model.Save(path);
        await using var client = await TrackingHome.OpenAsync();
        await client.Registry.RegisterFileAsync(name, path, description: "by hand");
        await client.Registry.RegisterFileAsync(name, path, description: "again");
        await client.Registry.SetAliasAsync(name, "production", 2);
        return path;
    }

    private static async Task<IReadOnlyList<Run>> EvaluationsAsync(string? model = null)
    {
        await using var client = await TrackingHome.OpenAsync();
        return await client.Store.SearchRunsAsync(new RunQuery(null, model is null ? $"tags.`{RunTags.Kind}` = '{RunTags.EvaluationKind}'" : $"tags.`{RunTags.EvaluationModel}` = '{model}'"));
    }

    [Fact]
    public async Task Evaluate_on_a_registered_model_records_a_run_with_its_version_metrics_dataset_json_and_report()
    {
        await RegisterAsync("animals");
        var test = TableModel.WriteCsv(_folder, "test.csv", rows: 40, missingTargetEvery: 10);

        var (code, output) = CliRun.Invoke("evaluate", "animals@production", test, "--target", "animal");

        Assert.True(code == 0, output);
        var found = Assert.Single(await EvaluationsAsync("animals"));
        Run run;
        await using (var client = await TrackingHome.OpenAsync())
            run = await client.Store.GetRunAsync(found.Info.RunId);
        Assert.Contains($"Recorded evaluation run {run.Info.RunId} of animals/2 in experiment 'animals'", output);
        Assert.Equal("2", run.Tags[RunTags.EvaluationVersion]);
        Assert.Equal(RunTags.EvaluationKind, run.Tags[RunTags.Kind]);
        await using (var client = await TrackingHome.OpenAsync())
            Assert.Equal("animals", (await client.Store.ListExperimentsAsync()).Single(e => e.Id == run.Info.ExperimentId).Name);
        Assert.Equal("animal", run.Params["target"]);
        Assert.Equal("36", run.Params["rows"]);
        Assert.Equal("4", run.Params["rows_without_target"]);
        Assert.Equal("animals/2", run.Params["model"]);
        Assert.Contains("test.csv", run.Params["data"]);
        Assert.InRange(run.LatestMetrics["accuracy"].Value, 0.8, 1.0);
        Assert.Contains("f1_macro", run.LatestMetrics.Keys);
        Assert.Contains("log_loss", run.LatestMetrics.Keys);
        var dataset = Assert.Single(run.Datasets);
        Assert.Equal("evaluation", dataset.Context);
        Assert.Equal("test.csv", dataset.Dataset.Name);
        Assert.Equal(40, dataset.Dataset.Rows);
        await using (var client = await TrackingHome.OpenAsync())
        {
            // Profiled, so the Data page can compare the evaluation data with the training data.
            var profile = (await client.Store.GetDatasetAsync(dataset.Dataset.Hash)).Profile!;
            Assert.Equal(40, profile.Rows);
            Assert.Equal(4, profile.Column("animal")!.Missing);
        }
        Assert.Contains(run.Artifacts, a => a.Path == EvaluationArtifacts.Json);
        Assert.Contains(run.Artifacts, a => a.Path == EvaluationArtifacts.Report);
        Assert.Contains(run.Artifacts, a => a.Path.StartsWith(EvaluationArtifacts.Charts + "/", StringComparison.Ordinal) && a.Path.EndsWith(".png", StringComparison.Ordinal));

        var json = _home.File("evaluation.json");
        await using (var client = await TrackingHome.OpenAsync())
            await client.DownloadAsync(run.Artifacts.Single(a => a.Path == EvaluationArtifacts.Json).Hash, json);
        var parsed = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(36, parsed["rows"]!.GetValue<long>());
        Assert.Equal(run.LatestMetrics["accuracy"].Value, parsed["metrics"]!["accuracy"]!.GetValue<double>(), 1e-9);
    }

    [Fact]
    public async Task Evaluate_on_a_registered_regressor_records_its_regression_metrics()
    {
        await RegisterAsync("sizes", classifier: false);

        var (code, output) = CliRun.Invoke("evaluate", "sizes/1", TableModel.WriteCsv(_folder, "test.csv", rows: 30), "--target", "y");

        Assert.True(code == 0, output);
        var run = Assert.Single(await EvaluationsAsync("sizes"));
        Assert.Equal("1", run.Tags[RunTags.EvaluationVersion]);
        Assert.Equal("regression", run.Params["task"]);
        foreach (var metric in new[] { "r2", "rmse", "mae" }) Assert.Contains(metric, run.LatestMetrics.Keys);
    }

    [Fact]
    public async Task Evaluate_on_a_model_file_records_nothing_and_says_so()
    {
        var path = await RegisterAsync("animals");

        var (code, output) = CliRun.Invoke("evaluate", path, TableModel.WriteCsv(_folder, "test.csv", rows: 20), "--target", "animal");

        Assert.True(code == 0, output);
        Assert.Contains("Not recorded in the tracking store", output);
        Assert.Empty(await EvaluationsAsync());
    }

    [Fact]
    public async Task Evaluate_with_no_tracking_records_nothing()
    {
        await RegisterAsync("animals");

        var (code, output) = CliRun.Invoke("evaluate", "animals@production", TableModel.WriteCsv(_folder, "test.csv", rows: 20), "--target", "animal", "--no-tracking");

        Assert.True(code == 0, output);
        Assert.DoesNotContain("Recorded", output);
        Assert.Empty(await EvaluationsAsync());
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_costs_a_warning_not_the_evaluation()
    {
        var store = new Lepton.Cli.Commands.TrackingStoreOption();
        var command = new System.CommandLine.Command("evaluate");
        store.AddTo(command);
        var result = command.Parse(["--tracking-uri", "sqlite:////proc/lepton-no-such/tracking.db"]);
        var console = new TestConsole().Width(300);
        var version = new ModelVersion("animals", 1, null, new string('a', 64), "animals.lepton", null, DateTimeOffset.UtcNow, []);
        var evaluation = new Lepton.Cli.Commands.EvaluateRecord.Evaluation(version, "test.csv", "animal", "classification", 10,
            new Dictionary<string, double> { ["accuracy"] = 0.9 }, "{}", _ => Task.FromResult<IReadOnlyList<string>>([]), null);

        await Lepton.Cli.Commands.EvaluateRecord.WriteAsync(console, store, result, evaluation, CancellationToken.None);

        Assert.Contains("Warning: the evaluation was not recorded in the tracking store", console.Output);
        Assert.Contains("--no-tracking", console.Output);
    }
}

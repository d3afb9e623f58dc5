using System.Globalization;
using Lepton.Nn.Models;
using Lepton.Tracking;

namespace Lepton.Cli.Tests.Zoo;

/// <summary>lepton zoo list and run end to end: a recipe trained, scored, saved, recorded and registered.</summary>
public sealed class ZooCommandTests : IDisposable
{
    // Runs are recorded under a throwaway LEPTON_HOME, never the user's.
    private readonly string _home = Directory.CreateTempSubdirectory("lepton-home-").FullName;
    private readonly string? _previousHome = Environment.GetEnvironmentVariable(LeptonHome.Variable);

    public ZooCommandTests() => Environment.SetEnvironmentVariable(LeptonHome.Variable, _home);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(LeptonHome.Variable, _previousHome);
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public void List_shows_every_recipe_with_its_figure_and_settings()
    {
        var (code, output) = CliRun.Invoke("zoo", "list", "--options");
        Assert.True(code == 0, output);
        foreach (var recipe in new[] { "autoencoder", "anomaly", "vae", "gan", "q-learning", "dqn-cartpole", "recommender", "forecast" })
            Assert.Contains(recipe, output, StringComparison.Ordinal);
        Assert.Contains("--set holdout=", output, StringComparison.Ordinal);
    }

    [FactIfSklearnData]
    public async Task Run_trains_a_recipe_saves_records_and_registers_it_and_prints_its_figure_last()
    {
        var folder = Path.Combine(_home, "anomaly");
        var (code, output) = CliRun.Invoke("zoo", "run", "anomaly", "--quick", "--set", "epochs=3", "--output", folder);
        Assert.True(code == 0, output);

        var last = output.TrimEnd().Split('\n')[^1].TrimEnd('\r');
        Assert.Matches(@"^anomaly: roc_auc 0\.\d{4}$", last);
        var auc = double.Parse(last["anomaly: roc_auc ".Length..], CultureInfo.InvariantCulture);
        var saved = Model.Load(Path.Combine(folder, "anomaly.lepton"));
        Assert.Equal(auc, saved.Metadata.Metrics["roc_auc"], 4);
        Assert.True(File.Exists(Path.Combine(folder, "anomaly-split.csv")));

        await using var tracking = await TrackingClient.OpenAsync();
        var run = Assert.Single(await tracking.Store.SearchRunsAsync(new RunQuery(["zoo"])));
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("anomaly", run.Params["recipe"]);
        Assert.Equal("3", run.Params["set.epochs"]);
        Assert.Equal("3", run.Params["zoo.max_epochs"]);
        Assert.Equal("3", run.Params["epochs"]); // autolog's record of the Fit, beside the recipe's own
        Assert.Equal(auc, run.LatestMetrics["test_roc_auc"].Value, 4);
        Assert.Equal(3, (await tracking.Store.GetMetricHistoryAsync(run.Info.RunId, "val_reconstruction")).Count);
        var version = await tracking.Store.GetModelVersionAsync("anomaly", 1);
        Assert.Equal(run.Info.RunId, version.RunId);
    }

    [Fact]
    public void An_unknown_setting_is_a_user_error_naming_the_recipe_s_settings()
    {
        var (code, output) = CliRun.Invoke("zoo", "run", "anomaly", "--set", "width=3", "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("no setting 'width'", output, StringComparison.Ordinal);
        Assert.Contains("latent, epochs", output, StringComparison.Ordinal);
    }
}

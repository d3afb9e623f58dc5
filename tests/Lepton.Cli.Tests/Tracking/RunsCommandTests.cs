using Lepton.Tracking;

namespace Lepton.Cli.Tests.Tracking;

/// <summary><c>lepton runs list</c> and <c>lepton runs show</c> on runs recorded through the tracking API into a temporary store.</summary>
public sealed class RunsCommandTests : IDisposable
{
    private readonly TrackingHome _home = new();

    public void Dispose() => _home.Dispose();

    private static async Task<(string Adam, string Sgd, string Wine)> RecordThreeRunsAsync()
    {
        await using var client = await TrackingHome.OpenAsync();
        var adam = await TrackingHome.RecordRunAsync(client, "fashion", "adam-run", new Dictionary<string, object?> { ["optimizer"] = "adam", ["lr"] = 0.001 },
            new Dictionary<string, double[]> { ["val_accuracy"] = [0.85, 0.93], ["val_loss"] = [0.4, 0.25] });
        var sgd = await TrackingHome.RecordRunAsync(client, "fashion", "sgd-run", new Dictionary<string, object?> { ["optimizer"] = "sgd", ["lr"] = 0.01 },
            new Dictionary<string, double[]> { ["val_accuracy"] = [0.80, 0.91], ["val_loss"] = [0.5, 0.3] });
        var wine = await TrackingHome.RecordRunAsync(client, "wine", "wine-run", new Dictionary<string, object?> { ["optimizer"] = "adam", ["lr"] = 0.01 },
            new Dictionary<string, double[]> { ["val_accuracy"] = [0.70, 0.72] }, status: RunStatus.Failed);
        return (adam, sgd, wine);
    }

    [Fact]
    public async Task List_shows_every_run_with_its_short_id_experiment_status_and_key_metrics()
    {
        var (adam, sgd, wine) = await RecordThreeRunsAsync();

        var (code, output) = CliRun.Invoke("runs", "list");

        Assert.True(code == 0, output);
        foreach (var id in new[] { adam, sgd, wine }) Assert.Contains(id[..8], output);
        Assert.Contains("adam-run", output);
        Assert.Contains("wine-run", output);
        Assert.Contains("fashion", output);
        Assert.Contains("failed", output);
        Assert.Contains("finished", output);
        Assert.Contains("val_accuracy", output);
        Assert.Contains("0.9300", output);
        Assert.Contains("0.2500", output);
        Assert.Contains("3 runs", output);
        // newest first by default
        Assert.True(output.IndexOf("wine-run", StringComparison.Ordinal) < output.IndexOf("adam-run", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task List_filters_and_orders_with_mlflow_syntax()
    {
        await RecordThreeRunsAsync();

        var (code, output) = CliRun.Invoke("runs", "list", "--filter", "metrics.val_accuracy > 0.9 and params.optimizer = 'adam'");
        Assert.True(code == 0, output);
        Assert.Contains("adam-run", output);
        Assert.DoesNotContain("sgd-run", output);
        Assert.DoesNotContain("wine-run", output);

        (code, output) = CliRun.Invoke("runs", "list", "--order-by", "metrics.val_accuracy desc");
        Assert.True(code == 0, output);
        var positions = new[] { "adam-run", "sgd-run", "wine-run" }.Select(n => output.IndexOf(n, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0, output));
        Assert.True(positions[0] < positions[1] && positions[1] < positions[2], output);

        (code, output) = CliRun.Invoke("runs", "list", "--order-by", "metrics.val_accuracy", "--max", "1");
        Assert.True(code == 0, output);
        Assert.Contains("wine-run", output);
        Assert.DoesNotContain("adam-run", output);
        Assert.Contains("--max shows more", output);
    }

    [Fact]
    public async Task List_narrows_to_an_experiment_and_names_an_unknown_one()
    {
        await RecordThreeRunsAsync();

        var (code, output) = CliRun.Invoke("runs", "list", "--experiment", "wine");
        Assert.True(code == 0, output);
        Assert.Contains("wine-run", output);
        Assert.DoesNotContain("adam-run", output);

        (code, output) = CliRun.Invoke("runs", "list", "--experiment", "nope");
        Assert.Equal(2, code);
        Assert.StartsWith("error:", output.TrimStart());
        Assert.Contains("no experiment named 'nope'", output);
    }

    [Fact]
    public async Task A_bad_filter_is_a_one_line_error_saying_why()
    {
        await RecordThreeRunsAsync();

        var (code, output) = CliRun.Invoke("runs", "list", "--filter", "metrics.val_accuracy > high");

        Assert.Equal(2, code);
        Assert.Contains("error:", output);
        Assert.Contains("Cannot read the run filter", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Show_takes_a_unique_prefix_and_prints_params_tags_metrics_artifacts_and_datasets()
    {
        string runId;
        var artifact = _home.File("report.txt");
        await File.WriteAllTextAsync(artifact, "hello, tracking");
        await using (var client = await TrackingHome.OpenAsync())
        {
            var run = await client.StartRunAsync("fashion", "detailed", tags: new Dictionary<string, string> { ["team"] = "vision" });
            run.LogParam("batch_size", 64);
            run.LogMetric("val_accuracy", 0.9123, step: 100, epoch: 2);
            await run.LogArtifactAsync(artifact, "reports/report.txt");
            await run.LogDatasetAsync(new DatasetFingerprint("fashion-mnist/train", new string('a', 64), 60_000, "{\"inputs\":[\"[1,28,28]\"]}"));
            await run.EndAsync();
            runId = run.RunId;
        }

        var (code, output) = CliRun.Invoke("runs", "show", runId[..12]);

        Assert.True(code == 0, output);
        Assert.Contains(runId, output);
        Assert.Contains("detailed", output);
        Assert.Contains("fashion", output);
        Assert.Contains("finished", output);
        Assert.Contains("batch_size", output);
        Assert.Contains("64", output);
        Assert.Contains("team", output);
        Assert.Contains("vision", output);
        Assert.Contains("0.9123", output);
        Assert.Contains("reports/report.txt", output);
        Assert.Contains("15 B", output);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("hello, tracking"u8));
        Assert.Contains(hash[..12], output);
        Assert.Contains("fashion-mnist/train", output);
        Assert.Contains("60,000", output);
        Assert.Contains(".NET", output);
        Assert.Contains("TorchSharp", output);
        Assert.Contains("Git commit", output);
    }

    [Fact]
    public async Task Show_of_an_unknown_run_or_a_non_id_is_a_clear_error()
    {
        await RecordThreeRunsAsync();

        var (code, output) = CliRun.Invoke("runs", "show", "ffffffff");
        Assert.Equal(2, code);
        Assert.Contains("error:", output);
        Assert.Contains("no run whose id starts with 'ffffffff'", output);

        (code, output) = CliRun.Invoke("runs", "show", new string('f', 32));
        Assert.Equal(2, code);
        Assert.Contains("There is no run ffffffff", output);

        (code, output) = CliRun.Invoke("runs", "show", "not-an-id");
        Assert.Equal(2, code);
        Assert.Contains("is not a run id", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Show_with_an_ambiguous_prefix_lists_the_runs_it_matches()
    {
        var (adam, sgd, _) = await RecordThreeRunsAsync();
        var common = 0;
        while (adam[common] == sgd[common]) common++;
        // Run ids begin with their creation time: runs made a moment apart share many leading digits.
        Assert.True(common >= 4, $"{adam} and {sgd} share only {common} digits");

        var (code, output) = CliRun.Invoke("runs", "show", adam[..common]);

        Assert.Equal(2, code);
        Assert.Contains("ambiguous", output);
        Assert.Contains(adam, output);
        Assert.Contains(sgd, output);
    }

    [Fact]
    public async Task Short_ids_in_a_list_are_long_enough_to_tell_runs_apart_and_show_accepts_them()
    {
        var (adam, sgd, wine) = await RecordThreeRunsAsync();
        var (_, list) = CliRun.Invoke("runs", "list");
        var shortAdam = Commands.RunIds.ShortForms([adam, sgd, wine])[adam];
        Assert.Contains(shortAdam, list);

        var (code, output) = CliRun.Invoke("runs", "show", shortAdam);

        Assert.True(code == 0, output);
        Assert.Contains(adam, output);
        Assert.Contains("adam-run", output);
    }

    [Fact]
    public async Task Tracking_uri_option_reads_another_store_than_the_environment_names()
    {
        await RecordThreeRunsAsync();
        var other = Path.Combine(_home.Folder, "other");
        await using (var client = await TrackingClient.OpenAsync(TrackingSettings.InFolder(other)))
        {
            await TrackingHome.RecordRunAsync(client, "elsewhere", "other-run", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["loss"] = [1.0] });
        }

        var (code, output) = CliRun.Invoke("runs", "list", "--tracking-uri", "sqlite:///" + Path.Combine(other, "lepton.db"));

        Assert.True(code == 0, output);
        Assert.Contains("other-run", output);
        Assert.DoesNotContain("adam-run", output);
    }

    [Theory]
    [InlineData("runs", "list")]
    [InlineData("runs", "show")]
    [InlineData("runs", "compare")]
    [InlineData("models", "list")]
    [InlineData("models", "versions")]
    [InlineData("models", "register")]
    [InlineData("models", "alias")]
    [InlineData("models", "download")]
    public void Every_tracking_command_has_help_with_the_tracking_uri_option(string group, string command)
    {
        var (code, output) = CliRun.Invoke(group, command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
        Assert.Contains("--tracking-uri", output);
    }
}

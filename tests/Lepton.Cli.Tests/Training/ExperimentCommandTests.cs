using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Cli.Commands.Training;
using Lepton.Cli.Tests.Tracking;
using Lepton.Tracking;
using Spectre.Console.Testing;

namespace Lepton.Cli.Tests.Training;

public sealed class ExperimentCommandTests
{
    /// <summary>60 rows, two well separated classes 'a' and 'b' (two thirds 'a') over two numbers.</summary>
    private static string Points(TempFolder folder)
    {
        var random = new Random(7);
        var text = new StringBuilder("x,y,label\n");
        for (var i = 0; i < 60; i++)
        {
            var a = i % 3 != 0;
            text.Append(CultureInfo.InvariantCulture, $"{(a ? 2 : -2) + random.NextDouble():0.000},{random.NextDouble():0.000},{(a ? "a" : "b")}\n");
        }
        return folder.Write("points.csv", text.ToString());
    }

    [Fact]
    public void Folds_from_a_folds_file_are_used_exactly()
    {
        using var folder = new TempFolder();
        var data = Points(folder);
        int[][] folds = [[.. Enumerable.Range(0, 20)], [.. Enumerable.Range(20, 20)], [.. Enumerable.Range(40, 20)]];
        var foldsFile = folder.Write("points.folds.json", new JsonObject
        {
            ["task"] = "classification",
            ["target"] = "label",
            ["folds"] = new JsonArray(folds.Select(f => (JsonNode)new JsonArray(f.Select(p => (JsonNode)p).ToArray())).ToArray()),
        }.ToJsonString());
        var results = folder.PathOf("results.json");

        var (code, text) = CliRun.Invoke("experiment", data, "--folds-file", foldsFile, "--time-limit", "20s", "--no-tracking", "--results", results);

        Assert.True(code == 0, text);
        Assert.Contains("Folds: 3 (points.folds.json", text);
        var written = JsonNode.Parse(File.ReadAllText(results))!;
        Assert.Equal([20, 20, 20], written["folds"]!.AsArray().Select(f => f!["test_rows"]!.GetValue<int>()));
        Assert.Equal("classification", written["task"]!.GetValue<string>());
        Assert.True(written["mean"]!["accuracy"]!.GetValue<double>() >= 0.9, text);
        // Every fold lists its trials, the first candidate first, with its validation score and note.
        var trial = written["folds"]![0]!["trials"]![0]!;
        Assert.Equal("linear", trial["candidate"]!.GetValue<string>());
        Assert.StartsWith("refit on all 40 training rows; chosen by its 5 fold models: C ", trial["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folds_file_naming_a_row_twice_is_refused_with_the_row_and_folds()
    {
        using var folder = new TempFolder();
        var data = Points(folder);
        var foldsFile = folder.Write("bad.folds.json", """{"task":"classification","target":"label","folds":[[0,1,2],[2,3]]}""");
        var (code, text) = CliRun.Invoke("experiment", data, "--folds-file", foldsFile, "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("row 2 is in fold 1 and in fold 2", text);
    }

    [Fact]
    public void Fold_scores_give_the_mean_and_the_sample_standard_deviation()
    {
        var scores = new FoldScores();
        scores.Add("linear", new Dictionary<string, double> { ["accuracy"] = 0.9, ["f1_macro"] = 0.8 });
        scores.Add("gbm", new Dictionary<string, double> { ["accuracy"] = 1.0, ["f1_macro"] = 1.0 });
        scores.Add("linear", new Dictionary<string, double> { ["accuracy"] = 0.8, ["f1_macro"] = 0.9 });

        Assert.Equal(0.9, scores.Mean("accuracy"), 12);
        Assert.Equal(0.1, scores.StandardDeviation("accuracy"), 12);
        var console = new TestConsole().Width(120);
        console.Write(scores.ToTable());
        Assert.Contains("0.9000 ± 0.1000", console.Output);
        Assert.Contains("0.9000 ± 0.1000", console.Output.Split('\n').Single(l => l.Contains("mean ± sd")));
    }

    [Fact]
    public async Task Every_fold_is_a_child_run_of_a_parent_run_that_holds_the_mean_and_sd()
    {
        using var home = new TrackingHome();
        using var folder = new TempFolder();
        var data = Points(folder);

        var (code, text) = CliRun.Invoke("experiment", data, "--target", "label", "--folds", "3", "--time-limit", "20s", "--name", "points");

        Assert.True(code == 0, text);
        Assert.Contains("mean ± sd", text);
        await using var client = await TrackingHome.OpenAsync();
        var runs = await client.Store.SearchRunsAsync(new RunQuery(["points"]));
        var parent = Assert.Single(runs, r => r.Tags.GetValueOrDefault("lepton.kind") == "cross_validation");
        var children = runs.Where(r => r.Tags.GetValueOrDefault(ExperimentRecord.ParentTag) == parent.Info.RunId).ToList();
        Assert.Equal(["1", "2", "3"], children.Select(r => r.Tags[ExperimentRecord.FoldTag]).Order());
        Assert.All(children, c => Assert.Contains("test_accuracy", c.LatestMetrics.Keys));
        Assert.Contains("test_accuracy_mean", parent.LatestMetrics.Keys);
        Assert.Contains("test_accuracy_sd", parent.LatestMetrics.Keys);
        Assert.Equal(children.Average(c => c.LatestMetrics["test_accuracy"].Value), parent.LatestMetrics["test_accuracy_mean"].Value, 9);
    }
}

using System.Text.Json.Nodes;
using Lepton.Training.Evaluation;

namespace Lepton.Training.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task A_classification_report_holds_every_chart_inline_and_writes_each_as_a_png_beside_it()
    {
        using var folder = new TempFolder();
        var evaluation = new ModelEvaluation("animals.csv", ClassificationEvaluation.Compute(
            new float[,] { { .7f, .2f, .1f }, { .2f, .5f, .3f }, { .1f, .3f, .6f }, { .3f, .4f, .3f }, { .1f, .8f, .1f }, { .5f, .1f, .4f } },
            [0, 1, 2, 2, 1, 0], ["cat", "dog", "emu"]), null);
        var path = folder.PathOf("eval.html");

        var charts = await EvaluationReport.WriteAsync(evaluation, path);

        var html = File.ReadAllText(path);
        Assert.Equal(["calibration.png", "confusion-matrix.png", "precision-recall.png", "roc.png"], charts.Select(c => Path.GetFileName(c)).Order().ToArray());
        foreach (var chart in charts)
        {
            Assert.Equal(folder.PathOf("eval_files"), Path.GetDirectoryName(chart));
            Assert.Equal(PngSignature, File.ReadAllBytes(chart)[..8]);
            Assert.Contains($"download=\"{Path.GetFileName(chart)}\"", html);
        }
        Assert.Equal(4, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("data-metric=\"f1_macro\"", html);
        Assert.Contains("<td>emu</td>", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_regression_report_draws_predicted_against_actual_the_residuals_and_their_distribution()
    {
        using var folder = new TempFolder();
        var evaluation = new ModelEvaluation("houses.csv", null, RegressionEvaluation.Compute([2.5, 0.0, 2, 8, 3.9], [3, -0.5, 2, 7, 4.2]));

        var charts = await EvaluationReport.WriteAsync(evaluation, folder.PathOf("eval.html"));

        Assert.Equal(["predicted-vs-actual.png", "residual-histogram.png", "residuals.png"], charts.Select(c => Path.GetFileName(c)).Order().ToArray());
        Assert.All(charts, c => Assert.Equal(PngSignature, File.ReadAllBytes(c)[..8]));
        Assert.Contains("data-metric=\"r2\"", File.ReadAllText(folder.PathOf("eval.html")));
    }

    [Fact]
    public void The_json_holds_the_metrics_classes_matrix_and_curves_with_nan_as_null()
    {
        // One class only: the AUC is undefined.
        var evaluation = new ModelEvaluation("one.csv", ClassificationEvaluation.Compute(new float[,] { { .9f, .1f }, { .6f, .4f } }, [0, 0]), null) { RowsWithoutTarget = 3 };

        var json = JsonNode.Parse(evaluation.ToJson())!;

        Assert.Equal("classification", json["task"]!.GetValue<string>());
        Assert.Equal(3, json["rows_without_target"]!.GetValue<long>());
        Assert.Null(json["metrics"]!["auc"]);
        Assert.Equal(1.0, json["metrics"]!["accuracy"]!.GetValue<double>());
        Assert.Equal(2, json["confusion_matrix"]![0]![0]!.GetValue<long>());
        Assert.Equal(2, json["classes"]!.AsArray().Count);
    }
}

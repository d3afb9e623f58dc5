using System.Text.Json.Nodes;
using Lepton.Cli.Commands;
using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Training.Tests.Evaluation;

namespace Lepton.Cli.Tests;

public sealed class EvaluateCommandTests
{
    [Fact]
    public void Evaluate_prints_the_accuracy_once_and_never_under_the_confusion_matrix_name()
    {
        var confusion = new ConfusionMatrix();
        var metrics = new Dictionary<string, double> { ["loss"] = 0.25, ["accuracy"] = 0.875, [confusion.Name] = 0.875 };

        var lines = EvaluateCommand.MetricLines(metrics, confusion).ToList();

        Assert.Equal(["[bold]accuracy[/]: 0.8750", "[bold]loss[/]: 0.2500"], lines);
    }

    [Fact]
    public void Evaluate_takes_a_table_model_and_a_csv_and_writes_the_report_and_the_json()
    {
        using var folder = new TempFolder();
        var modelPath = folder.PathOf("animals.lepton");
        TableModel.Classifier(TableModel.WriteCsv(folder)).Save(modelPath);
        var test = TableModel.WriteCsv(folder, "test.csv", rows: 40, missingTargetEvery: 10);

        var (code, output) = CliRun.Invoke("evaluate", modelPath, test, "--target", "animal", "--report", folder.PathOf("eval.html"), "--output", folder.PathOf("metrics.json"));

        Assert.True(code == 0, output);
        Assert.Contains("36 examples, classification (4 rows without a target left out)", output);
        Assert.Contains("Confusion matrix", output);
        Assert.Matches(@"accuracy: \d\.\d{4}", output);
        Assert.Contains("f1_macro: ", output);
        Assert.Contains("log_loss: ", output);
        Assert.DoesNotContain("confusion_matrix:", output);
        Assert.Contains("emu", output);
        Assert.True(File.Exists(folder.PathOf("eval.html")));
        Assert.Equal(4, Directory.GetFiles(folder.PathOf("eval_files"), "*.png").Length);
        var json = JsonNode.Parse(File.ReadAllText(folder.PathOf("metrics.json")))!;
        Assert.Equal(36, json["rows"]!.GetValue<long>());
        Assert.InRange(json["metrics"]!["accuracy"]!.GetValue<double>(), 0.8, 1.0);
    }

    [Fact]
    public void Evaluate_gives_a_regressor_r2_rmse_and_mae()
    {
        using var folder = new TempFolder();
        var modelPath = folder.PathOf("sizes.lepton");
        TableModel.Regressor(TableModel.WriteCsv(folder)).Save(modelPath);

        var (code, output) = CliRun.Invoke("evaluate", modelPath, TableModel.WriteCsv(folder, "test.csv", rows: 30), "--target", "y");

        Assert.True(code == 0, output);
        Assert.Contains("regression", output);
        Assert.Matches(@"r2: 0\.9\d{3}", output);
        Assert.Contains("rmse: ", output);
        Assert.Contains("mae: ", output);
    }

    [Fact]
    public void Evaluate_names_the_class_the_model_never_saw_and_the_missing_target_option()
    {
        using var folder = new TempFolder();
        var modelPath = folder.PathOf("animals.lepton");
        TableModel.Classifier(TableModel.WriteCsv(folder)).Save(modelPath);

        var (unknownCode, unknown) = CliRun.Invoke("evaluate", modelPath, TableModel.WriteCsv(folder, "yak.csv", rows: 10, extraClass: "yak"), "--target", "animal");
        var (untoldCode, untold) = CliRun.Invoke("evaluate", modelPath, TableModel.WriteCsv(folder, "test.csv", rows: 10));
        var (noDataCode, noData) = CliRun.Invoke("evaluate", modelPath);

        Assert.Equal(ExitCodes.UserError, unknownCode);
        Assert.Contains("'yak'", unknown);
        Assert.Equal(ExitCodes.UserError, untoldCode);
        Assert.Contains("--target", untold);
        Assert.Equal(ExitCodes.UserError, noDataCode);
        Assert.Contains("DATA", noData);
    }

    [FactIfFashionMnist]
    public void Evaluate_still_takes_a_fashion_mnist_model_without_data_and_reports_on_its_test_set()
    {
        using var folder = new TempFolder();
        var modelPath = folder.PathOf("fashion.lepton");
        LeptonRuntime.Seed(1);
        var model = new Sequential(new Shape(1, 28, 28), new Flatten(), new Dense(10));
        model.Compile(new Adam(), new SparseCategoricalCrossentropy(fromLogits: true));
        using (var few = new TensorDataset(TorchSharp.torch.rand(32, 1, 28, 28), TorchSharp.torch.randint(0, 10, [32])))
            model.Fit(few, epochs: 1, verbose: Nn.Training.Verbosity.Silent);
        model.Metadata.ClassNames = FashionMnist.ClassNames;
        model.Metadata.Preprocessing["dataset"] = QuickstartCommand.Dataset;
        model.Save(modelPath);

        var (code, output) = CliRun.Invoke("evaluate", modelPath, "--report", folder.PathOf("fashion.html"));

        Assert.True(code == 0, output);
        Assert.Contains("10,000 examples", output);
        Assert.Contains("Ankle boot", output);
        Assert.Matches(@"accuracy: \d\.\d{4}", output);
        Assert.True(File.Exists(folder.PathOf("fashion_files/roc.png")));
    }
}

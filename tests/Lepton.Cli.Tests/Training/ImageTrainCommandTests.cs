using Lepton.Cli.Tests.Tracking;
using Lepton.Data.Images;
using Lepton.Nn.Models;

namespace Lepton.Cli.Tests.Training;

/// <summary><c>lepton train FOLDER</c> on small generated image folders, then predict and evaluate with the saved model.</summary>
public sealed class ImageTrainCommandTests
{
    [Fact]
    public async Task Train_on_an_image_folder_prints_the_plan_tests_saves_records_registers_and_the_model_predicts_and_evaluates()
    {
        using var home = new TrackingHome();
        var data = SyntheticImages.WriteFolder(home.File("shapes"), perClass: 16, size: 16);
        var output = home.File("shapes.lepton");

        var (code, text) = CliRun.Invoke("train", data, "--time-limit", "20s", "--output", output);

        Assert.True(code == 0, text);
        Assert.Contains("48 images in 3 classes", text);
        Assert.Contains("Plan", text);
        Assert.Contains("classification into 3 classes", text);
        Assert.Contains("16x16, gray (1 channel)", text);
        Assert.Contains("20% of each class held out to test", text);
        Assert.Contains("Test (9 held-out images): accuracy:", text);
        Assert.Contains($"evaluate {output} {data}", text);
        Assert.Contains($"serve {output}", text);
        using (var model = Model.Load(output))
        {
            Assert.Equal(["dots", "square", "stripes"], model.Metadata.ClassNames);
            Assert.Equal(new ImageFormat { Channels = 1, Width = 16, Height = 16 }, ImageFormat.FromPreprocessing(model.Metadata.Preprocessing));
            Assert.True(model.Metadata.Metrics["test_accuracy"] >= 0.6, text);
        }

        var predictions = home.File("predictions.csv");
        var (predictCode, predicted) = CliRun.Invoke("predict", output, data, "--out", predictions);
        Assert.True(predictCode == 0, predicted);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal(49, lines.Length);
        Assert.StartsWith("path,", lines[0]);

        var (evaluateCode, evaluation) = CliRun.Invoke("evaluate", output, data);
        Assert.True(evaluateCode == 0, evaluation);
        Assert.Contains("48 examples, classification", evaluation);
        Assert.Contains("f1_macro", evaluation);

        await using var client = await TrackingHome.OpenAsync();
        var version = await client.Registry.ResolveAsync("shapes/1");
        Assert.NotNull(version.RunId);

        // Evaluated as a registered version, the folder is recorded as the evaluation's dataset: its images and their classes.
        var (recordedCode, recorded) = CliRun.Invoke("evaluate", "shapes/1", data);
        Assert.True(recordedCode == 0, recorded);
        var found = Assert.Single(await client.Store.SearchRunsAsync(new Lepton.Tracking.RunQuery(null, $"tags.`{Lepton.Tracking.RunTags.EvaluationModel}` = 'shapes'")));
        var run = await client.Store.GetRunAsync(found.Info.RunId);
        var dataset = Assert.Single(run.Datasets);
        Assert.Equal(("evaluation", "shapes", 48L), (dataset.Context, dataset.Dataset.Name, dataset.Dataset.Rows));
        Assert.Contains("\"dots\"", dataset.Dataset.Schema);
        var classes = (await client.Store.GetDatasetAsync(dataset.Dataset.Hash)).Profile!.Column("class")!;
        Assert.Equal(48, classes.TopValues.Sum(v => v.Count)); // the class balance, comparable with the training folder's
        var trained = (await client.Store.GetRunAsync(version.RunId!)).Datasets.Single().Dataset;
        Assert.Equal(48, (await client.Store.GetDatasetAsync(trained.Hash)).Profile!.Column("class")!.Count);
        Assert.Contains("accuracy", run.LatestMetrics.Keys);
        Assert.DoesNotContain("target", run.Params.Keys);
    }

    [Fact]
    public void Evaluate_on_a_folder_with_split_folders_uses_its_test_folder()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "data", "train"), perClass: 12, size: 16, classes: ["dots", "stripes"]);
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "data", "test"), perClass: 5, size: 16, classes: ["dots", "stripes"], seed: 1);
        var data = Path.Combine(temp.Path, "data");
        var output = temp.PathOf("split.lepton");

        var (code, text) = CliRun.Invoke("train", data, "--time-limit", "15s", "--recipe", "small", "--no-tracking", "--output", output);
        Assert.True(code == 0, text);
        Assert.Contains("the folder's train/ and test/ folders", text);
        Assert.Contains("Test (10 held-out images)", text);

        var (evaluateCode, evaluation) = CliRun.Invoke("evaluate", output, data);
        Assert.True(evaluateCode == 0, evaluation);
        Assert.Contains("10 examples, classification", evaluation);
    }

    [Fact]
    public void A_table_without_target_is_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        var data = folder.Write("houses.csv", "size,price\n50,100\n60,120\n");
        var (code, text) = CliRun.Invoke("train", data, "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("Name the column of", text);
        Assert.Contains("--target COL", text);
    }

    [Fact]
    public void An_empty_folder_or_one_class_is_one_line_naming_the_folder_and_exit_code_2()
    {
        using var temp = new TempFolder();
        var (code, text) = CliRun.Invoke("train", temp.Path, "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains($"'{temp.Path}' holds no class folders", text);

        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 16, classes: ["only"]);
        var (oneCode, one) = CliRun.Invoke("train", temp.Path, "--no-tracking");
        Assert.Equal(2, oneCode);
        Assert.Contains("has one class folder ('only')", one);
        Assert.False(File.Exists(Path.Combine("models", Path.GetFileName(temp.Path) + ".lepton")));
    }

    [Fact]
    public void A_bad_image_size_is_refused()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 16, classes: ["a", "b"]);
        var (code, text) = CliRun.Invoke("train", temp.Path, "--image-size", "big", "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("--image-size big: give WIDTHxHEIGHT", text);
    }
}

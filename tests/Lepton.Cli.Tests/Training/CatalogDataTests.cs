using System.Text.RegularExpressions;
using Lepton.Cli.Tests.Tracking;
using Lepton.Data.Datasets;
using Lepton.Data.Images;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;

namespace Lepton.Cli.Tests.Training;

/// <summary>A catalog dataset's name as DATA (<c>lepton train iris</c>, <c>lepton train fashion-mnist</c>), for train, experiment, evaluate and predict.</summary>
public sealed partial class CatalogDataTests
{
    [FactIfSklearnData]
    public async Task Train_on_a_catalog_name_takes_its_target_records_its_files_and_the_model_evaluates_and_predicts_on_the_name()
    {
        using var home = new TrackingHome();
        var output = home.File("iris.lepton");

        var (code, text) = CliRun.Invoke("train", "iris", "--time-limit", "3s", "--candidates", "linear", "--output", output);

        Assert.True(code == 0, text);
        Assert.Contains($"iris (the catalog's dataset, read from {Path.Combine(SklearnData.Folder, "iris.csv")}): 150 rows, 5 columns", text);
        Assert.Contains("target 'species', the dataset's", text);
        Assert.Contains("stratified by 'species'", text);
        Assert.Contains($"evaluate {output} iris", text);
        using (var model = Model.Load(output))
            Assert.Equal(["setosa", "versicolor", "virginica"], model.Metadata.ClassNames);

        await using (var client = await TrackingHome.OpenAsync())
        {
            var version = await client.Registry.ResolveAsync("iris/1");
            var run = await client.Store.GetRunAsync(version.RunId!);
            var dataset = Assert.Single(run.Datasets).Dataset;
            Assert.Equal("iris", dataset.Name);
            Assert.Equal(150, dataset.Rows);
            Assert.Equal(DatasetFingerprint(Path.Combine(SklearnData.Folder, "iris.csv")), dataset.Hash);
            // Its profile, for the dashboard's Data page: iris's petal length runs from 1 to 6.9 with a median of 4.35.
            var profile = (await client.Store.GetDatasetAsync(dataset.Hash)).Profile!;
            Assert.Equal(150, profile.Rows);
            var petal = profile.Columns.Single(c => c.Name.StartsWith("petal", StringComparison.Ordinal) && c.Name.Contains("length", StringComparison.Ordinal));
            Assert.Equal(1.0, petal.Percentiles![0], 1e-9);
            Assert.Equal(4.35, petal.Median!.Value, 1e-9);
            Assert.Equal(6.9, petal.Percentiles[^1], 1e-9);
            Assert.Equal(3, profile.Column("species")!.TopValues.Count);
        }

        var (evaluateCode, evaluation) = CliRun.Invoke("evaluate", output, "iris");
        Assert.True(evaluateCode == 0, evaluation);
        Assert.Contains("150 examples, classification", evaluation);

        var predictions = home.File("iris.csv");
        var (predictCode, predicted) = CliRun.Invoke("predict", output, "iris", "--out", predictions);
        Assert.True(predictCode == 0, predicted);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal(151, lines.Length);
        Assert.Equal("prediction,p_setosa,p_versicolor,p_virginica", lines[0]);
        Assert.StartsWith("setosa,", lines[1]);
    }

    [FactIfSklearnData]
    public void An_explicit_target_wins_and_is_checked()
    {
        var (code, text) = CliRun.Invoke("train", "iris", "--target", "specie", "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("The target 'specie' is not a column of the table. Did you mean 'species'?", text);
    }

    [Fact]
    public void An_unknown_name_that_is_no_file_either_lists_the_catalog()
    {
        foreach (var command in new[] { "train", "experiment" })
        {
            var (code, text) = CliRun.Invoke(command, "irsi", "--no-tracking");
            Assert.Equal(2, code);
            Assert.Contains("irsi: no such file or folder, and no catalog dataset of that name", text);
            Assert.Contains("fashion-mnist, iris, wine, breast_cancer, digits, diabetes", text);
        }
    }

    [Fact]
    public void A_file_of_the_same_name_wins_over_the_catalog()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.PathOf("iris"), string.Join('\n', ["size,label", .. Enumerable.Range(0, 40).Select(i => $"{i},{(i % 2 == 0 ? "a" : "b")}")]) + "\n");
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = temp.Path;
            var (code, text) = CliRun.Invoke("train", "iris", "--format", "csv", "--target", "label", "--time-limit", "3s", "--candidates", "linear", "--no-tracking", "--output", temp.PathOf("m.lepton"));
            Assert.True(code == 0, text);
            Assert.Contains("iris: 40 rows, 2 columns", text);
            Assert.DoesNotContain("catalog", text);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public void A_catalog_dataset_whose_package_is_missing_names_the_package_and_exits_2()
    {
        using var empty = new TempFolder();
        var previous = Environment.GetEnvironmentVariable(DatasetCatalog.SklearnFolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(DatasetCatalog.SklearnFolderVariable, empty.Path);
            var (code, text) = CliRun.Invoke("train", "wine", "--no-tracking");
            Assert.Equal(2, code);
            Assert.Contains($"The wine dataset is not installed: {Path.Combine(empty.Path, "wine_data.csv")} is missing", text);
            Assert.Contains("sudo apt-get install python3-sklearn", text);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DatasetCatalog.SklearnFolderVariable, previous);
        }

        var previousImages = Environment.GetEnvironmentVariable(FashionMnist.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, empty.Path);
            var (code, text) = CliRun.Invoke("train", "fashion-mnist", "--no-tracking");
            Assert.Equal(2, code);
            Assert.Contains("Fashion-MNIST was not found", text);
            Assert.Contains("dataset-fashion-mnist", text);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, previousImages);
        }
    }

    [FactIfSklearnData]
    public void Experiment_cross_validates_a_catalog_dataset_on_its_target()
    {
        var (code, text) = CliRun.Invoke("experiment", "iris", "--folds", "2", "--time-limit", "1s", "--no-tracking");
        Assert.True(code == 0, text);
        Assert.Contains("iris (the catalog's dataset, read from", text);
        Assert.Contains("Folds: 2 (stratified k-fold", text);
        Assert.Contains("fold 2/2", text);
    }

    [Fact]
    public void Train_on_fashion_mnist_keeps_its_test_set_and_the_model_evaluates_on_it_by_class_name()
    {
        using var temp = new TempFolder();
        IdxFiles.WriteFashionMnist(temp.Path, trainPerClass: 30, testPerClass: 6);
        var previous = Environment.GetEnvironmentVariable(FashionMnist.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, temp.Path);
            var output = temp.PathOf("fashion.lepton");

            var (code, text) = CliRun.Invoke("train", "fashion-mnist", "--time-limit", "10s", "--recipe", "small", "--no-tracking", "--output", output);

            Assert.True(code == 0, text);
            Assert.Contains($"fashion-mnist (the catalog's dataset, read from {temp.Path}): 360 images in 10 classes", text);
            Assert.Contains("fashion-mnist's own training and test sets (300 and 60 images)", text);
            Assert.Contains("Test (60 held-out images): accuracy:", text);
            Assert.Contains($"evaluate {output} fashion-mnist", text);
            using (var model = Model.Load(output))
            {
                Assert.Equal(FashionMnist.ClassNames, model.Metadata.ClassNames);
                Assert.Equal(FashionMnist.ImageFormat, ImageFormat.FromPreprocessing(model.Metadata.Preprocessing));
            }

            var (evaluateCode, evaluation) = CliRun.Invoke("evaluate", output, "fashion-mnist");
            Assert.True(evaluateCode == 0, evaluation);
            Assert.Contains("60 examples, classification", evaluation);
            var accuracy = Accuracy().Match(evaluation).Value;
            Assert.True(double.Parse(accuracy["accuracy: ".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 0.5, evaluation);
            // The model names the dataset it came from, so evaluate needs no DATA.
            Assert.Equal(0, CliRun.Invoke("evaluate", output).ExitCode);

            // The same network with its classes in another order (output rows and names permuted alike) scores the
            // same: the test set's classes are matched to the model's by name, not by index.
            var reversed = temp.PathOf("reversed.lepton");
            using (var model = Model.Load(output))
            {
                var last = model.Layers.OfType<Dense>().Last().parameters().ToList();
                using (TorchSharp.torch.no_grad())
                using (var order = TorchSharp.torch.arange(9, -1, -1, dtype: TorchSharp.torch.ScalarType.Int64))
                {
                    foreach (var parameter in last)
                    {
                        using var permuted = parameter.index_select(0, order);
                        parameter.copy_(permuted);
                    }
                }
                model.Metadata.ClassNames = [.. FashionMnist.ClassNames.Reverse()];
                model.Save(reversed);
            }
            var (reversedCode, reversedText) = CliRun.Invoke("evaluate", reversed, "fashion-mnist");
            Assert.True(reversedCode == 0, reversedText);
            Assert.Equal(accuracy, Accuracy().Match(reversedText).Value);

            var shapes = temp.PathOf("shapes.lepton");
            SaveImageModel(shapes, ["dots", "square", "stripes"]);
            var (shapesCode, shapesText) = CliRun.Invoke("evaluate", shapes, "fashion-mnist");
            Assert.Equal(2, shapesCode);
            Assert.Contains("not among the model's classes (dots, square, stripes)", shapesText);
            Assert.Contains("'T-shirt/top'", shapesText);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, previous);
        }
    }

    [Fact]
    public void Fashion_mnist_is_no_table_to_predict()
    {
        using var temp = new TempFolder();
        var model = temp.PathOf("m.lepton");
        SaveImageModel(model, FashionMnist.ClassNames);
        var (code, text) = CliRun.Invoke("predict", model, "fashion-mnist", "--out", temp.PathOf("p.csv"));
        Assert.Equal(2, code);
        Assert.Contains("fashion-mnist holds images, not a table", text);
    }

    /// <summary>An untrained 28x28 gray image model with these classes.</summary>
    private static void SaveImageModel(string path, IReadOnlyList<string> classes)
    {
        using var model = new Sequential(new Shape(1, 28, 28), new Flatten(), new Dense(classes.Count));
        model.Compile(new Adam(), new SparseCategoricalCrossentropy(fromLogits: true));
        model.Metadata.ClassNames = classes;
        FashionMnist.ImageFormat.WriteTo(model.Metadata.Preprocessing);
        model.Save(path);
    }

    [GeneratedRegex(@"^accuracy: \d\.\d{4}", RegexOptions.Multiline)]
    private static partial Regex Accuracy();

    private static string DatasetFingerprint(params string[] files) =>
        Lepton.Tracking.DatasetFingerprint.FromFiles("iris", 150, "[]", files).Hash;
}

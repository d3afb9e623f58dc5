using System.Text.Json.Nodes;
using Lepton.Cli.Tests.Tracking;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;

namespace Lepton.Cli.Tests.Training;

public sealed class TrainCommandTests
{
    [FactIfSklearnData]
    public async Task Train_on_iris_prints_the_plan_tests_saves_records_and_registers_the_model()
    {
        using var home = new TrackingHome();
        var output = home.File("iris.lepton");
        // scikit-learn's iris.csv starts with a line of counts the reader takes as column names: the species is 'virginica'.
        var (code, text) = CliRun.Invoke("train", SklearnData.Iris, "--target", "virginica", "--time-limit", "6s", "--output", output);

        Assert.True(code == 0, text);
        Assert.Contains("Plan", text);
        Assert.Contains("classification into 3 classes", text);
        Assert.Contains("stratified by 'virginica'", text);
        Assert.Contains("(kept)", text);
        Assert.Contains("Test (30 held-out rows): accuracy:", text);
        Assert.Contains($"evaluate {output}", text);
        Assert.Contains($"serve {output}", text);
        using var model = Model.Load(output);
        Assert.True(model.Metadata.Metrics["test_accuracy"] >= 0.9, text);
        Assert.Equal(["0", "1", "2"], model.Metadata.ClassNames);
        using var preprocessing = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        var features = preprocessing.FeaturesOf([new JsonObject { ["150"] = 6.7, ["4"] = 3.0, ["setosa"] = 5.2, ["versicolor"] = 2.3 }]);
        using var input = TorchSharp.torch.tensor(features, [1, features.Length]);
        using var probabilities = model.PredictProbabilities(input);
        Assert.Equal(2, probabilities.argmax(1).item<long>());

        // The file names its target, so evaluating it on a table needs no --target.
        var (evaluateCode, evaluation) = CliRun.Invoke("evaluate", output, SklearnData.Iris);
        Assert.True(evaluateCode == 0, evaluation);
        Assert.Contains("f1_macro", evaluation);
        Assert.Equal("virginica", model.Metadata.Preprocessing[TableDataset.TargetKey]?.GetValue<string>());

        await using var client = await TrackingHome.OpenAsync();
        var version = await client.Registry.ResolveAsync("iris/1");
        Assert.NotNull(version.RunId);
    }

    [Fact]
    public void A_target_that_is_not_a_column_is_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        var data = folder.Write("houses.csv", "size,rooms,price\n50,2,100\n60,3,120\n70,3,150\n");
        var (code, text) = CliRun.Invoke("train", data, "--target", "prise", "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("error: The target 'prise' is not a column of the table. Did you mean 'price'?", text);
    }

    [Fact]
    public void A_bad_time_limit_is_refused()
    {
        using var folder = new TempFolder();
        var data = folder.Write("houses.csv", "size,price\n50,100\n60,120\n");
        var (code, text) = CliRun.Invoke("train", data, "--target", "price", "--time-limit", "soon", "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("--time-limit soon", text);
    }

    [Fact]
    public void A_time_limit_given_spends_the_time_the_defaults_leave_on_a_search_of_their_settings()
    {
        using var folder = new TempFolder();
        var random = new Random(5);
        var lines = Enumerable.Range(0, 200).Select(_ =>
        {
            var (size, rooms) = (random.Next(30, 200), random.Next(1, 6));
            return FormattableString.Invariant($"{size},{rooms},{3 * size + 20 * rooms + random.Next(-15, 15)}");
        });
        var data = folder.Write("houses.csv", "size,rooms,price\n" + string.Join('\n', lines) + "\n");
        var (code, text) = CliRun.Invoke("train", data, "--target", "price", "--candidates", "gbm", "--time-limit", "40s", "--trials", "3",
            "--output", folder.PathOf("houses.lepton"), "--no-tracking");
        Assert.True(code == 0, text);
        Assert.Contains("Then a search (TPE) of gbm settings in the time left, up to 3 trials", text);
        Assert.Contains("gbm_tuned", text);
        Assert.Contains("3 of 3 search trials", text);
    }

    [Fact]
    public void Negative_search_trials_are_refused()
    {
        using var folder = new TempFolder();
        var data = folder.Write("houses.csv", "size,price\n50,100\n60,120\n");
        var (code, text) = CliRun.Invoke("train", data, "--target", "price", "--trials", "-1", "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("--trials -1: give 0 (no search) or more trials.", text);
    }
}

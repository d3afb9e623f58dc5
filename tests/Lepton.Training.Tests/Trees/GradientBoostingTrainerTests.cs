using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Training.Trees;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lepton.Training.Tests.Trees;

public sealed class GradientBoostingTrainerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Binary_probabilities_equal_mlnets_on_held_out_rows_with_missing_values()
    {
        using var train = TableData.Binary(1500, seed: 1);
        using var validation = TableData.Binary(300, seed: 2);
        using var test = TableData.Binary(500, seed: 3);
        var (model, mlNet) = new GradientBoostingTrainer().Train(train, TreeObjective.Binary, validation, null);
        using (model)
        {
            var reference = Reference(mlNet, test);
            var scores = Flat(model.Predict(test.Input()));
            var probabilities = Flat(model.PredictProbabilities(test.Input()));
            Assert.Equal(["no", "yes"], model.Metadata.ClassNames);
            AssertClose("binary score", reference.GetColumn<float>("Score").ToArray(), scores);
            AssertClose("binary probability", reference.GetColumn<float>("Probability").ToArray(), probabilities);
            AssertSomeRowsHaveMissingValues(test);
        }
    }

    [Fact]
    public void Two_classes_grow_one_binary_tree_per_round_and_give_a_logit_per_class()
    {
        using var train = TableData.Binary(1500, seed: 1);
        using var validation = TableData.Binary(300, seed: 2);
        using var test = TableData.Binary(500, seed: 3);
        var trainer = new GradientBoostingTrainer();
        var (model, rounds) = trainer.FitClasses(train, validation, "gbm");
        using var binary = trainer.Fit(train, TreeObjective.Binary, validation);
        using (model)
        {
            var trees = Assert.IsType<TreeEnsemble>(Assert.Single(model.Layers));
            Assert.Equal(2, trees.Outputs);
            Assert.Equal(binary.Layers.OfType<TreeEnsemble>().Single().Trees, trees.Trees);
            Assert.Equal(trees.Trees, rounds);
            Assert.Equal(["no", "yes"], model.Metadata.ClassNames);
            var pair = Flat(model.PredictProbabilities(test.Input()));
            var sigmoid = Flat(binary.PredictProbabilities(test.Input()));
            Assert.Equal(2 * sigmoid.Length, pair.Length);
            AssertClose("class 1", sigmoid, Enumerable.Range(0, sigmoid.Length).Select(r => pair[2 * r + 1]).ToArray());
            AssertClose("class 0", sigmoid.Select(p => 1 - p).ToArray(), Enumerable.Range(0, sigmoid.Length).Select(r => pair[2 * r]).ToArray());
        }
    }

    [Fact]
    public void Multiclass_probabilities_equal_mlnets_softmax_over_one_tree_per_class_each_round()
    {
        using var train = TableData.Multiclass(1500, seed: 4);
        using var test = TableData.Multiclass(500, seed: 5);
        var (model, mlNet) = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 60 }).Train(train, TreeObjective.Multiclass, null, null);
        using (model)
        {
            var trees = Assert.IsType<TreeEnsemble>(Assert.Single(model.Layers));
            // Up to 60 rounds of 3 trees; ML.NET drops the trees LightGBM left as a single leaf of 0.
            Assert.Equal(3, trees.Outputs);
            Assert.InRange(trees.Trees, 3, 180);
            var reference = Reference(mlNet, test).GetColumn<VBuffer<float>>("Score").SelectMany(v => v.DenseValues()).ToArray();
            var probabilities = Flat(model.PredictProbabilities(test.Input()));
            AssertClose("multiclass probability", reference, probabilities);
            var labels = test.Target!.data<long>().ToArray();
            var accuracy = Enumerable.Range(0, labels.Length).Count(r => ArgMax(probabilities, r, 3) == labels[r]) / (double)labels.Length;
            output.WriteLine($"multiclass held-out accuracy {accuracy:F3}");
            Assert.True(accuracy > 0.75, $"accuracy {accuracy}");
        }
    }

    [Fact]
    public void Regression_predictions_equal_mlnets()
    {
        using var train = TableData.Regression(1500, seed: 6);
        using var test = TableData.Regression(500, seed: 7);
        var (model, mlNet) = new GradientBoostingTrainer().Train(train, TreeObjective.Regression, null, null);
        using (model)
        {
            AssertClose("regression value", Reference(mlNet, test).GetColumn<float>("Score").ToArray(), Flat(model.Predict(test.Input())));
            var metrics = model.Evaluate(test);
            Assert.True(metrics["loss"] < 0.6, $"test MSE {metrics["loss"]}");
        }
    }

    [Fact]
    public void A_saved_tree_model_loads_and_predicts_the_same_bit_for_bit()
    {
        using var train = TableData.Multiclass(800, seed: 8);
        using var test = TableData.Multiclass(200, seed: 9);
        using var folder = new TempFolder();
        using var model = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 30 }).Fit(train, TreeObjective.Multiclass);
        model.Save(folder.PathOf("gbm.lepton"));
        using var loaded = Model.Load(folder.PathOf("gbm.lepton"));
        Assert.Equal(Flat(model.PredictProbabilities(test.Input())), Flat(loaded.PredictProbabilities(test.Input())));
        Assert.Equal(["low", "mid", "high"], loaded.Metadata.ClassNames);
        var metrics = loaded.Evaluate(test, extraMetrics: new Lepton.Nn.Metrics.Accuracy());
        Assert.True(metrics["accuracy"] > 0.75, $"accuracy {metrics["accuracy"]}");
    }

    [Fact]
    public void The_same_seed_grows_the_same_trees()
    {
        using var train = TableData.Binary(600, seed: 10);
        using var test = TableData.Binary(100, seed: 11);
        var options = new GradientBoostingOptions { NumberOfTrees = 20, Seed = 3 };
        using var first = new GradientBoostingTrainer(options).Fit(train, TreeObjective.Binary);
        using var second = new GradientBoostingTrainer(options).Fit(train, TreeObjective.Binary);
        Assert.Equal(Flat(first.Predict(test.Input())), Flat(second.Predict(test.Input())));
    }

    [Fact]
    public void Validation_data_stops_boosting_early_and_keeps_the_best_round()
    {
        using var train = TableData.Binary(400, seed: 12);
        using var validation = TableData.Binary(200, seed: 13);
        var options = new GradientBoostingOptions { NumberOfTrees = 1000, LearningRate = 0.3, EarlyStoppingRounds = 5 };
        using var stopped = new GradientBoostingTrainer(options).Fit(train, TreeObjective.Binary, validation);
        var trees = Assert.IsType<TreeEnsemble>(Assert.Single(stopped.Layers));
        output.WriteLine($"early stopping kept {trees.Trees} of 1000 trees");
        Assert.InRange(trees.Trees, 1, 200);
    }

    [Fact]
    public void A_target_with_one_class_is_refused()
    {
        using var data = TableData.Dataset(new float[40], Enumerable.Repeat(1f, 10).ToArray(), null);
        var error = Assert.Throws<ArgumentException>(() => new GradientBoostingTrainer().Fit(data, TreeObjective.Binary));
        Assert.Contains("one class", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TreeObjective.Binary, 2f, "Row 3 of the training data has the target 2, but a binary target is 0 or 1")]
    [InlineData(TreeObjective.Regression, float.NaN, "Row 3 of the training data has no target (NaN)")]
    [InlineData(TreeObjective.Multiclass, 1.5f, "Row 3 of the training data has the target 1.5")]
    public void A_bad_target_is_refused_naming_its_row(TreeObjective objective, float bad, string expected)
    {
        var labels = new float[] { 0, 1, 0, bad, 1, 0 };
        using var data = TableData.Dataset(new float[labels.Length * 2], labels, null);
        var error = Assert.Throws<ArgumentException>(() => new GradientBoostingTrainer().Fit(data, objective));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_without_training_rows_is_refused_by_name()
    {
        using var data = TableData.Dataset(new float[8], [0f, 2f, 0f, 2f], ["a", "b", "c"]);
        var error = Assert.Throws<ArgumentException>(() => new GradientBoostingTrainer().Fit(data, TreeObjective.Multiclass));
        Assert.Contains("'b' (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_out_of_range_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfLeaves = 1 }));
        Assert.Contains("NumberOfLeaves", error.Message, StringComparison.Ordinal);
    }

    /// <summary>ML.NET's own predictions for <paramref name="data"/>'s rows.</summary>
    private static IDataView Reference(ITransformer mlNet, TensorDataset data)
    {
        var rows = TreeRows.Read(data, TreeObjective.Regression, "test data");
        return mlNet.Transform(GradientBoostingTrainer.View(new MLContext(0), rows, l => l));
    }

    [Fact]
    public void The_view_lightgbm_reads_gives_every_row_and_its_class_key_across_chunks()
    {
        const int Rows = TreeRows.ChunkRows + 1000;
        using var data = TableData.Multiclass(Rows, seed: 9);
        var rows = TreeRows.Read(data, TreeObjective.Multiclass, "test data");
        var view = GradientBoostingTrainer.View(new MLContext(0), rows, l => (uint)l + 1, new KeyDataViewType(typeof(uint), 3));

        var features = view.GetColumn<float[]>("Features").ToArray();
        var keys = view.GetColumn<uint>("Label").ToArray();

        Assert.Equal(Rows, features.Length);
        var expected = data.Input().data<float>().ToArray();
        Assert.Equal(expected, features.SelectMany(f => f));
        Assert.Equal(data.Target!.data<long>().ToArray().Select(c => (uint)c + 1), keys);
    }

    private void AssertClose(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{what}: {expected.Length} values, largest difference from ML.NET {worst:G3}");
        Assert.True(worst <= Tolerance, $"{what}: largest difference from ML.NET is {worst}");
    }

    private static void AssertSomeRowsHaveMissingValues(TensorDataset data)
    {
        using var missing = data.Input().isnan().any(1).sum();
        Assert.True(missing.item<long>() > 50);
    }

    private static int ArgMax(float[] values, int row, int width)
    {
        var best = 0;
        for (var k = 1; k < width; k++)
        {
            if (values[(row * width) + k] > values[(row * width) + best]) best = k;
        }
        return best;
    }

    private static float[] Flat(Tensor t)
    {
        using (t) return t.reshape(-1).data<float>().ToArray();
    }
}

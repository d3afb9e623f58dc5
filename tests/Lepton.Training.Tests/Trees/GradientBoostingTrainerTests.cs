using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Training.Trees;
using Lepton.Nn.Callbacks;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lepton.Training.Tests.Trees;

public sealed class GradientBoostingTrainerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Binary_scores_equal_lightgbms_own_at_the_round_early_stopping_kept_on_held_out_rows_with_missing_values()
    {
        using var train = TableData.Binary(1500, seed: 1);
        using var validation = TableData.Binary(300, seed: 2);
        using var test = TableData.Binary(500, seed: 3);
        var trainer = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 300 });
        var (model, rounds) = trainer.Train(train, TreeObjective.Binary, validation, null);
        using (model)
        {
            var trees = Assert.IsType<TreeEnsemble>(Assert.Single(model.Layers));
            Assert.Equal(rounds, trees.Trees);
            Assert.InRange(rounds, 2, 299);
            Assert.Equal(["no", "yes"], model.Metadata.ClassNames);
            AssertClose("binary score", LightGbmScores(trainer, train, TreeObjective.Binary, rounds, test), Flat(model.Predict(test.Input())));
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
    public void Multiclass_scores_equal_lightgbms_own_one_tree_per_class_each_round()
    {
        using var train = TableData.Multiclass(1500, seed: 4);
        using var test = TableData.Multiclass(500, seed: 5);
        var trainer = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 60 });
        var (model, rounds) = trainer.Train(train, TreeObjective.Multiclass, null, null);
        using (model)
        {
            var trees = Assert.IsType<TreeEnsemble>(Assert.Single(model.Layers));
            Assert.Equal(3, trees.Outputs);
            Assert.Equal(60, rounds);
            Assert.Equal(180, trees.Trees);
            AssertClose("multiclass score", LightGbmScores(trainer, train, TreeObjective.Multiclass, rounds, test), Flat(model.Predict(test.Input())));
            var probabilities = Flat(model.PredictProbabilities(test.Input()));
            var labels = test.Target!.data<long>().ToArray();
            var accuracy = Enumerable.Range(0, labels.Length).Count(r => ArgMax(probabilities, r, 3) == labels[r]) / (double)labels.Length;
            output.WriteLine($"multiclass held-out accuracy {accuracy:F3}");
            Assert.True(accuracy > 0.75, $"accuracy {accuracy}");
        }
    }

    [Fact]
    public void Regression_predictions_equal_lightgbms_own()
    {
        using var train = TableData.Regression(1500, seed: 6);
        using var test = TableData.Regression(500, seed: 7);
        var trainer = new GradientBoostingTrainer();
        var (model, rounds) = trainer.Train(train, TreeObjective.Regression, null, null);
        using (model)
        {
            Assert.Equal(100, rounds);
            AssertClose("regression value", LightGbmScores(trainer, train, TreeObjective.Regression, rounds, test), Flat(model.Predict(test.Input())));
            var metrics = model.Evaluate(test);
            Assert.True(metrics["loss"] < 0.6, $"test MSE {metrics["loss"]}");
        }
    }

    [Fact]
    public void A_value_missing_only_at_prediction_goes_where_lightgbm_sends_it()
    {
        // No missing value in training: LightGBM's splits have no missing direction and treat NaN as 0.
        var (x, score) = TableData.Make(1200, seed: 20);
        var clean = x.Select(v => float.IsNaN(v) ? 0.5f : v).ToArray();
        using var train = TableData.Dataset(clean, score, null);
        var (tx, tscore) = TableData.Make(400, seed: 21);
        using var test = TableData.Dataset(tx, tscore, null);
        var trainer = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 40 });
        using var model = trainer.Fit(train, TreeObjective.Regression);
        AssertSomeRowsHaveMissingValues(test);
        AssertClose("value with unseen missing features", LightGbmScores(trainer, train, TreeObjective.Regression, 40, test), Flat(model.Predict(test.Input())));
    }

    [Fact]
    public void A_table_larger_than_a_chunk_is_binned_and_filled_as_lightgbm_does_from_the_whole_matrix()
    {
        const int Rows = TreeRows.ChunkRows + 1000;
        using var train = TableData.Multiclass(Rows, seed: 9);
        using var test = TableData.Multiclass(300, seed: 10);
        var trainer = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 8 });
        using var model = trainer.Fit(train, TreeObjective.Multiclass);
        AssertClose("multiclass score, chunked", LightGbmScores(trainer, train, TreeObjective.Multiclass, 8, test), Flat(model.Predict(test.Input())));
    }

    [Theory]
    [InlineData(0.5, 0.5f)]
    [InlineData(0.1, 0.099999994f)]
    [InlineData(-0.1, -0.1f)]
    [InlineData(1.0000000180025095e-35, 1e-35f)]
    public void A_threshold_becomes_the_largest_float_not_above_it(double threshold, float expected)
    {
        var f = LightGbmModelText.FloatAtMost(threshold);
        Assert.Equal(expected, f);
        Assert.True(f <= threshold);
        Assert.True(MathF.BitIncrement(f) > threshold);
    }

    [Fact]
    public void Every_round_reports_to_the_callbacks_and_the_kept_rounds_validation_loss_is_the_models()
    {
        using var train = TableData.Binary(800, seed: 14);
        using var validation = TableData.Binary(300, seed: 15);
        var recorder = new Recorder();
        var trainer = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 400, LearningRate = 0.2, EarlyStoppingRounds = 10 });
        var (model, rounds) = trainer.FitClasses(train, validation, "gbm", [recorder]);
        using (model)
        {
            Assert.Equal(400, recorder.Info!.Epochs);
            Assert.Equal(Enumerable.Range(0, recorder.Logs.Count), recorder.Rounds);
            Assert.Equal(rounds + 10, recorder.Logs.Count);
            Assert.All(recorder.Logs, l => Assert.Equal(["accuracy", "loss", "val_accuracy", "val_loss"], l.Keys.Order()));
            var kept = recorder.Logs[rounds - 1];
            Assert.Equal(recorder.Logs.Min(l => l["val_loss"]), kept["val_loss"]);
            Assert.Same(model, recorder.EndModel);
            var metrics = model.Evaluate(validation, extraMetrics: new Lepton.Nn.Metrics.Accuracy());
            output.WriteLine($"kept round {rounds}: LightGBM's val_loss {kept["val_loss"]:F6}, the model's {metrics["loss"]:F6}");
            Assert.Equal(kept["val_loss"], metrics["loss"], 4);
            Assert.Equal(kept["val_accuracy"], metrics["accuracy"], 6);
        }
    }

    [Fact]
    public void A_callback_that_stops_training_ends_boosting_after_that_round()
    {
        using var train = TableData.Regression(600, seed: 16);
        var stopper = new StopAt(4);
        using var model = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 100 }).Fit(train, TreeObjective.Regression, callbacks: [stopper]);
        Assert.Equal(5, Assert.IsType<TreeEnsemble>(Assert.Single(model.Layers)).Trees);
        Assert.Equal(5, stopper.Seen);
    }

    [Fact]
    public void Cancellation_ends_boosting_after_the_current_round_and_keeps_its_trees()
    {
        using var train = TableData.Regression(600, seed: 17);
        using var cancel = new CancellationTokenSource();
        var canceller = new CancelAt(2, cancel);
        using var model = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 100 }).Fit(train, TreeObjective.Regression, callbacks: [canceller],
            cancellationToken: cancel.Token);
        Assert.Equal(3, Assert.IsType<TreeEnsemble>(Assert.Single(model.Layers)).Trees);
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

    /// <summary>
    /// LightGBM's own raw scores for <paramref name="test"/> after <paramref name="rounds"/> rounds, from a dataset that
    /// LightGBM builds from the whole training matrix at once and a booster that predicts with its own code.
    /// </summary>
    private static float[] LightGbmScores(GradientBoostingTrainer trainer, TensorDataset train, TreeObjective objective, int rounds, TensorDataset test)
    {
        var features = (int)train.InputShapes[0][0];
        var matrix = train.Input().data<float>().ToArray();
        using var target = train.Target!.to_type(ScalarType.Float32);
        var labels = target.data<float>().ToArray();
        var classes = objective == TreeObjective.Multiclass ? (int)labels.Max() + 1 : objective == TreeObjective.Binary ? 2 : 0;
        var outputs = objective == TreeObjective.Multiclass ? classes : 1;
        var parameters = trainer.Parameters(objective, classes, metricsForCallbacks: false);
        using var set = LightGbmDataset.FromMatrix(matrix, labels, features, parameters);
        using var booster = LightGbmBooster.Create(set, parameters);
        for (var r = 0; r < rounds; r++) Assert.True(booster.UpdateOneRound());
        return booster.PredictRaw(test.Input().data<float>().ToArray(), test.Count, features, outputs, rounds).Select(v => (float)v).ToArray();
    }

    private sealed class Recorder : Callback
    {
        public TrainingInfo? Info { get; private set; }
        public List<int> Rounds { get; } = [];
        public List<Dictionary<string, double>> Logs { get; } = [];
        public Model? EndModel { get; private set; }
        public override void OnTrainBegin(TrainingInfo info) => Info = info;
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            Rounds.Add(epoch);
            Logs.Add(new Dictionary<string, double>(logs));
        }
        public override void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs) => EndModel = Model;
    }

    private sealed class StopAt(int round) : Callback
    {
        public int Seen { get; private set; }
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            Seen++;
            if (epoch == round) Model.StopTraining = true;
        }
    }

    private sealed class CancelAt(int round, CancellationTokenSource source) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (epoch == round) source.Cancel();
        }
    }

    private void AssertClose(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{what}: {expected.Length} values, largest difference from the reference {worst:G3}");
        Assert.True(worst <= Tolerance, $"{what}: largest difference from the reference is {worst}");
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

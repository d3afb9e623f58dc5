using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Lepton.Training.Trees;
using static TorchSharp.torch;

namespace Lepton.Training.Tests.Automatic;

public sealed class CandidateEnsembleTests
{
    [Fact]
    public void An_ensemble_of_trees_and_a_network_is_one_file_that_predicts_the_weighted_average_of_their_probabilities()
    {
        using var folder = new TempFolder();
        using var data = Classes(240, seed: 1);
        var gbm = new GradientBoostingTrainer(new GradientBoostingOptions { NumberOfTrees = 20, MinimumExamplesPerLeaf = 5 }).Fit(data, TreeObjective.Multiclass, null, "gbm");
        var linear = Linear(data, outputs: 3, new SparseCategoricalCrossentropy(fromLogits: true));
        using var x = Classes(16, seed: 2).Input();
        using var expected = (0.75 * gbm.PredictProbabilities(x)) + (0.25 * linear.PredictProbabilities(x));

        using var ensemble = CandidateEnsemble.Combine([gbm, linear], [3.0, 1.0], TrainingTask.Classification, "ensemble");
        ensemble.Metadata.ClassNames = ["a", "b", "c"];
        var path = folder.PathOf("ensemble.lepton");
        ensemble.Save(path);
        using var loaded = Model.Load(path);

        using var probabilities = loaded.PredictProbabilities(x);
        AssertClose(expected, probabilities);
        AssertClose(ones(16), probabilities.sum(1));
        var weights = Assert.IsType<WeightedAverage>(loaded.Layers[^1]);
        Assert.Equal([0.75, 0.25], weights.Weights);
        Assert.InRange(loaded.Evaluate(data)["loss"], 0, 2);
    }

    [Fact]
    public void A_regression_ensemble_averages_the_members_predictions_with_weights_scaled_to_one()
    {
        using var folder = new TempFolder();
        using var data = Values(200, seed: 3);
        var first = Linear(data, outputs: 1, new MeanSquaredError(), "first");
        var second = Sequential1(data, "second");
        using var x = Values(10, seed: 4).Input();
        using var expected = (0.25 * first.Predict(x)) + (0.75 * second.Predict(x));

        using var ensemble = CandidateEnsemble.Combine([first, second], [1.0, 3.0], TrainingTask.Regression, "ensemble");
        var path = folder.PathOf("regression.lepton");
        ensemble.Save(path);
        using var loaded = Model.Load(path);

        AssertClose(expected, loaded.Predict(x));
        Assert.True(double.IsFinite(loaded.Evaluate(data)["loss"]));
    }

    [Fact]
    public void A_member_of_weight_zero_is_left_out_and_one_member_left_is_itself()
    {
        using var data = Values(50, seed: 5);
        var first = Linear(data, outputs: 1, new MeanSquaredError(), "first");
        var second = Sequential1(data, "second");
        using var kept = CandidateEnsemble.Combine([first, second], [0.0, 2.0], TrainingTask.Regression, "ensemble");
        Assert.Same(second, kept);
    }

    [Fact]
    public void Greedy_selection_weights_two_candidates_that_are_each_right_on_half_the_rows()
    {
        // Candidate 0 is sure and right on rows 0-5, unsure and wrong on 6-9; candidate 1 the reverse; candidate 2 always wrong.
        var labels = Enumerable.Range(0, 10).Select(r => (double)(r % 2)).ToArray();
        float[,] Make(Func<int, bool> sure)
        {
            var p = new float[10, 2];
            for (var r = 0; r < 10; r++)
            {
                var truth = r % 2;
                var right = sure(r) ? 0.9f : 0.45f;
                p[r, truth] = right;
                p[r, 1 - truth] = 1 - right;
            }
            return p;
        }
        var wrong = new float[10, 2];
        for (var r = 0; r < 10; r++) wrong[r, 1 - (r % 2)] = 1f;
        List<float[,]> predictions = [Make(r => r < 6), Make(r => r >= 6), wrong];

        var weights = EnsembleSelection.Select(predictions, labels, TrainingTask.Classification);

        Assert.Equal(1.0, weights.Sum(), 9);
        Assert.True(weights[0] > 0 && weights[1] > 0, string.Join(", ", weights));
        Assert.Equal(0.0, weights[2]);
        Assert.Equal(1.0, EnsembleSelection.Evaluate(weights, predictions, labels, TrainingTask.Classification).Score);
        Assert.Equal(0.6, EnsembleSelection.Evaluate([1.0, 0, 0], predictions, labels, TrainingTask.Classification).Score, 9);
    }

    [Fact]
    public void The_trainer_keeps_the_ensemble_when_it_scores_better_and_lists_it_among_the_trials_with_its_weights()
    {
        using var data = Values(20, seed: 6);
        var labels = Enumerable.Range(0, 10).Select(r => (double)r).ToArray();
        // Each candidate is off by +1 or -1 alternately, in opposite directions: their average is exact.
        var up = new float[10, 1];
        var down = new float[10, 1];
        for (var r = 0; r < 10; r++)
        {
            var shift = r % 2 == 0 ? 1 : -1;
            up[r, 0] = r + shift;
            down[r, 0] = r - shift;
        }
        List<TrainedCandidate> trained =
        [
            new("linear", Linear(data, 1, new MeanSquaredError(), "linear"), up, EnsembleSelection.Evaluate([1.0], [up], labels, TrainingTask.Regression)),
            new("mlp", Sequential1(data, "mlp"), down, EnsembleSelection.Evaluate([1.0], [down], labels, TrainingTask.Regression)),
        ];
        List<CandidateTrial> trials = [new("linear", trained[0].Validation.Score, TimeSpan.Zero, ""), new("mlp", trained[1].Validation.Score, TimeSpan.Zero, "")];

        var (model, kept, all) = TrainedCandidate.Keep(trained, labels, TrainingTask.Regression, trials);
        using (model)
        {
            Assert.Equal("ensemble", kept);
            Assert.Equal(["linear", "mlp", "ensemble"], all.Select(t => t.Name));
            // The rounds alternate between the two (13 and 12 of 25): nearly their plain average.
            Assert.True(all[^1].ValidationScore > 0.999, $"ensemble R² {all[^1].ValidationScore}");
            Assert.Contains("linear 0.52, mlp 0.48", all[^1].Note, StringComparison.Ordinal);
            Assert.Equal(2, model.Layers.OfType<Model>().Count());
        }
    }

    private static Model Linear(Dataset data, int outputs, Loss loss, string name = "linear")
    {
        var model = new Sequential(new Shape(data.InputShapes[0][0]), [new Dense(outputs, name: "output")], name);
        model.Compile(new Adam(0.05), loss);
        model.Fit(data, epochs: 3, batchSize: 64, verbose: Verbosity.Silent);
        return model;
    }

    private static Model Sequential1(Dataset data, string name)
    {
        var model = new Sequential(new Shape(data.InputShapes[0][0]), [new Dense(8, "relu"), new Dense(1, name: "output")], name);
        model.Compile(new Adam(0.05), new MeanSquaredError());
        model.Fit(data, epochs: 3, batchSize: 64, verbose: Verbosity.Silent);
        return model;
    }

    private static TensorDataset Classes(int rows, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, rows * 4).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var y = Enumerable.Range(0, rows).Select(r => (x[r * 4] + x[(r * 4) + 1]) switch { < -1 => 0L, < 1 => 1L, _ => 2L }).ToArray();
        return new TensorDataset(tensor(x).reshape(rows, 4), tensor(y), ["a", "b", "c"]);
    }

    private static TensorDataset Values(int rows, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, rows * 3).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var y = Enumerable.Range(0, rows).Select(r => (2 * x[r * 3]) - x[(r * 3) + 2] + 1).ToArray();
        return new TensorDataset(tensor(x).reshape(rows, 3), tensor(y).reshape(rows, 1));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        var e = expected.data<float>().ToArray();
        var a = actual.data<float>().ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < 1e-5, $"value {i}: expected {e[i]}, got {a[i]}");
    }
}

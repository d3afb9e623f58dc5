using Lepton.Nn.Explanations;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Explanations;

public sealed class TreeShapTests
{
    [Fact]
    public void Contributions_equal_the_Shapley_values_computed_by_brute_force_over_every_coalition()
    {
        var model = RandomTrees(features: 4, outputs: 3, trees: 12, seed: 1);
        using var rows = RandomRows(5, 4, seed: 2);
        using var background = RandomRows(3, 4, seed: 3);

        using var attributions = TreeShap.Explain(model, rows, background);

        var values = attributions.Values[0]!.data<double>().ToArray();
        for (var r = 0; r < 5; r++)
        {
            var target = attributions.Targets[r];
            for (var f = 0; f < 4; f++)
            {
                var exact = BruteForceShapley(model, rows[r], background, f, target);
                Assert.Equal(exact, values[(r * 4) + f], 5);
            }
        }
    }

    [Fact]
    public void Contributions_add_up_to_the_score_minus_the_background_s_mean_score_and_follow_the_predicted_class()
    {
        var model = RandomTrees(features: 6, outputs: 1, trees: 40, seed: 7);
        using var rows = RandomRows(30, 6, seed: 8, missingEvery: 5);
        using var background = RandomRows(20, 6, seed: 9);

        using var attributions = TreeShap.Explain(model, rows, background);

        using var scores = model.Predict(rows);
        using var backgroundScores = model.Predict(background);
        var mean = backgroundScores.mean().item<float>();
        Assert.All(attributions.Delta(), d => Assert.True(Math.Abs(d) < 1e-4, $"delta {d}"));
        for (var r = 0; r < 30; r++)
        {
            Assert.Equal(scores[r, 0].item<float>(), attributions.Outputs[r], 4);
            Assert.Equal(mean, attributions.BaselineOutputs[r], 4);
        }
    }

    [Fact]
    public void A_feature_no_tree_splits_on_gets_nothing_and_a_network_is_refused()
    {
        var model = RandomTrees(features: 3, outputs: 2, trees: 8, seed: 4, usedFeatures: 2);
        using var rows = RandomRows(6, 3, seed: 5);
        using var background = RandomRows(4, 3, seed: 6);

        using var attributions = TreeShap.Explain(model, rows, background);

        Assert.All(Enumerable.Range(0, 6), r => Assert.Equal(0.0, attributions.Values[0]![r, 2].item<double>()));
        var network = new Sequential(new Shape(3), new Dense(2));
        Assert.Contains("not a gradient-boosted tree model", Assert.Throws<ArgumentException>(() => TreeShap.Explain(network, rows, background)).Message);
        using var narrow = zeros(2, 2);
        Assert.Contains("rows of 3 features", Assert.Throws<ArgumentException>(() => TreeShap.Explain(model, narrow, background)).Message);
        Assert.Contains("outside the model's 2 output(s)", Assert.Throws<ArgumentException>(() => TreeShap.Explain(model, rows, background, [0, 1, 2, 0, 0, 0])).Message);
    }

    [Fact]
    public void A_weighted_average_of_tree_models_gets_the_weighted_average_of_their_contributions()
    {
        var a = RandomTrees(features: 3, outputs: 3, trees: 6, seed: 11);
        var b = RandomTrees(features: 3, outputs: 3, trees: 9, seed: 12);
        var input = new Input(new Shape(3), "features");
        var average = new WeightedAverage([1, 3]).Apply(new Activation("softmax").Apply(a.Apply(input)), new Activation("softmax").Apply(b.Apply(input)));
        var ensemble = new Model(input, average);
        using var rows = RandomRows(8, 3, seed: 13);
        using var background = RandomRows(5, 3, seed: 14);
        using var predicted = ensemble.Predict(rows);
        var targets = predicted.argmax(1).data<long>().ToArray();

        using var together = TreeShap.Explain(ensemble, rows, background);
        using var first = TreeShap.Explain(a, rows, background, targets);
        using var second = TreeShap.Explain(b, rows, background, targets);

        Assert.True(TreeShap.CanExplain(ensemble));
        Assert.False(IntegratedGradients.CanExplain(ensemble));                 // trees two models deep
        Assert.True(IntegratedGradients.CanExplain(new Sequential(new Shape(3), new Dense(2))));
        Assert.Equal(targets, together.Targets);
        using var expected = (first.Values[0]! * 0.25) + (second.Values[0]! * 0.75);
        Assert.True(together.Values[0]!.allclose(expected, rtol: 1e-9, atol: 1e-12));
        Assert.All(together.Delta(), d => Assert.True(Math.Abs(d) < 1e-9, $"delta {d}"));
        Assert.False(TreeShap.CanExplain(new Sequential(new Shape(3), new Dense(2))));
    }

    /// <summary>φ_f = Σ over coalitions S of the other features of |S|!(n−|S|−1)!/n! · (v(S ∪ f) − v(S)), v(S) the mean score over the background with S's features from the row.</summary>
    private static double BruteForceShapley(Model model, Tensor row, Tensor background, int feature, long target)
    {
        var n = (int)row.shape[0];
        var others = Enumerable.Range(0, n).Where(f => f != feature).ToArray();
        double total = 0;
        for (var mask = 0; mask < 1 << others.Length; mask++)
        {
            var set = others.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            var weight = Factorial(set.Length) * Factorial(n - set.Length - 1) / Factorial(n);
            total += weight * (Value(model, row, background, [.. set, feature], target) - Value(model, row, background, set, target));
        }
        return total;
    }

    private static double Value(Model model, Tensor row, Tensor background, int[] fromRow, long target)
    {
        using var scope = NewDisposeScope();
        var hybrid = background.clone();
        foreach (var f in fromRow) hybrid[.., f] = row[f];
        return model.Predict(hybrid)[.., target].to_type(ScalarType.Float64).mean().item<double>();
    }

    private static double Factorial(int k) => Enumerable.Range(1, k).Aggregate(1.0, (p, i) => p * i);

    private static Tensor RandomRows(int rows, int features, int seed, int missingEvery = 0)
    {
        var random = new Random(seed);
        var values = new float[rows * features];
        for (var i = 0; i < values.Length; i++) values[i] = missingEvery > 0 && i % missingEvery == 0 ? float.NaN : (float)(random.NextDouble() * 4 - 2);
        return tensor(values, [rows, features]);
    }

    /// <summary>Random full trees of depth 3 over the first <paramref name="usedFeatures"/> features, with random leaves.</summary>
    private static Sequential RandomTrees(int features, int outputs, int trees, int seed, int? usedFeatures = null)
    {
        var random = new Random(seed);
        var list = new List<DecisionTree>();
        for (var t = 0; t < trees; t++)
        {
            // Nodes 0..6 in breadth-first order; node n's children are 2n+1 and 2n+2, the last level's are leaves.
            var split = Enumerable.Range(0, 7).Select(_ => random.Next(usedFeatures ?? features)).ToArray();
            var threshold = Enumerable.Range(0, 7).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var left = Enumerable.Range(0, 7).Select(n => n < 3 ? (2 * n) + 1 : ~((2 * (n - 3)))).ToArray();
            var right = Enumerable.Range(0, 7).Select(n => n < 3 ? (2 * n) + 2 : ~((2 * (n - 3)) + 1)).ToArray();
            var missingLeft = Enumerable.Range(0, 7).Select(_ => random.Next(2) == 0).ToArray();
            var leaves = Enumerable.Range(0, 8).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            list.Add(new DecisionTree(split, threshold, left, right, missingLeft, leaves, t % outputs));
        }
        var objective = outputs == 1 ? TreeObjective.Binary : TreeObjective.Multiclass;
        var model = new Sequential(new Shape(features), [new TreeEnsemble(features, objective, list, bias: [.. Enumerable.Range(0, outputs).Select(k => 0.1 * k)], outputs: outputs)]);
        model.Metadata.OutputLoss = outputs == 1 ? new BinaryCrossentropy(fromLogits: true) : new SparseCategoricalCrossentropy(fromLogits: true);
        return model;
    }
}

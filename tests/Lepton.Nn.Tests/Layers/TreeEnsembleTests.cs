using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Serialization;
using Lepton.Nn.Tests.Serialization;
using Lepton.Nn.Tests.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class TreeEnsembleTests
{
    // x0 <= 0.5 ? (x1 <= 2 ? leaf 0 : leaf 1) : leaf 2; NaN in x0 goes right, NaN in x1 goes left.
    private static DecisionTree Small(int output = 0) => new(
        splitFeatures: [0, 1], thresholds: [0.5f, 2f], leftChildren: [1, -1], rightChildren: [-3, -2],
        missingGoesLeft: [false, true], leafValues: [1.0, 2.0, 3.0], output: output);

    [Fact]
    public void Each_row_walks_each_tree_to_its_leaf_and_missing_values_go_their_default_way()
    {
        var layer = new TreeEnsemble(2, TreeObjective.Regression, [Small()], bias: [0.25]);
        using var x = tensor(new float[,]
        {
            { 0.1f, 1f }, { 0.5f, 2f }, { 0.1f, 3f }, { 0.9f, -5f }, { float.NaN, 1f }, { 0.1f, float.NaN }, { float.NaN, float.NaN },
        });
        using var y = layer.Forward(x);
        Assert.Equal([1, 7, 1], [y.shape[1], y.shape[0], 1]);
        Assert.Equal([1.25f, 1.25f, 2.25f, 3.25f, 3.25f, 1.25f, 3.25f], y.reshape(-1).data<float>().ToArray());
    }

    [Fact]
    public void Trees_add_to_their_own_output_and_the_bias_starts_each_output()
    {
        var layer = new TreeEnsemble(2, TreeObjective.Multiclass, [Small(0), Small(1), Small(1), DecisionTree.Constant(-4, 2)], bias: [0, 10, 100]);
        using var x = tensor(new float[,] { { 0.1f, 1f }, { 0.9f, 0f } });
        using var y = layer.Forward(x);
        Assert.Equal(new float[,] { { 1f, 12f, 96f }, { 3f, 16f, 96f } }, To2D(y));
    }

    [Fact]
    public void Random_ensembles_agree_with_walking_each_tree_by_hand()
    {
        var random = new Random(7);
        const int features = 6, outputs = 3;
        var trees = Enumerable.Range(0, 40).Select(t => RandomTree(random, features, maxDepth: 7, output: t % outputs)).ToList();
        var bias = new[] { 0.5, -0.25, 0.0 };
        var layer = new TreeEnsemble(features, TreeObjective.Multiclass, trees, bias);
        var rows = new float[300, features];
        for (var r = 0; r < rows.GetLength(0); r++)
        {
            for (var f = 0; f < features; f++) rows[r, f] = random.NextDouble() < 0.15 ? float.NaN : (float)random.NextDouble();
        }
        using var x = tensor(rows);
        using var y = layer.Forward(x);
        var scores = To2D(y);
        for (var r = 0; r < rows.GetLength(0); r++)
        {
            var expected = (double[])bias.Clone();
            foreach (var tree in trees) expected[tree.Output] += Walk(tree, rows, r);
            for (var k = 0; k < outputs; k++) Assert.True(Math.Abs(expected[k] - scores[r, k]) < 1e-5, $"row {r}, output {k}: {scores[r, k]} instead of {expected[k]}");
        }
        Assert.True(layer.MaxDepth <= 7);
    }

    [Fact]
    public void A_tree_model_saves_loads_and_predicts_the_same_with_its_loss_turning_scores_into_probabilities()
    {
        using var model = new Sequential(new Shape(2), [new TreeEnsemble(2, TreeObjective.Binary, [Small(), DecisionTree.Constant(-1.5)], name: "trees")], "gbm");
        model.Metadata.OutputLoss = new BinaryCrossentropy(fromLogits: true);
        model.Metadata.ClassNames = ["no", "yes"];
        var path = FitTests.TempFile();
        model.Save(path);
        using var loaded = Model.Load(path);
        using var x = tensor(new float[,] { { 0.1f, 1f }, { float.NaN, 3f } });
        using var before = model.PredictProbabilities(x);
        using var after = loaded.PredictProbabilities(x);
        Assert.Equal(before.data<float>().ToArray(), after.data<float>().ToArray());
        Assert.Equal(1 / (1 + MathF.Exp(0.5f)), after[0, 0].item<float>(), 6);
        var trees = Assert.IsType<TreeEnsemble>(Assert.Single(loaded.Layers));
        Assert.Equal((2, 1, 2, 2, 2, TreeObjective.Binary), (trees.Features, trees.Outputs, trees.Trees, trees.Nodes, trees.MaxDepth, trees.Objective));
    }

    [Fact]
    public void A_loaded_tree_model_evaluates_without_compile()
    {
        using var model = new Sequential(new Shape(2), [new TreeEnsemble(2, TreeObjective.Regression, [Small()])]);
        model.Metadata.OutputLoss = new MeanSquaredError();
        var path = FitTests.TempFile();
        model.Save(path);
        using var loaded = Model.Load(path);
        using var data = new TensorDataset(tensor(new float[,] { { 0.1f, 1f }, { 0.9f, 1f } }), tensor(new float[] { 1f, 2f }));
        Assert.Equal(0.5, loaded.Evaluate(data)["loss"], 6);
    }

    [Fact]
    public void Fit_refuses_a_tree_model_and_says_what_trains_trees()
    {
        using var model = new Sequential(new Shape(2), [new TreeEnsemble(2, TreeObjective.Regression, [Small()], name: "trees")]);
        model.Compile(new Adam(), new MeanSquaredError());
        using var data = new TensorDataset(tensor(new float[,] { { 0.1f, 1f } }), tensor(new float[] { 1f }));
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(data, verbose: Lepton.Nn.Training.Verbosity.Silent));
        Assert.Contains("'trees' (TreeEnsemble)", error.Message, StringComparison.Ordinal);
        Assert.Contains("GradientBoostingTrainer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("feature", "splits on feature 2")]
    [InlineData("child", "left child 5")]
    [InlineData("cycle", "twice")]
    [InlineData("output", "adds to output 1")]
    public void A_tree_built_in_code_with_a_bad_index_is_refused_naming_the_layer(string damage, string expected)
    {
        var tree = damage switch
        {
            "feature" => new DecisionTree([2], [0f], [-1], [-1], [true], [1.0]),
            "child" => new DecisionTree([0], [0f], [5], [-1], [true], [1.0]),
            "cycle" => new DecisionTree([0, 1], [0f, 0f], [1, -1], [-1, 0], [true, true], [1.0, 2.0]),
            _ => new DecisionTree([0], [0f], [-1], [-1], [true], [1.0], output: 1),
        };
        var error = Assert.ThrowsAny<ArgumentException>(() => new TreeEnsemble(2, TreeObjective.Regression, [tree], outputs: 1, name: "bad"));
        Assert.Contains("'bad' (TreeEnsemble)", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_ensemble_has_one_output()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new TreeEnsemble(2, TreeObjective.Binary, [Small(0), Small(1)]));
        Assert.Contains("one output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wrong_number_of_features_is_a_shape_error_naming_the_layer()
    {
        var layer = new TreeEnsemble(2, TreeObjective.Regression, [Small()], name: "trees");
        using var x = zeros(4, 3);
        var error = Assert.Throws<ShapeMismatchException>(() => layer.Forward(x));
        Assert.Contains("'trees' (TreeEnsemble)", error.Message, StringComparison.Ordinal);
    }

    // Crafted files: every check but the values' passes, and a bad gather index could crash libtorch.
    [Theory]
    [InlineData("trees.left_child", 0, 7f, "left child 7")]
    [InlineData("trees.right_child", 1, -9f, "right child -9")]
    [InlineData("trees.left_child", 1, 0f, "twice")]
    [InlineData("trees.split_feature", 0, 2f, "splits on feature 2")]
    [InlineData("trees.split_feature", 0, 0.5f, "splits on feature 0.5")]
    [InlineData("trees.split_feature", 1, float.NaN, "splits on feature NaN")]
    [InlineData("trees.tree_output", 0, 1f, "adds to output 1")]
    [InlineData("trees.default_left", 0, 2f, "default_left 2")]
    [InlineData("trees.leaf_value", 0, float.PositiveInfinity, "leaf 0")]
    public void A_file_with_a_bad_tree_index_is_refused_naming_the_layer(string tensorName, int index, float value, string expected)
    {
        var path = HostileFiles.WithWeight(SavedTrees(), tensorName, index, value);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("'trees' (TreeEnsemble)", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trees", 200_000, "trees must be from 1 to 100000")]
    [InlineData("max_depth", 65, "max_depth must be from 1 to 64")]
    [InlineData("nodes", 1 << 18, "nodes must be from 1 to 131072")]
    [InlineData("features", 0, "features must be from 1")]
    public void A_file_whose_tree_config_is_out_of_bounds_is_refused(string field, int value, string expected)
    {
        var path = HostileFiles.WithManifest(SavedTrees(), m => HostileFiles.Layer(m, "trees")[field] = value);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("'trees' (TreeEnsemble)", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_claiming_more_nodes_than_its_tensors_hold_is_refused_before_allocation()
    {
        var path = HostileFiles.WithManifest(SavedTrees(), m => HostileFiles.Layer(m, "trees")["nodes"] = 100_000);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("trees.split_feature", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 100000]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_depth_is_below_its_trees_is_refused()
    {
        var path = HostileFiles.WithManifest(SavedTrees(), m => HostileFiles.Layer(m, "trees")["max_depth"] = 1);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("deeper than max_depth 1", error.Message, StringComparison.Ordinal);
    }

    private static string SavedTrees()
    {
        using var model = new Sequential(new Shape(2), [new TreeEnsemble(2, TreeObjective.Regression, [Small()], name: "trees")], "gbm");
        model.Metadata.OutputLoss = new MeanSquaredError();
        var path = FitTests.TempFile();
        model.Save(path);
        return path;
    }

    private static DecisionTree RandomTree(Random random, int features, int maxDepth, int output)
    {
        var split = new List<int>();
        var thresholds = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var missingLeft = new List<bool>();
        var leaves = new List<double>();
        int Grow(int depth)
        {
            if (depth > 1 && (depth > maxDepth || random.NextDouble() < 0.3))
            {
                leaves.Add((random.NextDouble() * 2) - 1);
                return ~(leaves.Count - 1);
            }
            var node = split.Count;
            split.Add(random.Next(features));
            thresholds.Add((float)random.NextDouble());
            missingLeft.Add(random.Next(2) == 0);
            left.Add(0);
            right.Add(0);
            left[node] = Grow(depth + 1);
            right[node] = Grow(depth + 1);
            return node;
        }
        Grow(1);
        return new DecisionTree(split, thresholds, left, right, missingLeft, leaves, output);
    }

    private static double Walk(DecisionTree tree, float[,] rows, int row)
    {
        var node = 0;
        while (node >= 0)
        {
            var value = rows[row, tree.SplitFeatures[node]];
            var goLeft = float.IsNaN(value) ? tree.MissingGoesLeft[node] : value <= tree.Thresholds[node];
            node = goLeft ? tree.LeftChildren[node] : tree.RightChildren[node];
        }
        return tree.LeafValues[~node];
    }

    private static float[,] To2D(Tensor t)
    {
        var rows = (int)t.shape[0];
        var columns = (int)t.shape[1];
        var flat = t.data<float>().ToArray();
        var result = new float[rows, columns];
        for (var i = 0; i < flat.Length; i++) result[i / columns, i % columns] = flat[i];
        return result;
    }
}

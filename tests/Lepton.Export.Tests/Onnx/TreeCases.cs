using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Tree ensembles and the inputs that test them hardest: values exactly at, just below and just above each threshold
/// (LightGBM's "at most goes left" rule in float), and NaNs, which go the way each node says.
/// </summary>
internal static class TreeCases
{
    /// <summary>
    /// A hand-built multiclass ensemble of 4 features and 3 outputs: five trees, one a constant, two trees adding to
    /// output 0, NaNs going left at some nodes and right at others, a threshold (0.1) that float cannot hold exactly.
    /// </summary>
    public static TreeEnsemble HandBuilt(int features = 4, string? name = null) => new(features, TreeObjective.Multiclass,
    [
        new([0, 1, 2], [0.5f, -0.25f, 1f], [1, -1, -3], [2, -2, -4], [true, false, true], [0.1, -0.2, 0.3, 0.45], output: 0),
        new([3, 0], [0f, -1f], [-1, -2], [1, -3], [false, true], [0.5, -0.5, 0.25], output: 1),
        DecisionTree.Constant(0.7, output: 2),
        new([1, 3, 0], [0.1f, 0.1f, 2f], [1, -1, -3], [2, -2, -4], [true, true, false], [1.5, -1.25, 0.75, -0.5], output: 0),
        new([2], [0f], [-1], [-2], [false], [1, -1], output: 2),
    ], bias: [0.1, -0.2, 0.3], name: name);

    /// <summary>
    /// <paramref name="count"/> random trees of up to <paramref name="depth"/> levels over <paramref name="features"/>
    /// features, tree <c>i</c> adding to output <c>i mod outputs</c>; thresholds from the normal distribution.
    /// </summary>
    public static TreeEnsemble Random(int seed, int features, int outputs, int count, int depth, TreeObjective objective)
    {
        var random = new Random(seed);
        var trees = new List<DecisionTree>();
        for (var t = 0; t < count; t++)
        {
            var (split, threshold, left, right, missingLeft, leaves) = (new List<int>(), new List<float>(), new List<int>(), new List<int>(), new List<bool>(), new List<double>());
            int Grow(int level)
            {
                if (split.Count > 0 && (level >= depth || random.NextDouble() < 0.25))
                {
                    leaves.Add(Math.Round((random.NextDouble() * 2) - 1, 3));
                    return ~(leaves.Count - 1);
                }
                var node = split.Count;
                split.Add(random.Next(features));
                threshold.Add((float)Math.Round(Normal(random), 2));
                missingLeft.Add(random.Next(2) == 0);
                left.Add(0);
                right.Add(0);
                left[node] = Grow(level + 1);
                right[node] = Grow(level + 1);
                return node;
            }
            Grow(0);
            trees.Add(new(split, threshold, left, right, missingLeft, leaves, output: t % outputs));
        }
        var bias = Enumerable.Range(0, outputs).Select(_ => Math.Round(Normal(random), 3)).ToArray();
        return new(features, objective, trees, bias);
    }

    /// <summary>
    /// Rows for <paramref name="model"/> (whose last layer is the ensemble): normal noise where a quarter of the values
    /// are NaN and a third sit at a threshold of the ensemble, exactly or one float step either side.
    /// </summary>
    public static Func<int, Tensor[]> Inputs(TreeEnsemble trees, long[] shape, int seed) => batch =>
    {
        var random = new Random(seed + batch);
        var thresholds = Thresholds(trees);
        var width = (int)shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[batch * width];
        for (var i = 0; i < values.Length; i++)
        {
            var pick = random.NextDouble();
            var at = thresholds[random.Next(thresholds.Length)];
            values[i] = pick switch
            {
                < 0.25 => float.NaN,
                < 0.4 => at,
                < 0.5 => MathF.BitDecrement(at),
                < 0.6 => MathF.BitIncrement(at),
                _ => (float)Normal(random),
            };
        }
        return [tensor(values).reshape([batch, .. shape])];
    };

    /// <summary>A Sequential of <paramref name="layers"/> on rows of <paramref name="features"/>, with inputs from <see cref="Inputs"/>.</summary>
    public static LayerCase Stack(int features, int seed, params Layer[] layers)
    {
        var model = new Sequential(new Shape(features), layers);
        return new(model, Inputs((TreeEnsemble)layers[^1], [features], seed));
    }

    private static float[] Thresholds(TreeEnsemble trees)
    {
        using var table = trees.state_dict()["threshold"].detach().cpu().contiguous();
        return [.. table.data<float>().ToArray().Distinct()];
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

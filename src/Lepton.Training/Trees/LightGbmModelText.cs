using System.Globalization;
using Lepton.Nn.Layers;

namespace Lepton.Training.Trees;

/// <summary>
/// Reads the trees of a model in LightGBM's text format (what <c>LGBM_BoosterSaveModelToString</c> writes) into
/// <see cref="DecisionTree"/>s with LightGBM's own decisions kept exactly:
/// <list type="bullet">
/// <item>a threshold (a double) becomes the largest float not above it, so a float feature goes left exactly when
/// LightGBM sends it left;</item>
/// <item>where the split's missing type is NaN, a missing value goes the split's default way; where it is None (the
/// feature had no missing value in training), LightGBM treats NaN as 0, so NaN goes where 0 goes;</item>
/// <item>tree <c>t</c> adds to output <c>t mod num_tree_per_iteration</c> (one tree per class each round), and its
/// leaf values already include the shrinkage and, in the first round, the starting score.</item>
/// </list>
/// </summary>
internal static class LightGbmModelText
{
    private const int CategoricalMask = 1;
    private const int DefaultLeftMask = 2;
    private const int MissingNone = 0;
    private const int MissingZero = 1;
    private const int MissingNan = 2;

    /// <summary>The model's trees and the trees grown per round.</summary>
    public static (List<DecisionTree> Trees, int TreesPerRound) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var blocks = new List<Dictionary<string, string>>();
        Dictionary<string, string>? block = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Tree=", StringComparison.Ordinal))
            {
                block = new Dictionary<string, string>(StringComparer.Ordinal) { ["Tree"] = line[5..] };
                blocks.Add(block);
                continue;
            }
            if (line == "end of trees") break;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            (block ?? header)[line[..equals]] = line[(equals + 1)..];
        }
        var perRound = header.TryGetValue("num_tree_per_iteration", out var k) ? Int(k, "num_tree_per_iteration") : 1;
        var trees = new List<DecisionTree>(blocks.Count);
        for (var t = 0; t < blocks.Count; t++) trees.Add(Tree(blocks[t], t % perRound));
        return (trees, perRound);
    }

    private static DecisionTree Tree(Dictionary<string, string> block, int output)
    {
        var name = $"tree {block["Tree"]}";
        var leaves = Int(Field(block, "num_leaves", name), "num_leaves");
        var leafValues = Doubles(block, "leaf_value", name);
        if (leaves <= 1) return DecisionTree.Constant(leafValues.Length > 0 ? leafValues[0] : 0, output);
        if (block.TryGetValue("num_cat", out var cats) && cats != "0")
            throw new InvalidOperationException($"LightGBM's {name} has categorical splits, which a TreeEnsemble does not hold; the trainer turns them off, so this is a bug.");
        var features = Doubles(block, "split_feature", name).Select(v => (int)v).ToArray();
        var thresholds = Doubles(block, "threshold", name);
        var decisions = Doubles(block, "decision_type", name).Select(v => (int)v).ToArray();
        var left = Doubles(block, "left_child", name).Select(v => (int)v).ToArray();
        var right = Doubles(block, "right_child", name).Select(v => (int)v).ToArray();
        var nodes = leaves - 1;
        if (new[] { features.Length, thresholds.Length, decisions.Length, left.Length, right.Length }.Any(n => n != nodes) || leafValues.Length != leaves)
            throw new InvalidOperationException($"LightGBM's {name} has {leaves} leaves but node arrays of other lengths.");

        var floatThresholds = new float[nodes];
        var missingLeft = new bool[nodes];
        for (var n = 0; n < nodes; n++)
        {
            floatThresholds[n] = FloatAtMost(thresholds[n]);
            var decision = decisions[n];
            if ((decision & CategoricalMask) != 0)
                throw new InvalidOperationException($"LightGBM's {name} has a categorical split at node {n}, which a TreeEnsemble does not hold.");
            missingLeft[n] = ((decision >> 2) & 3) switch
            {
                MissingNan => (decision & DefaultLeftMask) != 0,
                MissingNone => 0f <= floatThresholds[n],
                MissingZero => throw new InvalidOperationException(
                    $"LightGBM's {name} treats zeros as missing at node {n} (zero_as_missing), which a TreeEnsemble does not hold; the trainer turns it off, so this is a bug."),
                var other => throw new InvalidOperationException($"LightGBM's {name} has the unknown missing type {other} at node {n}."),
            };
        }
        return new DecisionTree(features, floatThresholds, left, right, missingLeft, leafValues, output);
    }

    /// <summary>The largest float not above <paramref name="threshold"/>: for any float x, x ≤ threshold exactly when x ≤ the result.</summary>
    internal static float FloatAtMost(double threshold)
    {
        var f = (float)threshold;
        return f > threshold ? MathF.BitDecrement(f) : f;
    }

    private static string Field(Dictionary<string, string> block, string key, string name) =>
        block.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"LightGBM's {name} has no {key}.");

    private static double[] Doubles(Dictionary<string, string> block, string key, string name) =>
        Field(block, key, name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => Double(v, $"{name}'s {key}")).ToArray();

    private static double Double(string text, string what) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidOperationException($"LightGBM wrote '{text}' in {what}, which is not a number."),
    };

    private static int Int(string text, string what) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new InvalidOperationException($"LightGBM wrote '{text}' as {what}, which is not a whole number.");
}

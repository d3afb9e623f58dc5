using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Nn.Explanations;

/// <summary>
/// Exact Shapley values of a gradient-boosted tree model's raw score against a background sample (interventional
/// TreeSHAP, Lundberg et al. 2020, as SHAP's <c>TreeExplainer(feature_perturbation="interventional")</c>): for one row
/// and one background row, each tree is walked along both at once, splitting where they part, and each leaf's value is
/// shared among the features that decided it with the Shapley weights; averaged over the background rows. A row's
/// contributions add up to its score minus the mean score of the background (up to rounding).
/// </summary>
/// <remarks>
/// A weighted average of tree models (the fold models <c>lepton train</c> keeps) is explained as the same weighted
/// average of its members' contributions: additive in their raw scores, which the average of probabilities is not.
/// The score is the trees' raw output for the explained class: log-odds of the positive class for a binary model, the
/// class's raw score for a multiclass one (before softmax), the value for a regression. The cost per row is the
/// background size times the trees times the leaves a pair of rows can reach, so keep the background to about 100 rows.
/// </remarks>
public static class TreeShap
{
    /// <summary>
    /// The contributions of every feature of every row of <paramref name="features"/> to the raw score of the class given
    /// per row by <paramref name="targets"/> (default: the class with the highest score), against
    /// <paramref name="background"/> rows.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not one tree ensemble, the rows do not have its features, or a target is outside its outputs.</exception>
    public static Attributions Explain(Model model, Tensor features, Tensor background, IReadOnlyList<long>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(background);
        var members = MembersOf(model)
            ?? throw new ArgumentException($"Model '{model.Name}' is not a gradient-boosted tree model (one TreeEnsemble layer, or a weighted average of such models); TreeSHAP explains only those.", nameof(model));
        var first = members[0].Trees;
        foreach (var (rows, name) in new[] { (features, nameof(features)), (background, nameof(background)) })
        {
            if (rows.dim() != 2 || rows.shape[1] != first.Features || rows.shape[0] == 0)
                throw new ArgumentException($"The {name} have shape [{string.Join(", ", rows.shape)}]; the trees read rows of {first.Features} features (at least one row).", name);
        }
        var count = (int)features.shape[0];
        if (targets is not null && targets.Count != count) throw new ArgumentException($"{targets.Count} targets were given for {count} rows.", nameof(targets));
        if (targets?.Where(t => t < 0 || t >= first.Outputs).Select(t => (long?)t).FirstOrDefault() is { } bad)
            throw new ArgumentException($"Target {bad} is outside the model's {first.Outputs} output(s).", nameof(targets));
        var x = Floats(features);
        var z = Floats(background);
        var chosen = targets?.ToArray() ?? DefaultTargets(model, members, features, x);

        var width = first.Features;
        var contributions = new double[count * width];
        var outputs = new double[count];
        var baselineOutputs = new double[count];
        var total = members.Sum(m => m.Weight);
        foreach (var (trees, weight) in members)
        {
            var (phi, at, atBackground) = Shapley(trees.ReadTables(), trees.Outputs, width, x, z, chosen);
            var share = weight / total;
            for (var i = 0; i < phi.Length; i++) contributions[i] += share * phi[i];
            for (var r = 0; r < count; r++)
            {
                outputs[r] += share * at[r];
                baselineOutputs[r] += share * atBackground[r];
            }
        }
        return new Attributions([tensor(contributions, [count, width], ScalarType.Float64)], outputs, baselineOutputs, chosen);
    }

    /// <summary>Whether TreeSHAP can explain <paramref name="model"/>: one tree ensemble, or a weighted average of tree models.</summary>
    public static bool CanExplain(Model model) => MembersOf(model) is not null;

    /// <summary>
    /// The tree ensembles a model's raw score is made of, with their weights: a gradient-boosted model is one; the
    /// fold-averaged models <c>lepton train</c> keeps are a <see cref="WeightedAverage"/> of them (each maybe under a
    /// softmax); null for anything else.
    /// </summary>
    private static List<(TreeEnsemble Trees, double Weight)>? MembersOf(Model model)
    {
        if (model is Sequential { Layers: [TreeEnsemble ensemble] }) return [(ensemble, 1.0)];
        if (model is Sequential || model.Graph is not { } graph) return null;
        var inputs = graph.Inputs.Count;
        if (inputs != 1) return null;
        var outputNode = graph.Nodes[graph.OutputSlot - inputs];
        // A model of one layer that is itself a model (a member renamed).
        if (graph.Nodes.Count == 1 && outputNode.Layer is Model inner) return MembersOf(inner);
        if (outputNode.Layer is not WeightedAverage average || average.Weights.Count != outputNode.Inbound.Count) return null;
        var members = new List<(TreeEnsemble, double)>();
        for (var k = 0; k < outputNode.Inbound.Count; k++)
        {
            var node = graph.Nodes[outputNode.Inbound[k] - inputs];
            if (node.Layer is Activation) node = graph.Nodes[node.Inbound[0] - inputs];
            if (node.Layer is not Model member || node.Inbound is not [0] || MembersOf(member) is not [var single]) return null;
            members.Add((single.Trees, average.Weights[k] * single.Weight));
        }
        return members.Select(m => m.Item1.Outputs).Distinct().Count() == 1 ? members : null;
    }

    /// <summary>The class each row is explained for by default: the one the model predicts.</summary>
    private static long[] DefaultTargets(Model model, List<(TreeEnsemble Trees, double Weight)> members, Tensor features, float[] x)
    {
        var count = (int)features.shape[0];
        var first = members[0].Trees;
        if (first.Outputs == 1) return new long[count];
        if (members.Count > 1)
        {
            using var predicted = model.Predict(features);
            using var best = predicted.argmax(1);
            return best.data<long>().ToArray();
        }
        var tables = first.ReadTables();
        var targets = new long[count];
        var scores = new double[first.Outputs];
        for (var r = 0; r < count; r++)
        {
            Score(tables, x.AsSpan(r * first.Features, first.Features), scores);
            targets[r] = Array.IndexOf(scores, scores.Max());
        }
        return targets;
    }

    /// <summary>One ensemble's contributions to the targets' raw scores, its scores at the rows and its mean score over the background.</summary>
    private static (double[] Phi, double[] At, double[] AtBackground) Shapley(TreeTables tables, int outputCount, int width, float[] x, float[] z, long[] targets)
    {
        var count = targets.Length;
        var backgroundRows = z.Length / width;
        var phiAll = new double[count * width];
        var at = new double[count];
        var atBackground = new double[count];
        var backgroundScores = new double[backgroundRows * outputCount];
        for (var b = 0; b < backgroundRows; b++) Score(tables, z.AsSpan(b * width, width), backgroundScores.AsSpan(b * outputCount, outputCount));
        var weights = ShapleyWeights(LayerLimits.MaxTreeDepth + 1);
        Parallel.For(0, count, r =>
        {
            var row = x.AsSpan(r * width, width).ToArray();
            var scores = new double[outputCount];
            Score(tables, row, scores);
            var target = (int)targets[r];
            at[r] = scores[target];
            var phi = new double[width];
            var walk = new PairWalk(tables, row, weights, phi);
            double mean = 0;
            for (var b = 0; b < backgroundRows; b++)
            {
                walk.Background = z.AsMemory(b * width, width);
                for (var t = 0; t < tables.Trees; t++)
                {
                    if ((int)tables.TreeOutput[t] == target) walk.Tree(t);
                }
                mean += backgroundScores[(b * outputCount) + target];
            }
            atBackground[r] = mean / backgroundRows;
            for (var f = 0; f < width; f++) phiAll[(r * width) + f] = phi[f] / backgroundRows;
        });
        return (phiAll, at, atBackground);
    }

        private static float[] Floats(Tensor rows)
    {
        using var cpu = rows.detach().to_type(ScalarType.Float32).cpu().contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>Every output's raw score for one row, as the layer computes it: the bias plus each tree's leaf, in double.</summary>
    private static void Score(TreeTables tables, ReadOnlySpan<float> row, Span<double> scores)
    {
        for (var k = 0; k < scores.Length; k++) scores[k] = tables.Bias[k];
        for (var t = 0; t < tables.Trees; t++)
        {
            var node = 0;
            while (node >= 0) node = Next(tables, t, node, row[(int)tables.SplitFeature[(t * tables.Nodes) + node]]);
            scores[(int)tables.TreeOutput[t]] += tables.LeafValue[(t * tables.Leaves) + ~node];
        }
    }

    /// <summary>The child a value goes to from an internal node: left when at most the threshold, a missing value where the node says.</summary>
    private static int Next(TreeTables tables, int tree, int node, float value)
    {
        var at = (tree * tables.Nodes) + node;
        var left = float.IsNaN(value) ? tables.DefaultLeft[at] > 0.5f : value <= tables.Threshold[at];
        return (int)(left ? tables.LeftChild[at] : tables.RightChild[at]);
    }

    /// <summary>
    /// w[a, b] = a! b! / (a + b + 1)!: the Shapley weight of a coalition holding a of the other deciding features from the
    /// row and b from the background, out of a + b + 1.
    /// </summary>
    private static double[,] ShapleyWeights(int size)
    {
        var w = new double[size + 1, size + 1];
        for (var a = 0; a <= size; a++)
        {
            for (var b = 0; b <= size; b++)
            {
                // a! b! / (a + b + 1)! = 1 / ((a + b + 1) · C(a + b, a)).
                double binomial = 1;
                for (var i = 1; i <= a; i++) binomial = binomial * (b + i) / i;
                w[a, b] = 1.0 / ((a + b + 1) * binomial);
            }
        }
        return w;
    }

    /// <summary>One row walked with one background row through one tree at a time, adding to the row's contributions.</summary>
    private sealed class PairWalk(TreeTables tables, float[] row, double[,] weights, double[] phi)
    {
        private readonly List<int> _fromRow = [];
        private readonly List<int> _fromBackground = [];

        public ReadOnlyMemory<float> Background { get; set; }

        public void Tree(int tree) => Walk(tree, 0);

        private void Walk(int tree, int node)
        {
            if (node < 0)
            {
                Leaf(tables.LeafValue[(tree * tables.Leaves) + ~node]);
                return;
            }
            var feature = (int)tables.SplitFeature[(tree * tables.Nodes) + node];
            var fromRow = Next(tables, tree, node, row[feature]);
            var fromBackground = Next(tables, tree, node, Background.Span[feature]);
            // A feature already taken from one side decides every later split on it the same way.
            if (fromRow == fromBackground || _fromRow.Contains(feature)) Walk(tree, fromRow);
            else if (_fromBackground.Contains(feature)) Walk(tree, fromBackground);
            else
            {
                _fromRow.Add(feature);
                Walk(tree, fromRow);
                _fromRow.RemoveAt(_fromRow.Count - 1);
                _fromBackground.Add(feature);
                Walk(tree, fromBackground);
                _fromBackground.RemoveAt(_fromBackground.Count - 1);
            }
        }

        /// <summary>
        /// The leaf is reached exactly when every row-side feature comes from the row and no background-side one does:
        /// a row-side feature gains the value when it joins the others of its side (a − 1 of them, none of the b), a
        /// background-side feature loses it when it joins all a.
        /// </summary>
        private void Leaf(double value)
        {
            var a = _fromRow.Count;
            var b = _fromBackground.Count;
            if (a > 0)
            {
                var gain = value * weights[a - 1, b];
                foreach (var f in _fromRow) phi[f] += gain;
            }
            if (b > 0)
            {
                var loss = value * weights[a, b - 1];
                foreach (var f in _fromBackground) phi[f] -= loss;
            }
        }
    }
}

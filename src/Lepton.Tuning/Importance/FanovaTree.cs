namespace Lepton.Tuning.Importance;

/// <summary>
/// The functional ANOVA of one regression tree (Hutter et al. 2014): the variance of its prediction over the whole
/// space (uniform in each parameter's domain) and the variance of each parameter's marginal, the prediction averaged
/// over every other parameter. The leaves cut the space into boxes, so both are exact sums over leaves.
/// </summary>
internal sealed class FanovaTree
{
    private readonly FeatureDomain[] domains;
    private readonly List<Leaf> leaves = [];

    public FanovaTree(RegressionTree tree, FeatureDomain[] domains)
    {
        this.domains = domains;
        var low = domains.Select(d => d.Low).ToArray();
        var high = domains.Select(d => d.High).ToArray();
        var sets = domains.Select(d => d.Categorical ? Enumerable.Repeat(true, d.Categories).ToArray() : null).ToArray();
        Collect(tree, 0, low, high, sets);
        Mean = leaves.Sum(l => l.Weight * l.Value);
        Variance = leaves.Sum(l => l.Weight * (l.Value - Mean) * (l.Value - Mean));
    }

    /// <summary>The prediction's mean over the space.</summary>
    public double Mean { get; }

    /// <summary>The prediction's variance over the space.</summary>
    public double Variance { get; }

    /// <summary>The variance of the marginal prediction of feature <paramref name="f"/> over its domain.</summary>
    public double MarginalVariance(int f)
    {
        var (values, weights) = domains[f].Categorical ? CategoryMarginal(f) : NumberMarginal(f);
        var total = weights.Sum();
        if (total <= 0) return 0;
        var mean = values.Zip(weights, (v, w) => v * w).Sum() / total;
        return Math.Max(0, values.Zip(weights, (v, w) => w * (v - mean) * (v - mean)).Sum() / total);
    }

    private (double[] Values, double[] Weights) NumberMarginal(int f)
    {
        // The tree's cuts on f split its domain into intervals on which the marginal is constant.
        var cuts = leaves.SelectMany(l => new[] { l.Low[f], l.High[f] }).Append(domains[f].Low).Append(domains[f].High).Distinct().Order().ToArray();
        var change = new double[cuts.Length];
        foreach (var leaf in leaves)
        {
            var share = leaf.Value * Others(leaf, f);
            change[Array.BinarySearch(cuts, leaf.Low[f])] += share;
            change[Array.BinarySearch(cuts, leaf.High[f])] -= share;
        }
        var values = new double[cuts.Length - 1];
        var weights = new double[cuts.Length - 1];
        double running = 0;
        for (var i = 0; i < values.Length; i++)
        {
            running += change[i];
            values[i] = running;
            weights[i] = cuts[i + 1] - cuts[i];
        }
        return (values, weights);
    }

    private (double[] Values, double[] Weights) CategoryMarginal(int f)
    {
        var values = new double[domains[f].Categories];
        foreach (var leaf in leaves)
        {
            var share = leaf.Value * Others(leaf, f);
            for (var c = 0; c < values.Length; c++)
            {
                if (leaf.Sets[f]![c]) values[c] += share;
            }
        }
        return (values, Enumerable.Repeat(1.0, values.Length).ToArray());
    }

    /// <summary>The share of the other features' space the leaf's box covers.</summary>
    private static double Others(Leaf leaf, int f)
    {
        var product = 1.0;
        for (var g = 0; g < leaf.Fractions.Length; g++)
        {
            if (g != f) product *= leaf.Fractions[g];
        }
        return product;
    }

    private void Collect(RegressionTree tree, int index, double[] low, double[] high, bool[]?[] sets)
    {
        var node = tree.Nodes[index];
        if (node.Feature < 0)
        {
            var fractions = domains.Select((d, g) => d.Single ? 1.0 : d.Categorical ? sets[g]!.Count(s => s) / (double)d.Categories : (high[g] - low[g]) / d.Size).ToArray();
            leaves.Add(new Leaf(node.Value, fractions.Aggregate(1.0, (a, b) => a * b), fractions, (double[])low.Clone(), (double[])high.Clone(), sets));
            return;
        }

        var f = node.Feature;
        if (node.LeftCategories is { } left)
        {
            var (l, r) = ((bool[]?[])sets.Clone(), (bool[]?[])sets.Clone());
            l[f] = sets[f]!.Select((s, c) => s && left[c]).ToArray();
            r[f] = sets[f]!.Select((s, c) => s && !left[c]).ToArray();
            Collect(tree, node.Left, low, high, l);
            Collect(tree, node.Right, low, high, r);
            return;
        }

        var (leftHigh, rightLow) = ((double[])high.Clone(), (double[])low.Clone());
        leftHigh[f] = Math.Clamp(node.Threshold, low[f], high[f]);
        rightLow[f] = leftHigh[f];
        Collect(tree, node.Left, low, leftHigh, sets);
        Collect(tree, node.Right, rightLow, high, sets);
    }

    private sealed record Leaf(double Value, double Weight, double[] Fractions, double[] Low, double[] High, bool[]?[] Sets);
}

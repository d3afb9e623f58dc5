namespace Lepton.Nn.Layers;

/// <summary>
/// One tree of a <see cref="TreeEnsemble"/>, in LightGBM's layout: internal node 0 is the root; node <c>n</c> sends an
/// example to <see cref="LeftChildren"/>[n] when its feature <see cref="SplitFeatures"/>[n] is at most
/// <see cref="Thresholds"/>[n], to <see cref="RightChildren"/>[n] otherwise, and a missing (NaN) value the way
/// <see cref="MissingGoesLeft"/>[n] says. A child index from 0 up is another internal node; a negative one, <c>c</c>,
/// is leaf <c>~c</c> (−1 is leaf 0), whose value the tree adds to output <see cref="Output"/>.
/// </summary>
public sealed class DecisionTree
{
    /// <summary>Creates a tree from its node and leaf arrays (every node array has one entry per internal node).</summary>
    public DecisionTree(
        IReadOnlyList<int> splitFeatures,
        IReadOnlyList<float> thresholds,
        IReadOnlyList<int> leftChildren,
        IReadOnlyList<int> rightChildren,
        IReadOnlyList<bool> missingGoesLeft,
        IReadOnlyList<double> leafValues,
        int output = 0)
    {
        ArgumentNullException.ThrowIfNull(splitFeatures);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(leftChildren);
        ArgumentNullException.ThrowIfNull(rightChildren);
        ArgumentNullException.ThrowIfNull(missingGoesLeft);
        ArgumentNullException.ThrowIfNull(leafValues);
        var nodes = splitFeatures.Count;
        if (nodes < 1) throw new ArgumentException("A decision tree needs at least one internal node (use DecisionTree.Constant for a single leaf).", nameof(splitFeatures));
        foreach (var (count, name) in new[] { (thresholds.Count, nameof(thresholds)), (leftChildren.Count, nameof(leftChildren)), (rightChildren.Count, nameof(rightChildren)), (missingGoesLeft.Count, nameof(missingGoesLeft)) })
        {
            if (count != nodes) throw new ArgumentException($"A decision tree with {nodes} split features has {count} {name}; every node array needs one entry per internal node.", name);
        }
        if (leafValues.Count < 1 || leafValues.Count > nodes + 1)
            throw new ArgumentException($"A decision tree with {nodes} internal nodes has {leafValues.Count} leaf values; it needs from 1 to {nodes + 1}.", nameof(leafValues));
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        SplitFeatures = splitFeatures.ToArray();
        Thresholds = thresholds.ToArray();
        LeftChildren = leftChildren.ToArray();
        RightChildren = rightChildren.ToArray();
        MissingGoesLeft = missingGoesLeft.ToArray();
        LeafValues = leafValues.ToArray();
        Output = output;
    }

    /// <summary>A tree that adds <paramref name="value"/> to output <paramref name="output"/> for every example.</summary>
    public static DecisionTree Constant(double value, int output = 0) => new([0], [0f], [-1], [-1], [true], [value], output);

    /// <summary>The feature each internal node tests.</summary>
    public IReadOnlyList<int> SplitFeatures { get; }

    /// <summary>Each internal node's threshold: values at most this go left.</summary>
    public IReadOnlyList<float> Thresholds { get; }

    /// <summary>Each internal node's left child (a node index, or <c>~leaf</c>).</summary>
    public IReadOnlyList<int> LeftChildren { get; }

    /// <summary>Each internal node's right child (a node index, or <c>~leaf</c>).</summary>
    public IReadOnlyList<int> RightChildren { get; }

    /// <summary>Whether a missing (NaN) value goes left at each internal node.</summary>
    public IReadOnlyList<bool> MissingGoesLeft { get; }

    /// <summary>The value each leaf adds to the tree's output.</summary>
    public IReadOnlyList<double> LeafValues { get; }

    /// <summary>The output (class, for a multiclass ensemble) this tree adds to.</summary>
    public int Output { get; }

    /// <summary>The number of internal nodes.</summary>
    public int NodeCount => SplitFeatures.Count;
}

namespace Lepton.Nn.Layers;

/// <summary>
/// The bounds of the built-in layers' configurations, checked when a layer is constructed, before it creates any
/// tensor. They are far above what a model trained on one machine needs and low enough that no product of them
/// overflows, so a crafted model file is refused with a message instead of crashing the engine. docs/model-file.md
/// lists them per layer.
/// </summary>
internal static class LayerLimits
{
    /// <summary>Units, filters, vector sizes, state sizes, key and value sizes, feed-forward widths: 2^20.</summary>
    public const int MaxWidth = 1 << 20;

    /// <summary>An embedding's number of ids: 2^24.</summary>
    public const int MaxVocabulary = 1 << 24;

    /// <summary>Kernel sizes, pool sizes and strides: 4096.</summary>
    public const int MaxWindow = 4096;

    /// <summary>Attention heads: 1024.</summary>
    public const int MaxHeads = 1024;

    /// <summary>The trees of one <see cref="TreeEnsemble"/>: 100,000.</summary>
    public const int MaxTrees = 100_000;

    /// <summary>The internal nodes of one tree: 2^17 (LightGBM's own limit on leaves).</summary>
    public const int MaxTreeNodes = 1 << 17;

    /// <summary>The internal nodes on a path from a tree's root to a leaf: 64.</summary>
    public const int MaxTreeDepth = 64;

    /// <summary>The nodes of all trees of one ensemble together (trees × (nodes + 1)): 2^26, whose tables fit the 2 GiB weights entry.</summary>
    public const long MaxEnsembleNodes = 1L << 26;

    /// <summary>One dimension of an example's shape (an image side, a sequence length): 2^24.</summary>
    public const long MaxDimension = 1 << 24;

    /// <summary>The rank of an example's shape, batch excluded.</summary>
    public const int MaxRank = 8;

    /// <summary>The elements of one example between two layers (8 GiB of float32): 2^31.</summary>
    public const long MaxExampleElements = 1L << 31;

    /// <summary>The elements of one weight tensor: int.MaxValue (its bytes are copied through one span).</summary>
    public const long MaxTensorElements = int.MaxValue;

    /// <summary>
    /// The shape's problem, or null when every dimension is -1 (unknown) or in [1, <see cref="MaxDimension"/>], the
    /// rank is at most <see cref="MaxRank"/> and the known dimensions hold at most <see cref="MaxExampleElements"/>.
    /// </summary>
    public static string? ShapeProblem(IReadOnlyList<long> dims)
    {
        if (dims.Count > MaxRank) return $"has {dims.Count} dimensions, more than the {MaxRank} a layer takes";
        long elements = 1;
        foreach (var d in dims)
        {
            if (d == -1) continue;
            if (d < 1 || d > MaxDimension) return $"has a dimension of {d}; each must be -1 (unknown) or from 1 to {MaxDimension}";
            elements *= d;
            if (elements > MaxExampleElements) return $"holds more than {MaxExampleElements} elements per example";
        }
        return null;
    }
}

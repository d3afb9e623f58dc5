namespace Lepton.Export.Compression;

/// <summary>Where <see cref="Pruning"/> ranks weights by magnitude.</summary>
public enum PruningScope
{
    /// <summary>Each kernel loses the same fraction of its own smallest weights (TensorFlow Model Optimization's way).</summary>
    PerLayer,

    /// <summary>One ranking over every pruned kernel together: layers with many small weights lose more of them.</summary>
    Global,
}

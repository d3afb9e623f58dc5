namespace Lepton.Training.Specs;

/// <summary>A spec's <c>combiner</c>: the concatenated features go through fully connected layers, then one head per output.</summary>
internal sealed class CombinerSpec
{
    /// <summary>Only concat: the features side by side.</summary>
    public string? Type { get; set; }

    /// <summary>Units of each hidden layer, in order; empty for a linear model.</summary>
    public List<int>? FcLayers { get; set; }

    /// <summary>With <see cref="OutputSize"/>, another way to write <see cref="FcLayers"/>: this many layers of that size.</summary>
    public int? NumFcLayers { get; set; }

    public int? OutputSize { get; set; }

    public double? Dropout { get; set; }

    /// <summary>none, batch or layer: a normalization after each hidden layer.</summary>
    public string? Norm { get; set; }

    /// <summary>The hidden layers' activation (relu, tanh, gelu, …).</summary>
    public string? Activation { get; set; }
}

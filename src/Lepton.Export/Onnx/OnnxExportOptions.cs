namespace Lepton.Export.Onnx;

/// <summary>How <see cref="OnnxExport"/> writes a model.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The lowest ONNX opset the exporter writes: every operator it uses exists in this form from here.</summary>
    public const int MinOpset = 13;

    /// <summary>The highest ONNX opset the exporter writes (and the default).</summary>
    public const int MaxOpset = 17;

    private int _opset = MaxOpset;

    /// <summary>
    /// The ONNX operator set version, from <see cref="MinOpset"/> to <see cref="MaxOpset"/> (17 by default). Below 17,
    /// LayerNorm is written as the operators LayerNormalization stands for.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The version is outside that range.</exception>
    public int Opset
    {
        get => _opset;
        set => _opset = value is >= MinOpset and <= MaxOpset
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"The ONNX opset must be from {MinOpset} to {MaxOpset}, but was {value}.");
    }

    /// <summary>
    /// For a multi-task model (its spec lists output heads, <see cref="Nn.Models.OutputHead"/>): one output per head, named
    /// after it, instead of the one output vector that holds them side by side. Ignored for a model without heads.
    /// </summary>
    public bool OutputPerHead { get; set; }

    /// <summary>
    /// For a model trained on a table (its file holds the fitted pipeline): write only the network, whose input is the
    /// pipeline's feature columns, instead of the whole model from raw columns to class probabilities.
    /// </summary>
    public bool NetworkOnly { get; set; }

    /// <summary>
    /// For a whole table model: number columns as float32 inputs instead of double. The pipeline computes in double
    /// either way, but a value a float cannot hold (31.6) then reaches it already rounded, and a tree whose threshold
    /// sits at that value may go the other way than in Lepton; doubles give Lepton's answers exactly.
    /// </summary>
    public bool TableFloatInputs { get; set; }

    /// <summary>The name of the batch dimension in the file's input and output shapes.</summary>
    public string BatchDimension { get; set; } = "batch";
}

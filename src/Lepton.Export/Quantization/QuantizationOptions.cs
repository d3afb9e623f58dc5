namespace Lepton.Export.Quantization;

/// <summary>How <see cref="OnnxQuantizer"/> quantizes a graph.</summary>
public sealed class QuantizationOptions
{
    /// <summary>
    /// One int8 scale per output column or channel of each weight (the default) instead of one per tensor: a column of
    /// small weights keeps its resolution beside a column of large ones.
    /// </summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>
    /// The calibrated ranges of the values convolutions read and write (from <see cref="OnnxCalibrator"/>); without
    /// them convolutions stay float, since their activations are quantized statically.
    /// </summary>
    public IReadOnlyDictionary<string, ActivationRange>? Calibration { get; init; }

    /// <summary>
    /// Writes LSTMs as ONNX Runtime's <c>com.microsoft.DynamicQuantizeLSTM</c> (the default). That operator is ONNX
    /// Runtime's own, so a file holding it runs in ONNX Runtime only; turn this off for a file of standard operators.
    /// </summary>
    public bool QuantizeLstm { get; init; } = true;
}

namespace Lepton.Export.Quantization;

/// <summary>A quantized ONNX graph and what was quantized in it.</summary>
/// <param name="Bytes">The quantized ONNX file's bytes.</param>
/// <param name="Nodes">Every weighted node of the float graph (Gemm, MatMul with a weight, Conv, recurrent), quantized or not, with the reason.</param>
/// <param name="UsesOnnxRuntimeOperators">Whether the file holds ONNX Runtime's own operators (<c>com.microsoft</c>), which other ONNX consumers lack.</param>
public sealed record QuantizationResult(byte[] Bytes, IReadOnlyList<QuantizedNode> Nodes, bool UsesOnnxRuntimeOperators)
{
    /// <summary>The nodes that were quantized.</summary>
    public IEnumerable<QuantizedNode> Quantized => Nodes.Where(n => n.IsQuantized);

    /// <summary>The weighted nodes that stay float, each with its reason.</summary>
    public IEnumerable<QuantizedNode> LeftFloat => Nodes.Where(n => !n.IsQuantized);
}

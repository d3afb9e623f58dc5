namespace Lepton.Export.Quantization;

/// <summary>One node of the float graph and what the quantizer did with it.</summary>
/// <param name="Name">The node's name in the float graph.</param>
/// <param name="OpType">Its operator (Gemm, MatMul, Conv, LSTM, GRU, …).</param>
/// <param name="Scheme">How it was quantized ("dynamic int8", "static QDQ int8", "DynamicQuantizeLSTM"), or null when it stays float.</param>
/// <param name="Reason">Why it stays float (null when quantized).</param>
public sealed record QuantizedNode(string Name, string OpType, string? Scheme, string? Reason)
{
    /// <summary>Whether the node was quantized.</summary>
    public bool IsQuantized => Scheme is not null;
}

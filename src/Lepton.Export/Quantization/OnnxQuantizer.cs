using Google.Protobuf;
using Onnx;

namespace Lepton.Export.Quantization;

/// <summary>
/// Quantizes an ONNX graph (as <see cref="Onnx.OnnxExport"/> writes it) to int8 for ONNX Runtime, which has no
/// quantizer of its own in .NET: Dense and attention projections (Gemm, MatMul by a weight) and LSTMs dynamically,
/// convolutions statically in QDQ form from calibrated ranges, embedding tables as int8 rows. Everything else stays float.
/// </summary>
public static class OnnxQuantizer
{
    /// <summary>Quantizes the ONNX file <paramref name="model"/>.</summary>
    /// <exception cref="QuantizationException">The bytes are not an ONNX model, or nothing in it can be quantized with these options (the message lists what stays float and why).</exception>
    public static QuantizationResult Quantize(byte[] model, QuantizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new QuantizationOptions();
        var proto = Parse(model);
        var graph = proto.Graph;
        BatchNormFolding.Apply(graph);
        var rewriter = new GraphRewriter(graph);
        var report = new List<QuantizedNode>();
        foreach (var original in graph.Node.ToList())
        {
            var node = original.Clone();
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (rewriter.Renames.TryGetValue(node.Input[i], out var renamed)) node.Input[i] = renamed;
            }
            var (scheme, reason) = node.OpType switch
            {
                "Gemm" or "MatMul" when IsWeighted(rewriter, original) => (DynamicMatMul.Scheme, DynamicMatMul.TryRewrite(rewriter, original, node.Input[0], options)),
                "Conv" => (ConvolutionQdq.Scheme, ConvolutionQdq.TryRewrite(rewriter, original, node.Input[0], options)),
                "Gather" when EmbeddingGather.IsTable(rewriter, original) => (EmbeddingGather.Scheme, EmbeddingGather.TryRewrite(rewriter, original, node.Input[1])),
                "LSTM" => (DynamicLstm.Scheme, DynamicLstm.TryRewrite(rewriter, original, node.Input[0], options)),
                "GRU" or "RNN" => ("", $"ONNX Runtime has no quantized {node.OpType} operator (its int8 recurrent operator is DynamicQuantizeLSTM)"),
                "ConvTranspose" => ("", "transposed convolutions stay float"),
                _ => (null, "not a weighted operator"),
            };
            if (scheme is not null) report.Add(new QuantizedNode(NameOf(original), original.OpType, reason is null ? scheme : null, reason));
            if (reason is not null) rewriter.Nodes.Add(node);
            rewriter.AfterNode(original.Output);
        }

        if (!report.Any(n => n.IsQuantized))
        {
            var left = report.Count == 0
                ? "it has no Dense, attention, convolution, LSTM or embedding weights"
                : string.Join("; ", report.Select(n => $"{n.Name} ({n.OpType}): {n.Reason}"));
            throw new QuantizationException($"Nothing in the model can be quantized to int8: {left}.");
        }
        graph.Node.Clear();
        graph.Node.Add(rewriter.Nodes);
        DropUnused(graph);
        if (rewriter.UsesMicrosoftDomain && !proto.OpsetImport.Any(o => o.Domain == GraphRewriter.MicrosoftDomain))
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = GraphRewriter.MicrosoftDomain, Version = 1 });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = "int8" });
        return new QuantizationResult(proto.ToByteArray(), report, rewriter.UsesMicrosoftDomain);
    }

    /// <summary>The metadata key (<c>metadata_props</c>) a quantized file carries, with the value <c>int8</c>.</summary>
    public const string MetadataKey = "lepton_quantization";

    /// <summary>
    /// The values of the float graph whose ranges static quantization needs (each convolution's input and output):
    /// what <see cref="OnnxCalibrator"/> records.
    /// </summary>
    public static IReadOnlyList<string> CalibrationTensors(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = Parse(model).Graph;
        BatchNormFolding.Apply(graph);
        var rewriter = new GraphRewriter(graph);
        return graph.Node.Where(n => n.OpType == "Conv").SelectMany(n => ConvolutionQdq.CalibrationTensors(rewriter, n)).Distinct(StringComparer.Ordinal).ToList();
    }

    internal static ModelProto Parse(byte[] model)
    {
        try
        {
            var proto = ModelProto.Parser.ParseFrom(model);
            return proto.Graph is null || proto.Graph.Node.Count == 0 ? throw new QuantizationException("The bytes are not an ONNX model with a graph.") : proto;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new QuantizationException($"The bytes are not an ONNX model: {e.Message}", e);
        }
    }

    private static bool IsWeighted(GraphRewriter graph, NodeProto node) =>
        node.Input.Count > 1 && graph.Initializers.ContainsKey(node.Input[1]);

    private static string NameOf(NodeProto node) => node.Name.Length > 0 ? node.Name : node.Output[0];

    /// <summary>Drops the float initializers no node reads any more (the weights now held as int8).</summary>
    private static void DropUnused(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList()) graph.Initializer.Remove(unused);
    }
}

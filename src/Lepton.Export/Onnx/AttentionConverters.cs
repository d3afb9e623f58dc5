using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="MultiHeadAttention"/> decomposed into standard operators (MatMul/Add projections, Reshape/Transpose into
/// heads, scaled MatMul, the causal mask built for the run's sequence lengths, Softmax, MatMul, Transpose/Reshape back,
/// the output projection), and <see cref="TransformerEncoder"/> as that attention plus its residuals, layer
/// normalizations and feed-forward Dense pair (dropout is the identity at inference). Every operator exists from opset 13.
/// </summary>
internal static class AttentionConverters
{
    public static string MultiHeadAttention(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs) =>
        Attend(graph, (MultiHeadAttention)layer, inputs[0], inputs[^1], layer.Name);

    public static string TransformerEncoder(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var encoder = (TransformerEncoder)layer;
        var name = encoder.Name;
        var (attention, attentionNorm, feedForward, projection, feedForwardNorm) = Parts(encoder);
        var input = inputs[0];

        // Post-norm: x = LayerNorm(x + Attention(x)); x = LayerNorm(x + Dense(Dense(x))).
        var attended = Attend(graph, attention, input, input, $"{name}/{attention.Name}");
        var x = NormalizationConverters.LayerNorm(graph, attentionNorm,
            [graph.Node("Add", [input, attended], $"{name}/attention_residual")]);
        var hidden = Project(graph, feedForward, x, $"{name}/{feedForward.Name}");
        hidden = ActivationConverter.Apply(graph, feedForward.Activation, hidden, $"{name}/{feedForward.Name}") ?? hidden;
        var transformed = Project(graph, projection, hidden, $"{name}/{projection.Name}");
        return NormalizationConverters.LayerNorm(graph, feedForwardNorm,
            [graph.Node("Add", [x, transformed], $"{name}/feed_forward_residual")]);
    }

    /// <summary>The encoder's sub-layers, found by the names it registers them under.</summary>
    private static (MultiHeadAttention, LayerNorm, Dense, Dense, LayerNorm) Parts(TransformerEncoder encoder)
    {
        T Part<T>(string name) where T : Layer =>
            encoder.named_children().FirstOrDefault(c => c.name == name).module as T
            ?? throw LayerConverters.Unsupported(encoder, $"it has no {typeof(T).Name} '{name}' (is it built?)");
        return (Part<MultiHeadAttention>("attention"), Part<LayerNorm>("attention_norm"), Part<Dense>("feed_forward"),
                Part<Dense>("projection"), Part<LayerNorm>("feed_forward_norm"));
    }

    /// <summary>Scaled dot-product attention of <paramref name="query"/> over <paramref name="value"/> (also the key).</summary>
    private static string Attend(OnnxGraphBuilder graph, MultiHeadAttention attention, string query, string value, string name)
    {
        var projections = attention.named_children().ToDictionary(c => c.name, c => c.module as Dense);
        Dense Projection(string part) => projections.GetValueOrDefault(part)
            ?? throw LayerConverters.Unsupported(attention, $"it has no projection '{part}' (is it built?)");

        // (N, T, heads·size) → (N, heads, T, size).
        string Heads(string projected, int size, string part)
        {
            var split = graph.Node("Reshape", [projected, graph.Int64s(0, 0, attention.NumHeads, size)], $"{name}/{part}_split");
            return graph.Node("Transpose", [split], $"{name}/{part}_heads", Ints("perm", 0, 2, 1, 3));
        }

        var q = Heads(Project(graph, Projection("query"), query, $"{name}/query"), attention.KeyDim, "query");
        var k = Heads(Project(graph, Projection("key"), value, $"{name}/key"), attention.KeyDim, "key");
        var v = Heads(Project(graph, Projection("value"), value, $"{name}/value"), attention.ValueDim, "value");

        var keysT = graph.Node("Transpose", [k], $"{name}/key_transposed", Ints("perm", 0, 1, 3, 2));
        var products = graph.Node("MatMul", [q, keysT], $"{name}/products");
        var scores = graph.Node("Mul", [products, graph.Scalar((float)(1 / Math.Sqrt(attention.KeyDim)))], $"{name}/scores");
        if (attention.UseCausalMask) scores = CausalMask(graph, scores, name);
        var weights = graph.Node("Softmax", [scores], $"{name}/weights", Int("axis", -1));
        var attended = graph.Node("MatMul", [weights, v], $"{name}/attended");
        var stepsFirst = graph.Node("Transpose", [attended], $"{name}/steps_first", Ints("perm", 0, 2, 1, 3));
        var merged = graph.Node("Reshape", [stepsFirst, graph.Int64s(0, 0, attention.NumHeads * attention.ValueDim)], $"{name}/merged");
        return Project(graph, Projection("output"), merged, $"{name}/output");
    }

    /// <summary>
    /// Scores (N, heads, Tq, Tv) with key step j hidden from query step i when j &gt; i (PyTorch's is_causal: the
    /// top-left-aligned lower triangle), built from the run's lengths with Range, so any sequence length works.
    /// </summary>
    private static string CausalMask(OnnxGraphBuilder graph, string scores, string name)
    {
        var shape = graph.Node("Shape", [scores], $"{name}/scores_shape");
        var queryLength = graph.Node("Gather", [shape, graph.Int64(2)], $"{name}/query_length", Int("axis", 0));
        var keyLength = graph.Node("Gather", [shape, graph.Int64(3)], $"{name}/key_length", Int("axis", 0));
        var rows = graph.Node("Range", [graph.Int64(0), queryLength, graph.Int64(1)], $"{name}/query_steps");
        var column = graph.Node("Unsqueeze", [rows, graph.Int64s(1)], $"{name}/query_steps_column");
        var columns = graph.Node("Range", [graph.Int64(0), keyLength, graph.Int64(1)], $"{name}/key_steps");
        var future = graph.Node("Greater", [columns, column], $"{name}/future");
        return graph.Node("Where", [future, graph.Scalar(float.NegativeInfinity), scores], $"{name}/masked_scores");
    }

    /// <summary>A Dense over sequences as MatMul (the kernel transposed to (features, units)) then Add, without activation.</summary>
    private static string Project(OnnxGraphBuilder graph, Dense dense, string input, string name)
    {
        var kernel = graph.Weight(LayerWeights.Get(dense, "weight"), $"{name}.weight", "transposed", w => w.t());
        var y = graph.Node("MatMul", [input, kernel], dense.UseBias ? $"{name}/matmul" : name);
        return dense.UseBias ? graph.Node("Add", [y, graph.Weight(LayerWeights.Get(dense, "bias"), $"{name}.bias")], name) : y;
    }
}

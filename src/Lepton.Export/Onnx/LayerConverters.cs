using Lepton.Nn.Layers;
using Lepton.Nn.Models;

namespace Lepton.Export.Onnx;

/// <summary>
/// Which converter writes each layer type. A new layer family is one converter file plus one line here; the layers
/// not exported yet say why in <see cref="NotYetExported"/>.
/// </summary>
internal static class LayerConverters
{
    private static readonly Dictionary<Type, LayerConverter> Converters = new()
    {
        [typeof(Dense)] = DenseConverter.Convert,
        [typeof(Activation)] = ActivationConverter.Convert,
        [typeof(Dropout)] = ReshapingConverters.Dropout,
        [typeof(Flatten)] = ReshapingConverters.Flatten,
        [typeof(Reshape)] = ReshapingConverters.Reshape,
        [typeof(Add)] = MergeConverters.Add,
        [typeof(Multiply)] = MergeConverters.Multiply,
        [typeof(Concatenate)] = MergeConverters.Concatenate,
        [typeof(WeightedAverage)] = MergeConverters.WeightedAverage,
        [typeof(Conv1D)] = ConvolutionConverters.Convolution,
        [typeof(Conv2D)] = ConvolutionConverters.Convolution,
        [typeof(Conv2DTranspose)] = ConvolutionConverters.Transposed,
        [typeof(MaxPool2D)] = PoolingConverters.MaxPool,
        [typeof(AvgPool2D)] = PoolingConverters.AvgPool,
        [typeof(GlobalAveragePool1D)] = PoolingConverters.GlobalAverage1D,
        [typeof(GlobalAveragePool2D)] = PoolingConverters.GlobalAverage2D,
        [typeof(BatchNorm)] = NormalizationConverters.BatchNorm,
        [typeof(LayerNorm)] = NormalizationConverters.LayerNorm,
        [typeof(Embedding)] = EmbeddingConverters.Embedding,
        [typeof(PositionEmbedding)] = EmbeddingConverters.Position,
        [typeof(SinePositionEncoding)] = EmbeddingConverters.Sine,
        [typeof(UpSampling2D)] = UpSamplingConverter.Convert,
        [typeof(LSTM)] = RecurrentConverters.Recurrent,
        [typeof(GRU)] = RecurrentConverters.Recurrent,
        [typeof(SimpleRNN)] = RecurrentConverters.Recurrent,
        [typeof(Bidirectional)] = RecurrentConverters.Bidirectional,
        [typeof(MultiHeadAttention)] = AttentionConverters.MultiHeadAttention,
        [typeof(TransformerEncoder)] = AttentionConverters.TransformerEncoder,
        [typeof(TreeEnsemble)] = TreeEnsembleConverter.Convert,
    };

    /// <summary>Lepton's own layers that have no converter yet, and why.</summary>
    private static readonly Dictionary<Type, string> NotYetExported = new()
    {
    };

    /// <summary>The layer types the exporter writes, for documentation and tests.</summary>
    public static IReadOnlyCollection<Type> Supported => Converters.Keys;

    /// <summary>Writes <paramref name="layer"/> applied to <paramref name="inputs"/> and returns its output's name.</summary>
    public static string Convert(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        if (layer is Ensembles.Ensemble ensemble) return EnsembleConverter.Convert(graph, ensemble, inputs);
        if (layer is Model model) return ModelConverter.Convert(graph, model, inputs);
        if (!Converters.TryGetValue(layer.GetType(), out var convert))
        {
            throw Unsupported(layer, NotYetExported.TryGetValue(layer.GetType(), out var reason)
                ? reason
                : $"the exporter has no converter for {layer.GetType().Name} (a custom layer has none)");
        }
        if (!layer.IsBuilt) throw Unsupported(layer, "it is not built; run the model once, or give it an input shape");
        var output = convert(graph, layer, inputs);
        graph.Describe(output, layer.OutputShape);
        return output;
    }

    /// <summary>The error for a layer the exporter cannot write: "Layer 'x' (Type) cannot be exported to ONNX: reason."</summary>
    public static OnnxExportException Unsupported(Layer layer, string reason) =>
        new($"Layer '{layer.Name}' ({layer.TypeName}) cannot be exported to ONNX: {reason}.");
}

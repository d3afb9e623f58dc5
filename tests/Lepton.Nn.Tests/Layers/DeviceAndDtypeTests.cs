using Lepton.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class DeviceAndDtypeTests
{
    public static TheoryData<string> LayersWithWeights => new()
    {
        "Dense", "Conv1D", "Conv2D", "BatchNorm", "LayerNorm", "Embedding", "LSTM", "GRU", "MultiHeadAttention", "TransformerEncoder",
        "Conv2DTranspose", "SimpleRNN", "Bidirectional",
    };

    private static (Layer Layer, Shape Input) Create(string kind) => kind switch
    {
        "Dense" => (new Dense(3), new Shape(4)),
        "Conv1D" => (new Conv1D(3, 2), new Shape(2, 5)),
        "Conv2D" => (new Conv2D(3, 3, padding: "same"), new Shape(2, 5, 5)),
        "BatchNorm" => (new BatchNorm(), new Shape(3, 4)),
        "LayerNorm" => (new LayerNorm(), new Shape(3, 4)),
        "Embedding" => (new Embedding(5, 3), new Shape(4)),
        "LSTM" => (new LSTM(3), new Shape(5, 4)),
        "GRU" => (new GRU(3, returnSequences: true), new Shape(5, 4)),
        "MultiHeadAttention" => (new MultiHeadAttention(2, 2), new Shape(5, 4)),
        "Conv2DTranspose" => (new Conv2DTranspose(3, 3, 2, "same"), new Shape(2, 5, 5)),
        "SimpleRNN" => (new SimpleRNN(3, returnSequences: true), new Shape(5, 4)),
        "Bidirectional" => (new Bidirectional(new LSTM(3, returnSequences: true)), new Shape(5, 4)),
        _ => (new TransformerEncoder(2, 8), new Shape(5, 4)),
    };

    [Theory]
    [MemberData(nameof(LayersWithWeights))]
    public void Converting_a_built_layer_keeps_its_weights_registered_under_the_same_names(string kind)
    {
        using var scope = NewDisposeScope();
        var (layer, shape) = Create(kind);
        layer.Build([shape]);
        var before = layer.state_dict().Keys.Order(StringComparer.Ordinal).ToList();

        layer.to(ScalarType.Float64);

        Assert.Equal(before, layer.state_dict().Keys.Order(StringComparer.Ordinal));
        var input = kind == "Embedding" ? ones(2, 4, dtype: ScalarType.Int64) : randn(shape.WithBatch(2), dtype: ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, layer.Forward(input).dtype);
    }
}

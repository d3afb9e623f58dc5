using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class AttentionTests
{
    [Fact]
    public void MultiHeadAttention_self_attention_keeps_the_input_shape()
    {
        var layer = new MultiHeadAttention(2, 3);
        Assert.Equal(new Shape(5, 8), LayerAssert.InfersOutputShape(layer, new Shape(5, 8)));
    }

    [Fact]
    public void MultiHeadAttention_cross_attention_has_the_query_shape()
    {
        var layer = new MultiHeadAttention(2, 4, valueDim: 3);
        using var query = randn(2, 4, 8);
        using var value = randn(2, 6, 5);
        Assert.Equal(new Shape(4, 8), LayerAssert.InfersOutputShape(layer, [new Shape(4, 8), new Shape(6, 5)], [query, value]));
    }

    [Fact]
    public void MultiHeadAttention_computes_softmax_of_scaled_scores_times_values_per_head()
    {
        using var scope = NewDisposeScope();
        var layer = new MultiHeadAttention(2, 3);
        var x = randn(2, 4, 6);
        var actual = layer.Forward(x);

        var w = layer.state_dict();
        Tensor Project(string name, Tensor input) => nn.functional.linear(input, w[$"{name}.weight"], w[$"{name}.bias"]);
        Tensor Heads(Tensor t) => t.reshape(2, 4, 2, 3).transpose(1, 2);
        var q = Heads(Project("query", x));
        var k = Heads(Project("key", x));
        var v = Heads(Project("value", x));
        var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(3)).softmax(-1);
        var expected = Project("output", weights.matmul(v).transpose(1, 2).reshape(2, 4, 6));
        Assert.True(actual.allclose(expected, atol: 1e-5));
    }

    [Fact]
    public void MultiHeadAttention_passes_gradients_and_round_trips()
    {
        var layer = new MultiHeadAttention(2, 3, dropout: 0.1);
        layer.Build([new Shape(4, 8), new Shape(6, 5)]);
        Tensor[] inputs = [randn(2, 4, 8), randn(2, 6, 5)];
        LayerAssert.GradientsFlow(layer, inputs);
        var copy = (MultiHeadAttention)LayerAssert.RoundTrips(layer, inputs);
        Assert.Equal((2, 3, 3, 0.1), (copy.NumHeads, copy.KeyDim, copy.ValueDim, copy.Dropout));
    }

    [Fact]
    public void MultiHeadAttention_rejects_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new MultiHeadAttention(2, 3), new Shape(8));
        LayerAssert.RejectsShapes(new MultiHeadAttention(2, 3), new Shape(4, 8), new Shape(2, 6, 5));
        var three = Assert.Throws<ShapeMismatchException>(() => new MultiHeadAttention(2, 3, name: "att").Build([new Shape(4, 8), new Shape(4, 8), new Shape(4, 8)]));
        Assert.Contains("'att'", three.Message, StringComparison.Ordinal);
        LayerAssert.RejectsArgument(() => new MultiHeadAttention(0, 3), "MultiHeadAttention", "numHeads");
        LayerAssert.RejectsArgument(() => new MultiHeadAttention(2, 3, dropout: 1), "MultiHeadAttention", "dropout");
    }

    [Fact]
    public void TransformerEncoder_keeps_the_sequence_shape_and_is_deterministic_at_inference()
    {
        var layer = new TransformerEncoder(2, 16);
        Assert.Equal(new Shape(5, 8), LayerAssert.InfersOutputShape(layer, new Shape(5, 8)));
        layer.eval();
        using var x = randn(2, 5, 8);
        using var a = layer.Forward(x);
        using var b = layer.Forward(x);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.True(a.mean([-1]).abs().max().item<float>() < 1e-4, "the block should end in a layer normalization");
    }

    [Fact]
    public void TransformerEncoder_registers_its_sub_layers_under_stable_names()
    {
        var layer = new TransformerEncoder(2, 16, dropout: 0);
        layer.Build([new Shape(5, 8)]);
        var keys = layer.state_dict().Keys.ToList();
        Assert.Contains("attention.query.weight", keys);
        Assert.Contains("feed_forward.weight", keys);
        Assert.Contains("projection.bias", keys);
        Assert.Contains("feed_forward_norm.weight", keys);
        // Attention 4·(8·8+8), feed-forward 8·16+16 and 16·8+8, two norms 2·(8+8).
        Assert.Equal((4 * 72) + 144 + 136 + 32, layer.CountParameters());
    }

    [Fact]
    public void TransformerEncoder_passes_gradients_and_round_trips()
    {
        var layer = new TransformerEncoder(2, 12, dropout: 0.1, activation: "gelu", keyDim: 3);
        layer.Build([new Shape(4, 6)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(4, 6)));
        var copy = (TransformerEncoder)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(4, 6)));
        Assert.Equal(("gelu", 3, 12), (copy.Activation, copy.KeyDim, copy.FeedForwardDim));
    }

    [Fact]
    public void TransformerEncoder_sub_layers_follow_the_training_flag_of_the_block()
    {
        var layer = new TransformerEncoder(2, 8, dropout: 0.5);
        layer.eval();
        using var x = randn(2, 5, 8);
        using var a = layer.Forward(x);
        using var b = layer.Forward(x);
        Assert.True(a.eq(b).all().item<bool>(), "a block built while in evaluation mode must not drop values");
    }

    [Fact]
    public void TransformerEncoder_rejects_bad_shapes_and_arguments()
    {
        var uneven = LayerAssert.RejectsShapes(new TransformerEncoder(4, 8), new Shape(5, 6));
        Assert.Contains("keyDim", uneven.Message, StringComparison.Ordinal);
        LayerAssert.RejectsShapes(new TransformerEncoder(2, 8), new Shape(6));
        LayerAssert.RejectsArgument(() => new TransformerEncoder(2, 0), "TransformerEncoder", "feedForwardDim");
        LayerAssert.RejectsArgument(() => new TransformerEncoder(2, 8, dropout: 1.5), "TransformerEncoder", "dropout");
        LayerAssert.RejectsArgument(() => new TransformerEncoder(2, 8, activation: "swish"), "TransformerEncoder", "swish");
    }
}

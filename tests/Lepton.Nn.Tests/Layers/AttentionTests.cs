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

    /// <summary>Checks that output step t ignores later inputs and follows earlier ones, for a layer over (time steps, 8).</summary>
    private static void AssertCausal(Layer layer)
    {
        using var scope = NewDisposeScope();
        layer.eval();
        var x = randn(2, 6, 8);
        var y = layer.Forward(x);
        for (var t = 0; t < 5; t++)
        {
            var later = x.clone();
            later[.., (t + 1).., ..] = randn(2, 5 - t, 8);
            var changed = layer.Forward(later);
            Assert.True(changed[.., ..(t + 1), ..].allclose(y[.., ..(t + 1), ..], atol: 1e-5), $"{layer.Name}: output up to step {t} changed with later inputs");
            Assert.False(changed[.., (t + 1).., ..].allclose(y[.., (t + 1).., ..], atol: 1e-5), $"{layer.Name}: later outputs ignore later inputs");
        }
        for (var t = 1; t < 6; t++)
        {
            var earlier = x.clone();
            earlier[.., t - 1, ..] = randn(2, 8);
            Assert.False(layer.Forward(earlier)[.., t, ..].allclose(y[.., t, ..], atol: 1e-5), $"{layer.Name}: output {t} ignores input {t - 1}");
        }
    }

    [Fact]
    public void MultiHeadAttention_with_a_causal_mask_lets_step_t_see_only_steps_up_to_t()
    {
        AssertCausal(new MultiHeadAttention(2, 4, useCausalMask: true));

        using var x = randn(1, 6, 8);
        var open = new MultiHeadAttention(2, 4);
        using var y = open.Forward(x);
        using var later = x.clone();
        later[.., 5, ..] = randn(1, 8);
        using var changed = open.Forward(later);
        Assert.False(changed[.., 0, ..].allclose(y[.., 0, ..], atol: 1e-5), "without the mask every step sees the last one");
    }

    [Fact]
    public void MultiHeadAttention_with_a_causal_mask_is_the_masked_softmax()
    {
        using var scope = NewDisposeScope();
        var layer = new MultiHeadAttention(1, 4, useCausalMask: true);
        var x = randn(2, 5, 6);
        var actual = layer.Forward(x);
        var w = layer.state_dict();
        Tensor Project(string name, Tensor input) => nn.functional.linear(input, w[$"{name}.weight"], w[$"{name}.bias"]);
        var scores = Project("query", x).matmul(Project("key", x).transpose(-2, -1)) / 2;
        var future = ones(5, 5, dtype: ScalarType.Bool).triu(1);
        var weights = scores.masked_fill(future, double.NegativeInfinity).softmax(-1);
        var expected = Project("output", weights.matmul(Project("value", x)));
        Assert.True(actual.allclose(expected, atol: 1e-5));
    }

    [Fact]
    public void TransformerEncoder_with_a_causal_mask_lets_step_t_see_only_steps_up_to_t()
    {
        AssertCausal(new TransformerEncoder(2, 16, useCausalMask: true));
    }

    [Fact]
    public void The_causal_mask_is_saved_and_configs_without_it_load_unmasked()
    {
        var attention = new MultiHeadAttention(2, 4, useCausalMask: true);
        attention.Build([new Shape(5, 8)]);
        Assert.True(((MultiHeadAttention)LayerAssert.RoundTrips(attention, LayerAssert.Batch(new Shape(5, 8)))).UseCausalMask);
        var encoder = new TransformerEncoder(2, 16, dropout: 0, useCausalMask: true);
        encoder.Build([new Shape(5, 8)]);
        Assert.True(((TransformerEncoder)LayerAssert.RoundTrips(encoder, LayerAssert.Batch(new Shape(5, 8)))).UseCausalMask);

        // Files written before the flag existed have no use_causal_mask field; unmasked layers still write none.
        Assert.False(new MultiHeadAttention(2, 4).GetConfig().Has("use_causal_mask"));
        Assert.False(new TransformerEncoder(2, 16).GetConfig().Has("use_causal_mask"));
        var old = new LayerConfig("MultiHeadAttention", "old").Set("num_heads", 2).Set("key_dim", 4);
        Assert.False(((MultiHeadAttention)LayerRegistry.Create(old)).UseCausalMask);
    }
}

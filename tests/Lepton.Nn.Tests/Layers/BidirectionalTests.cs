using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class BidirectionalTests
{
    private static Recurrent Create(string kind, int units, bool returnSequences = false, bool bidirectional = false) => kind switch
    {
        "LSTM" => new LSTM(units, returnSequences, bidirectional),
        "GRU" => new GRU(units, returnSequences, bidirectional),
        _ => new SimpleRNN(units, returnSequences: returnSequences, bidirectional: bidirectional),
    };

    [Theory]
    [InlineData("LSTM", false, "concat", new long[] { 8 })]
    [InlineData("LSTM", true, "concat", new long[] { 5, 8 })]
    [InlineData("GRU", false, "sum", new long[] { 4 })]
    [InlineData("GRU", true, "mul", new long[] { 5, 4 })]
    [InlineData("SimpleRNN", true, "ave", new long[] { 5, 4 })]
    public void Bidirectional_concatenates_or_combines_both_directions(string kind, bool returnSequences, string mergeMode, long[] expected)
    {
        var layer = new Bidirectional(Create(kind, 4, returnSequences), mergeMode);
        Assert.Equal(new Shape(expected), LayerAssert.InfersOutputShape(layer, new Shape(5, 3)));
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    [InlineData("SimpleRNN")]
    public void The_last_state_is_the_forward_final_state_beside_the_backward_layer_run_on_the_reversed_sequence(string kind)
    {
        using var scope = NewDisposeScope();
        var layer = new Bidirectional(Create(kind, 4));
        var x = randn(2, 5, 3);
        var output = layer.Forward(x);
        Assert.Equal([2L, 8], output.shape);
        Assert.True(output[.., ..4].allclose(layer.ForwardLayer.Forward(x), atol: 1e-6));
        Assert.True(output[.., 4..].allclose(layer.BackwardLayer.Forward(x.flip(1)), atol: 1e-6));
        Assert.False(output[.., ..4].allclose(output[.., 4..]), "the two directions must have their own weights");
    }

    [Fact]
    public void With_return_sequences_the_backward_outputs_are_put_back_in_time_order()
    {
        using var scope = NewDisposeScope();
        var layer = new Bidirectional(new GRU(4, returnSequences: true));
        var x = randn(2, 5, 3);
        var output = layer.Forward(x);
        Assert.True(output[.., .., 4..].allclose(layer.BackwardLayer.Forward(x.flip(1)).flip(1), atol: 1e-6));

        // The backward half at step t reads steps t … end only: changing step 0 leaves steps 1 … 4 alone.
        var changed = x.clone();
        changed[.., 0, ..] = randn(2, 3);
        var again = layer.Forward(changed);
        Assert.True(again[.., 1.., 4..].allclose(output[.., 1.., 4..], atol: 1e-6));
        Assert.False(again[.., 1.., ..4].allclose(output[.., 1.., ..4], atol: 1e-6));
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("mul")]
    [InlineData("ave")]
    public void Bidirectional_merges_the_directions_element_by_element(string mergeMode)
    {
        using var scope = NewDisposeScope();
        var layer = new Bidirectional(new LSTM(4), mergeMode);
        var x = randn(2, 5, 3);
        var output = layer.Forward(x);
        var forward = layer.ForwardLayer.Forward(x);
        var backward = layer.BackwardLayer.Forward(x.flip(1));
        var expected = mergeMode switch { "sum" => forward + backward, "mul" => forward * backward, _ => (forward + backward) / 2 };
        Assert.True(output.allclose(expected, atol: 1e-6));
    }

    [Fact]
    public void Bidirectional_registers_both_copies_under_stable_names_and_counts_their_weights()
    {
        var layer = new Bidirectional(new LSTM(4, name: "encoder"));
        layer.Build([new Shape(5, 3)]);
        var keys = layer.state_dict().Keys.ToList();
        Assert.Contains("forward.lstm.weight_ih_l0", keys);
        Assert.Contains("backward.lstm.bias_hh_l0", keys);
        Assert.Equal(8, keys.Count);
        // Per direction 4·4·(3 + 4) weights and 2·4·4 biases, as one bidirectional LSTM.
        Assert.Equal(2 * ((16 * 7) + 32), layer.CountParameters());
        var engineBidirectional = new LSTM(4, bidirectional: true);
        engineBidirectional.Build([new Shape(5, 3)]);
        Assert.Equal(engineBidirectional.CountParameters(), layer.CountParameters());
    }

    [Theory]
    [InlineData("LSTM", false)]
    [InlineData("GRU", true)]
    [InlineData("SimpleRNN", true)]
    public void Bidirectional_passes_gradients_and_round_trips_with_the_inner_config(string kind, bool returnSequences)
    {
        var layer = new Bidirectional(Create(kind, 4, returnSequences), "concat");
        layer.Build([new Shape(5, 3)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(5, 3)));
        var copy = (Bidirectional)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(5, 3)));
        Assert.Equal(kind, copy.ForwardLayer.TypeName);
        Assert.Equal(returnSequences, copy.ReturnSequences);
        Assert.Equal(kind, layer.GetConfig().GetConfig("layer").Type);
    }

    [Fact]
    public void Bidirectional_rejects_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new Bidirectional(new LSTM(4)), new Shape(8));
        LayerAssert.RejectsShapes(new Bidirectional(new LSTM(4)), new Shape(5, -1));
        LayerAssert.RejectsArgument(() => new Bidirectional(new LSTM(4, bidirectional: true)), "Bidirectional", "bidirectional");
        LayerAssert.RejectsArgument(() => new Bidirectional(new GRU(4), "max"), "Bidirectional", "mergeMode");
        var built = new GRU(4);
        built.Build([new Shape(5, 3)]);
        LayerAssert.RejectsArgument(() => new Bidirectional(built), "Bidirectional", "built");

        var notRecurrent = new LayerConfig("Bidirectional", "wrapper").Set("layer", new Dense(3).GetConfig());
        var error = Assert.Throws<InvalidDataException>(() => LayerRegistry.Create(notRecurrent));
        Assert.Contains("'wrapper'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a recurrent layer", error.Message, StringComparison.Ordinal);

        var badInner = new LayerConfig("Bidirectional", "wrapper").Set("layer", new LayerConfig("LSTM", "inner").Set("units", 0));
        var invalid = Assert.Throws<InvalidDataException>(() => LayerRegistry.Create(badInner));
        Assert.Contains("'wrapper'", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("'inner'", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("units", invalid.Message, StringComparison.Ordinal);
    }
}

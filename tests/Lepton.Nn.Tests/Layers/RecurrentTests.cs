using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class RecurrentTests
{
    private static Layer Create(string kind, int units, bool returnSequences = false, bool bidirectional = false, string? name = null) =>
        kind == "LSTM" ? new LSTM(units, returnSequences, bidirectional, name) : new GRU(units, returnSequences, bidirectional, name);

    [Theory]
    [InlineData("LSTM", false, false, new long[] { 6 })]
    [InlineData("LSTM", true, false, new long[] { 5, 6 })]
    [InlineData("LSTM", false, true, new long[] { 12 })]
    [InlineData("LSTM", true, true, new long[] { 5, 12 })]
    [InlineData("GRU", false, false, new long[] { 6 })]
    [InlineData("GRU", true, true, new long[] { 5, 12 })]
    public void Recurrent_layers_return_the_last_state_or_every_step(string kind, bool returnSequences, bool bidirectional, long[] expected)
    {
        var layer = Create(kind, 6, returnSequences, bidirectional);
        Assert.Equal(new Shape(expected), LayerAssert.InfersOutputShape(layer, new Shape(5, 3)));
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void Recurrent_layers_accept_sequences_of_unknown_length(string kind)
    {
        var layer = Create(kind, 4, returnSequences: true);
        using var x = randn(2, 7, 3);
        Assert.Equal(new Shape(7, 4), LayerAssert.InfersOutputShape(layer, [new Shape(-1, 3)], [x]));
        Assert.Equal(new Shape(-1, 4), layer.OutputShape);
    }

    [Theory]
    [InlineData("LSTM", false)]
    [InlineData("LSTM", true)]
    [InlineData("GRU", false)]
    [InlineData("GRU", true)]
    public void The_last_state_is_the_forward_last_step_beside_the_backward_first_step(string kind, bool bidirectional)
    {
        using var scope = NewDisposeScope();
        var last = Create(kind, 4, returnSequences: false, bidirectional, name: "rnn");
        var every = Create(kind, 4, returnSequences: true, bidirectional, name: "rnn");
        last.Build([new Shape(5, 3)]);
        every.Build([new Shape(5, 3)]);
        using (no_grad())
        {
            var target = every.state_dict();
            foreach (var (key, value) in last.state_dict()) target[key].copy_(value);
        }

        var x = randn(2, 5, 3);
        var state = last.Forward(x);
        var steps = every.Forward(x);
        var expected = bidirectional
            ? cat([steps[.., -1, ..4], steps[.., 0, 4..]], 1)
            : steps[.., -1, ..];
        Assert.True(state.allclose(expected, atol: 1e-6));
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void Recurrent_weights_are_registered_and_saved(string kind)
    {
        var layer = Create(kind, 4, bidirectional: true);
        layer.Build([new Shape(5, 3)]);
        var keys = layer.state_dict().Keys.ToList();
        var prefix = kind.ToLowerInvariant();
        Assert.Contains($"{prefix}.weight_ih_l0", keys);
        Assert.Contains($"{prefix}.weight_hh_l0_reverse", keys);
        Assert.Equal(layer.parameters().Sum(p => p.numel()), layer.CountParameters());
        Assert.True(layer.CountParameters() > 0);
    }

    [Theory]
    [InlineData("LSTM", false)]
    [InlineData("LSTM", true)]
    [InlineData("GRU", false)]
    [InlineData("GRU", true)]
    public void Recurrent_layers_pass_gradients_and_round_trip(string kind, bool bidirectional)
    {
        var layer = Create(kind, 4, returnSequences: bidirectional, bidirectional);
        layer.Build([new Shape(5, 3)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(5, 3)));
        LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(5, 3)));
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void Recurrent_layers_reject_bad_shapes_and_arguments(string kind)
    {
        LayerAssert.RejectsShapes(Create(kind, 4), new Shape(8));
        LayerAssert.RejectsShapes(Create(kind, 4), new Shape(2, 5, 3));
        LayerAssert.RejectsShapes(Create(kind, 4), new Shape(5, -1));
        LayerAssert.RejectsArgument(() => Create(kind, 0), kind, "units");
    }
}

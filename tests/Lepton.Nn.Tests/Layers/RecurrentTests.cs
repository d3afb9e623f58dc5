using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class RecurrentTests
{
    private static Layer Create(string kind, int units, bool returnSequences = false, bool bidirectional = false, string? name = null) => kind switch
    {
        "LSTM" => new LSTM(units, returnSequences, bidirectional, name),
        "GRU" => new GRU(units, returnSequences, bidirectional, name),
        _ => new SimpleRNN(units, returnSequences: returnSequences, bidirectional: bidirectional, name: name),
    };

    [Theory]
    [InlineData("LSTM", false, false, new long[] { 6 })]
    [InlineData("LSTM", true, false, new long[] { 5, 6 })]
    [InlineData("LSTM", false, true, new long[] { 12 })]
    [InlineData("LSTM", true, true, new long[] { 5, 12 })]
    [InlineData("GRU", false, false, new long[] { 6 })]
    [InlineData("GRU", true, true, new long[] { 5, 12 })]
    [InlineData("SimpleRNN", false, false, new long[] { 6 })]
    [InlineData("SimpleRNN", true, true, new long[] { 5, 12 })]
    public void Recurrent_layers_return_the_last_state_or_every_step(string kind, bool returnSequences, bool bidirectional, long[] expected)
    {
        var layer = Create(kind, 6, returnSequences, bidirectional);
        Assert.Equal(new Shape(expected), LayerAssert.InfersOutputShape(layer, new Shape(5, 3)));
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    [InlineData("SimpleRNN")]
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
    [InlineData("SimpleRNN", true)]
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
    [InlineData("SimpleRNN", false)]
    [InlineData("SimpleRNN", true)]
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
    [InlineData("SimpleRNN")]
    public void Recurrent_layers_reject_bad_shapes_and_arguments(string kind)
    {
        LayerAssert.RejectsShapes(Create(kind, 4), new Shape(8));
        LayerAssert.RejectsShapes(Create(kind, 4), new Shape(2, 5, 3));
        LayerAssert.RejectsShapes(Create(kind, 4), new Shape(5, -1));
        LayerAssert.RejectsArgument(() => Create(kind, 0), kind, "units");
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    public void SimpleRNN_computes_h_t_as_activation_of_W_x_t_plus_U_h_previous_plus_b(string activation)
    {
        using var scope = NewDisposeScope();
        var layer = new SimpleRNN(4, activation, returnSequences: true);
        var x = randn(2, 5, 3);
        var actual = layer.Forward(x);

        var w = layer.state_dict();
        var h = zeros(2, 4);
        var steps = new List<Tensor>();
        for (var t = 0; t < 5; t++)
        {
            var z = nn.functional.linear(x[.., t, ..], w["rnn.weight_ih_l0"], w["rnn.bias_ih_l0"]) + nn.functional.linear(h, w["rnn.weight_hh_l0"], w["rnn.bias_hh_l0"]);
            h = activation == "tanh" ? z.tanh() : nn.functional.relu(z);
            steps.Add(h);
        }
        Assert.True(actual.allclose(stack(steps, 1), atol: 1e-5));
        // One weight matrix per input and state plus two biases: 4·3 + 4·4 + 2·4.
        Assert.Equal(36, layer.CountParameters());
    }

    [Fact]
    public void SimpleRNN_round_trips_its_activation_and_rejects_one_the_engine_lacks()
    {
        var layer = new SimpleRNN(3, "relu");
        layer.Build([new Shape(4, 2)]);
        Assert.Equal("relu", ((SimpleRNN)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(4, 2)))).Activation);
        LayerAssert.RejectsArgument(() => new SimpleRNN(3, "sigmoid"), "SimpleRNN", "activation");
    }
}

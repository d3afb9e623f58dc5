using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class NormalizationTests
{
    [Fact]
    public void BatchNorm_normalizes_over_the_first_example_dimension_for_any_rank()
    {
        Assert.Equal(new Shape(3, 4, 4), LayerAssert.InfersOutputShape(new BatchNorm(), new Shape(3, 4, 4)));
        Assert.Equal(new Shape(3, 6), LayerAssert.InfersOutputShape(new BatchNorm(), new Shape(3, 6)));
        Assert.Equal(new Shape(5), LayerAssert.InfersOutputShape(new BatchNorm(), new Shape(5)));
    }

    [Fact]
    public void BatchNorm_uses_batch_statistics_in_training_and_updates_running_ones()
    {
        using var scope = NewDisposeScope();
        var layer = new BatchNorm(momentum: 0.9);
        layer.train();
        var x = (randn(8, 3, 4, 4) * 3) + 2;
        var y = layer.Forward(x);

        Assert.True(y.mean([0, 2, 3]).abs().max().item<float>() < 1e-4);
        Assert.True((y.var([0, 2, 3], unbiased: false) - 1).abs().max().item<float>() < 1e-2);
        var state = layer.state_dict();
        Assert.True(state["running_mean"].allclose(x.mean([0, 2, 3]) * 0.1, atol: 1e-5));
        Assert.False(state["running_var"].allclose(ones(3)));
    }

    [Fact]
    public void BatchNorm_uses_running_statistics_at_inference()
    {
        using var scope = NewDisposeScope();
        var layer = new BatchNorm(epsilon: 1e-3);
        layer.Build([new Shape(3, 2)]);
        var state = layer.state_dict();
        using (no_grad())
        {
            state["running_mean"].copy_(tensor(new float[] { 1, -2, 0.5f }));
            state["running_var"].copy_(tensor(new float[] { 4, 0.25f, 1 }));
        }
        layer.eval();
        var x = randn(2, 3, 2);
        var y = layer.Forward(x);
        var expected = (x - state["running_mean"].view(1, 3, 1)) / (state["running_var"].view(1, 3, 1) + 1e-3).sqrt();
        Assert.True(y.allclose(expected, atol: 1e-5));
        Assert.True(state["running_mean"].eq(tensor(new float[] { 1, -2, 0.5f })).all().item<bool>());
    }

    [Fact]
    public void BatchNorm_passes_gradients_and_round_trips_with_its_running_statistics()
    {
        var layer = new BatchNorm();
        layer.Build([new Shape(3, 5)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(3, 5), 4));
        Assert.Contains("running_mean", layer.state_dict().Keys);
        Assert.Contains("running_var", layer.state_dict().Keys);
        var copy = (BatchNorm)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(3, 5)));
        Assert.Equal((0.99, 1e-3), (copy.Momentum, copy.Epsilon));
    }

    [Fact]
    public void BatchNorm_rejects_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new BatchNorm(), Shape.Scalar);
        LayerAssert.RejectsShapes(new BatchNorm(), new Shape(-1, 4));
        LayerAssert.RejectsArgument(() => new BatchNorm(momentum: 1.5), "BatchNorm", "momentum");
        LayerAssert.RejectsArgument(() => new BatchNorm(epsilon: 0), "BatchNorm", "epsilon");
    }

    [Fact]
    public void LayerNorm_normalizes_each_position_over_its_last_dimension()
    {
        // A tiny epsilon, so the variance after normalizing is 1 whatever a row's own (random) variance is.
        var layer = new LayerNorm(epsilon: 1e-7);
        Assert.Equal(new Shape(4, 6), LayerAssert.InfersOutputShape(layer, new Shape(4, 6)));
        using var x = (randn(2, 4, 6) * 5) + 3;
        using var y = layer.Forward(x);
        Assert.True(y.mean([-1]).abs().max().item<float>() < 1e-4);
        Assert.True((y.var([-1], unbiased: false) - 1).abs().max().item<float>() < 1e-3);
        Assert.Equal(new Shape(6), LayerAssert.InfersOutputShape(new LayerNorm(), new Shape(6)));
    }

    [Fact]
    public void LayerNorm_passes_gradients_and_round_trips()
    {
        var layer = new LayerNorm(epsilon: 1e-5);
        layer.Build([new Shape(3, 4)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(3, 4)));
        var copy = (LayerNorm)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(3, 4)));
        Assert.Equal(1e-5, copy.Epsilon);
    }

    [Fact]
    public void LayerNorm_rejects_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new LayerNorm(), Shape.Scalar);
        LayerAssert.RejectsShapes(new LayerNorm(), new Shape(4, -1));
        LayerAssert.RejectsArgument(() => new LayerNorm(-1), "LayerNorm", "epsilon");
    }
}

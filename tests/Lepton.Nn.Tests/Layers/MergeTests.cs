using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class MergeTests
{
    [Fact]
    public void Add_sums_inputs_of_one_shape()
    {
        var layer = new Add();
        using var a = randn(2, 3, 4);
        using var b = randn(2, 3, 4);
        using var c = randn(2, 3, 4);
        Assert.Equal(new Shape(3, 4), LayerAssert.InfersOutputShape(layer, [new Shape(3, 4), new Shape(3, 4), new Shape(3, 4)], [a, b, c]));
        using var sum = layer.Forward(a, b, c);
        Assert.True(sum.allclose(a + b + c));
    }

    [Fact]
    public void Add_passes_gradients_to_every_input_and_round_trips()
    {
        using var scope = NewDisposeScope();
        var layer = new Add();
        layer.Build([new Shape(3), new Shape(3)]);
        var a = randn(2, 3).requires_grad_();
        var b = randn(2, 3).requires_grad_();
        layer.Forward(a, b).pow(2).sum().backward();
        Assert.True(a.grad is not null && b.grad is not null);
        Assert.True(a.grad.abs().sum().item<float>() > 0 && b.grad.abs().sum().item<float>() > 0);
        LayerAssert.RoundTrips(layer, randn(2, 3), randn(2, 3));
    }

    [Fact]
    public void Add_names_the_layer_and_the_shapes_when_they_differ()
    {
        var error = LayerAssert.RejectsShapes(new Add(name: "residual"), new Shape(3, 4), new Shape(4, 3));
        Assert.Contains("(None, 3, 4)", error.Message, StringComparison.Ordinal);
        LayerAssert.RejectsShapes(new Add(), new Shape(3));
    }

    [Fact]
    public void Concatenate_joins_along_the_last_axis_by_default()
    {
        var layer = new Concatenate();
        using var a = randn(2, 16);
        using var b = randn(2, 4);
        Assert.Equal(new Shape(20), LayerAssert.InfersOutputShape(layer, [new Shape(16), new Shape(4)], [a, b]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Concatenate_counts_axes_without_the_batch_dimension(int axis)
    {
        var layer = new Concatenate(axis);
        using var a = randn(2, 8, 5, 5);
        using var b = randn(2, 4, 5, 5);
        Assert.Equal(new Shape(12, 5, 5), LayerAssert.InfersOutputShape(layer, [new Shape(8, 5, 5), new Shape(4, 5, 5)], [a, b]));
        using var joined = layer.Forward(a, b);
        Assert.True(joined[.., 8..].eq(b).all().item<bool>());
    }

    [Fact]
    public void Concatenate_passes_gradients_and_round_trips()
    {
        var layer = new Concatenate(axis: 1);
        layer.Build([new Shape(3, 2), new Shape(3, 5)]);
        LayerAssert.GradientsFlow(layer, randn(2, 3, 2), randn(2, 3, 5));
        var copy = (Concatenate)LayerAssert.RoundTrips(layer, randn(2, 3, 2), randn(2, 3, 5));
        Assert.Equal(1, copy.Axis);
    }

    [Fact]
    public void Concatenate_rejects_inputs_that_differ_off_the_axis_or_an_axis_that_does_not_exist()
    {
        LayerAssert.RejectsShapes(new Concatenate(), new Shape(3, 4), new Shape(2, 4));
        LayerAssert.RejectsShapes(new Concatenate(), new Shape(3, 4), new Shape(3));
        var axis = LayerAssert.RejectsShapes(new Concatenate(axis: 2), new Shape(3, 4), new Shape(3, 4));
        Assert.Contains("axis 2", axis.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiply_takes_the_elementwise_product_passes_gradients_and_round_trips()
    {
        using var scope = NewDisposeScope();
        var layer = new Multiply();
        var a = randn(2, 3).requires_grad_();
        var b = randn(2, 3).requires_grad_();
        var c = randn(2, 3);
        Assert.Equal(new Shape(3), LayerAssert.InfersOutputShape(layer, [new Shape(3), new Shape(3), new Shape(3)], [a, b, c]));
        Assert.True(layer.Forward(a, b, c).allclose(a * b * c));
        layer.Forward(a, b, c).sum().backward();
        Assert.True(a.grad is not null && a.grad.allclose(b * c));
        LayerAssert.RoundTrips(layer, randn(2, 3), randn(2, 3), randn(2, 3));
        LayerAssert.RejectsShapes(new Multiply(), new Shape(3), new Shape(4));
    }
}

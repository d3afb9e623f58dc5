using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class ConvolutionTests
{
    [Theory]
    [InlineData(3, 1, "valid", 7, 6, 5, 4)]
    [InlineData(3, 1, "same", 7, 6, 7, 6)]
    [InlineData(3, 2, "same", 7, 6, 4, 3)]
    [InlineData(4, 2, "same", 7, 6, 4, 3)]
    [InlineData(2, 3, "valid", 7, 6, 2, 2)]
    [InlineData(1, 1, "valid", 5, 5, 5, 5)]
    public void Conv2D_infers_the_shape_the_engine_produces(int kernel, int stride, string padding, long height, long width, long outHeight, long outWidth)
    {
        var layer = new Conv2D(4, kernel, stride, padding);
        var shape = LayerAssert.InfersOutputShape(layer, new Shape(2, height, width));
        Assert.Equal(new Shape(4, outHeight, outWidth), shape);
    }

    [Fact]
    public void Conv2D_same_padding_puts_the_odd_pixel_after_as_keras_does()
    {
        var layer = new Conv2D(1, 2, padding: "same", useBias: false, kernelInitializer: "ones");
        using var output = layer.Forward(ones(1, 1, 3, 3));
        Assert.Equal(4f, output[0, 0, 0, 0].item<float>());
        Assert.Equal(1f, output[0, 0, 2, 2].item<float>());
    }

    [Fact]
    public void Conv2D_passes_gradients_to_every_weight()
    {
        var layer = new Conv2D(3, 3, padding: "same");
        layer.Build([new Shape(2, 5, 5)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(2, 5, 5)));
    }

    [Fact]
    public void Conv2D_round_trips_through_its_config()
    {
        var layer = new Conv2D(3, 4, strides: 2, padding: "same", activation: "relu", useBias: false, kernelInitializer: "he_normal");
        layer.Build([new Shape(2, 7, 7)]);
        var copy = (Conv2D)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(2, 7, 7)));
        Assert.Equal(("same", "relu", 2, false), (copy.Padding, copy.Activation, copy.Strides, copy.UseBias));
    }

    [Fact]
    public void Conv2D_rejects_inputs_that_are_not_images()
    {
        LayerAssert.RejectsShapes(new Conv2D(4, 3), new Shape(10));
        LayerAssert.RejectsShapes(new Conv2D(4, 3), new Shape(3, 10));
        var tooSmall = LayerAssert.RejectsShapes(new Conv2D(4, 5), new Shape(1, 3, 3));
        Assert.Contains("same", tooSmall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv2D_rejects_bad_arguments()
    {
        LayerAssert.RejectsArgument(() => new Conv2D(0, 3), "Conv2D", "filters");
        LayerAssert.RejectsArgument(() => new Conv2D(4, 0), "Conv2D", "kernelSize");
        LayerAssert.RejectsArgument(() => new Conv2D(4, 3, strides: -1), "Conv2D", "strides");
        LayerAssert.RejectsArgument(() => new Conv2D(4, 3, padding: "full"), "Conv2D", "padding");
        LayerAssert.RejectsArgument(() => new Conv2D(4, 3, activation: "swish"), "Conv2D", "activation");
        LayerAssert.RejectsArgument(() => new Conv2D(4, 3, kernelInitializer: "random"), "Conv2D", "initializer");
    }

    [Theory]
    [InlineData(3, 1, "valid", 9, 7)]
    [InlineData(3, 1, "same", 9, 9)]
    [InlineData(4, 2, "same", 9, 5)]
    [InlineData(2, 2, "valid", 9, 4)]
    public void Conv1D_infers_the_shape_the_engine_produces(int kernel, int stride, string padding, long length, long outLength)
    {
        var layer = new Conv1D(5, kernel, stride, padding);
        Assert.Equal(new Shape(5, outLength), LayerAssert.InfersOutputShape(layer, new Shape(3, length)));
    }

    [Fact]
    public void Conv1D_accepts_sequences_of_unknown_length()
    {
        var layer = new Conv1D(2, 3, padding: "same");
        using var x = randn(2, 3, 11);
        var shape = LayerAssert.InfersOutputShape(layer, [new Shape(3, -1)], [x]);
        Assert.Equal(new Shape(2, -1), layer.OutputShape);
        Assert.Equal(new Shape(2, 11), shape);
    }

    [Fact]
    public void Conv1D_passes_gradients_and_round_trips()
    {
        var layer = new Conv1D(4, 3, activation: "tanh");
        layer.Build([new Shape(2, 8)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(2, 8)));
        LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(2, 8)));
    }

    [Fact]
    public void Conv1D_rejects_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new Conv1D(4, 3), new Shape(8));
        LayerAssert.RejectsShapes(new Conv1D(4, 3), new Shape(1, 8, 8));
        LayerAssert.RejectsShapes(new Conv1D(4, 9), new Shape(1, 8));
        LayerAssert.RejectsArgument(() => new Conv1D(-2, 3), "Conv1D", "filters");
        LayerAssert.RejectsArgument(() => new Conv1D(2, 3, padding: "causal"), "Conv1D", "padding");
    }
}

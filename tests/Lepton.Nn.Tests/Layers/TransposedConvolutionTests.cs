using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class TransposedConvolutionTests
{
    // Hand-computed from Keras's rules on a (2, 5, 4) input: "valid" (in − 1)·s + k (+ max(s − k, 0)), "same" in·s,
    // and with outputPadding p: "valid" (in − 1)·s + k + p, "same" (in − 1)·s + k mod 2 + p.
    [Theory]
    [InlineData(3, 1, "valid", null, 7, 6)]
    [InlineData(3, 1, "same", null, 5, 4)]
    [InlineData(3, 2, "valid", null, 11, 9)]
    [InlineData(3, 2, "same", null, 10, 8)]
    [InlineData(2, 2, "valid", null, 10, 8)]
    [InlineData(2, 2, "same", null, 10, 8)]
    [InlineData(4, 2, "same", null, 10, 8)]
    [InlineData(2, 1, "same", null, 5, 4)]
    [InlineData(1, 2, "valid", null, 10, 8)]
    [InlineData(1, 2, "same", null, 10, 8)]
    [InlineData(3, 2, "valid", 1, 12, 10)]
    [InlineData(3, 2, "same", 0, 9, 7)]
    [InlineData(3, 2, "same", 1, 10, 8)]
    [InlineData(4, 3, "same", 2, 14, 11)]
    public void Conv2DTranspose_infers_keras_output_sizes(int kernel, int stride, string padding, int? outputPadding, long outHeight, long outWidth)
    {
        var layer = new Conv2DTranspose(3, kernel, stride, padding, outputPadding);
        var shape = LayerAssert.InfersOutputShape(layer, new Shape(2, 5, 4));
        Assert.Equal(new Shape(3, outHeight, outWidth), shape);
    }

    [Theory]
    [InlineData(3, 1, "valid", 0, 0)]
    [InlineData(3, 2, "valid", 0, 0)]
    [InlineData(2, 2, "valid", 0, 0)]
    [InlineData(3, 1, "same", 1, 0)]
    [InlineData(5, 1, "same", 2, 0)]
    [InlineData(4, 2, "same", 1, 0)]
    public void Conv2DTranspose_computes_what_the_engine_transposed_convolution_computes_with_the_same_weights(
        int kernel, int stride, string padding, long torchPadding, long torchOutputPadding)
    {
        using var scope = NewDisposeScope();
        var layer = new Conv2DTranspose(3, kernel, stride, padding, activation: "tanh");
        var x = randn(2, 2, 5, 4);
        var actual = layer.Forward(x);
        var state = layer.state_dict();
        Assert.Equal([2L, 3, kernel, kernel], state["weight"].shape);
        var expected = nn.functional.conv_transpose2d(x, state["weight"], state["bias"], strides: [stride, stride],
                                                      padding: [torchPadding, torchPadding], output_padding: [torchOutputPadding, torchOutputPadding]).tanh();
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, atol: 1e-5));
    }

    [Fact]
    public void Conv2DTranspose_same_with_an_odd_remainder_crops_the_extra_pixel_after_where_conv2d_pads_it()
    {
        // Kernel 3, stride 2: the full transposed convolution has 2·in + 1 rows; Keras (TensorFlow) keeps the first 2·in.
        using var scope = NewDisposeScope();
        var layer = new Conv2DTranspose(2, 3, 2, "same");
        var x = randn(1, 3, 4, 5);
        var actual = layer.Forward(x);
        var state = layer.state_dict();
        var full = nn.functional.conv_transpose2d(x, state["weight"], state["bias"], strides: [2, 2]);
        Assert.True(actual.allclose(full[.., .., ..8, ..10], atol: 1e-5));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    public void Conv2DTranspose_same_is_the_transpose_of_conv2d_same(int kernel, int stride)
    {
        // <Conv2D(x), y> = <x, Conv2DTranspose(y)> when both share one kernel and have no bias.
        using var scope = NewDisposeScope();
        var size = 6 * stride;
        var conv = new Conv2D(3, kernel, stride, "same", useBias: false);
        var transposed = new Conv2DTranspose(2, kernel, stride, "same", useBias: false);
        var x = randn(1, 2, size, size);
        var y = randn(1, 3, 6, 6);
        var convolved = conv.Forward(x);
        transposed.Build([new Shape(3, 6, 6)]);
        using (no_grad()) transposed.state_dict()["weight"].copy_(conv.state_dict()["weight"]);
        var back = transposed.Forward(y);
        Assert.Equal(x.shape, back.shape);
        var left = (convolved * y).sum().item<float>();
        var right = (x * back).sum().item<float>();
        Assert.True(Math.Abs(left - right) <= 1e-4 * Math.Max(1, Math.Abs(left)), $"<conv(x), y> = {left} but <x, transposed(y)> = {right}");
    }

    [Fact]
    public void Conv2DTranspose_passes_gradients_and_round_trips()
    {
        var layer = new Conv2DTranspose(3, 3, strides: 2, padding: "same", outputPadding: 1, activation: "relu", kernelInitializer: "he_normal");
        layer.Build([new Shape(2, 4, 4)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(2, 4, 4)));
        var copy = (Conv2DTranspose)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(2, 4, 4)));
        Assert.Equal(("same", 1, "relu", 2), (copy.Padding, copy.OutputPadding, copy.Activation, copy.Strides));
        // Weights (2·3·3·3) and bias (3).
        Assert.Equal(57, copy.CountParameters());
    }

    [Fact]
    public void Conv2DTranspose_accepts_images_of_unknown_size()
    {
        var layer = new Conv2DTranspose(2, 3, 2, "same");
        using var x = randn(2, 1, 3, 5);
        Assert.Equal(new Shape(2, 6, 10), LayerAssert.InfersOutputShape(layer, [new Shape(1, -1, -1)], [x]));
        Assert.Equal(new Shape(2, -1, -1), layer.OutputShape);
    }

    [Fact]
    public void Conv2DTranspose_rejects_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new Conv2DTranspose(4, 3), new Shape(10));
        LayerAssert.RejectsShapes(new Conv2DTranspose(4, 3), new Shape(3, 10));
        LayerAssert.RejectsShapes(new Conv2DTranspose(4, 3), new Shape(-1, 5, 5));
        var empty = LayerAssert.RejectsShapes(new Conv2DTranspose(4, 2, 2, "same", outputPadding: 0), new Shape(1, 1, 1));
        Assert.Contains("outputPadding", empty.Message, StringComparison.Ordinal);
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(0, 3), "Conv2DTranspose", "filters");
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(4, 0), "Conv2DTranspose", "kernelSize");
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(4, 3, strides: 0), "Conv2DTranspose", "strides");
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(4, 3, padding: "causal"), "Conv2DTranspose", "padding");
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(4, 3, strides: 2, outputPadding: 2), "Conv2DTranspose", "outputPadding");
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(4, 3, outputPadding: -1), "Conv2DTranspose", "outputPadding");
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(4, 3, activation: "swish"), "Conv2DTranspose", "activation");
        LayerAssert.RejectsArgument(() => new Conv2DTranspose(4, 3, kernelInitializer: "random"), "Conv2DTranspose", "initializer");
    }
}

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
        LayerAssert.RejectsArgument(() => new Conv1D(2, 3, padding: "full"), "Conv1D", "padding");
        LayerAssert.RejectsArgument(() => new Conv1D(2, 3, dilationRate: 0), "Conv1D", "dilationRate");
    }

    [Theory]
    [InlineData(3, 1, 1, 9)]
    [InlineData(3, 2, 1, 9)]
    [InlineData(2, 4, 1, 9)]
    [InlineData(3, 1, 2, 5)]
    [InlineData(4, 3, 2, 5)]
    public void Conv1D_causal_padding_keeps_the_length_divided_by_the_stride(int kernel, int dilation, int stride, long outLength)
    {
        var layer = new Conv1D(2, kernel, stride, "causal", dilationRate: dilation);
        Assert.Equal(new Shape(2, outLength), LayerAssert.InfersOutputShape(layer, new Shape(3, 9)));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(2, 4)]
    public void Conv1D_causal_output_at_t_reads_only_inputs_up_to_t(int kernel, int dilation)
    {
        using var scope = NewDisposeScope();
        var layer = new Conv1D(2, kernel, padding: "causal", dilationRate: dilation);
        var x = randn(2, 3, 12);
        var y = layer.Forward(x);
        var reach = dilation * (kernel - 1);
        for (var t = 0; t < 12; t++)
        {
            if (t < 11)
            {
                var later = x.clone();
                later[.., .., (t + 1)..] = randn(2, 3, 11 - t);
                Assert.True(layer.Forward(later)[.., .., ..(t + 1)].allclose(y[.., .., ..(t + 1)], atol: 1e-6), $"output up to step {t} changed with later inputs");
            }

            // The oldest input step t reaches, t − dilation·(kernel − 1), does move it.
            if (t < reach) continue;
            var earlier = x.clone();
            earlier[.., .., t - reach] += 1;
            Assert.False(layer.Forward(earlier)[.., .., t].allclose(y[.., .., t], atol: 1e-6), $"output {t} ignores input {t - reach}");
        }
    }

    [Fact]
    public void Conv1D_causal_is_a_valid_convolution_of_the_sequence_left_padded_by_the_dilated_span()
    {
        using var scope = NewDisposeScope();
        var layer = new Conv1D(4, 3, padding: "causal", dilationRate: 2);
        var x = randn(2, 3, 10);
        var actual = layer.Forward(x);
        var w = layer.state_dict();
        var expected = nn.functional.conv1d(nn.functional.pad(x, [4, 0]), w["weight"], w["bias"], dilation: 2);
        Assert.True(actual.allclose(expected, atol: 1e-6));
    }

    [Theory]
    [InlineData("valid", 9, 5)]
    [InlineData("same", 9, 9)]
    public void Dilation_widens_the_kernel_span_for_valid_and_same(string padding, long length, long outLength)
    {
        Assert.Equal(new Shape(2, outLength), LayerAssert.InfersOutputShape(new Conv1D(2, 3, padding: padding, dilationRate: 2), new Shape(3, length)));
        Assert.Equal(new Shape(2, outLength, outLength), LayerAssert.InfersOutputShape(new Conv2D(2, 3, padding: padding, dilationRate: 2), new Shape(3, length, length)));
        var tooSmall = LayerAssert.RejectsShapes(new Conv1D(2, 3, dilationRate: 5), new Shape(3, 9));
        Assert.Contains("dilated by 5", tooSmall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dilated_and_causal_convolutions_round_trip_and_old_configs_need_no_dilation_rate()
    {
        var causal = new Conv1D(3, 2, padding: "causal", dilationRate: 4, activation: "relu");
        causal.Build([new Shape(2, 10)]);
        LayerAssert.GradientsFlow(causal, LayerAssert.Batch(new Shape(2, 10)));
        var copy = (Conv1D)LayerAssert.RoundTrips(causal, LayerAssert.Batch(new Shape(2, 10)));
        Assert.Equal(("causal", 4), (copy.Padding, copy.DilationRate));

        var dilated = new Conv2D(3, 3, padding: "same", dilationRate: 2);
        dilated.Build([new Shape(2, 7, 7)]);
        LayerAssert.RoundTrips(dilated, LayerAssert.Batch(new Shape(2, 7, 7)));
        Assert.False(new Conv2D(3, 3).GetConfig().Has("dilation_rate"));
    }

    [Fact]
    public void Conv2D_refuses_causal_padding_which_only_sequences_have()
    {
        LayerAssert.RejectsArgument(() => new Conv2D(4, 3, padding: "causal"), "Conv2D", "padding");
        var error = Assert.ThrowsAny<ArgumentException>(() => new Conv1D(4, 3, padding: "full"));
        Assert.Contains("causal", error.Message, StringComparison.Ordinal);
    }
}

using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class PoolingTests
{
    public static TheoryData<int, int?, string, long, long> Pools => new()
    {
        { 2, null, "valid", 3, 3 },
        { 2, null, "same", 4, 4 },
        { 3, 1, "same", 7, 7 },
        { 3, 2, "valid", 3, 3 },
        { 2, 3, "same", 3, 3 },
    };

    [Theory]
    [MemberData(nameof(Pools))]
    public void MaxPool2D_infers_the_shape_the_engine_produces(int pool, int? strides, string padding, long outHeight, long outWidth)
    {
        var shape = LayerAssert.InfersOutputShape(new MaxPool2D(pool, strides, padding), new Shape(2, 7, 7));
        Assert.Equal(new Shape(2, outHeight, outWidth), shape);
    }

    [Theory]
    [MemberData(nameof(Pools))]
    public void AvgPool2D_infers_the_shape_the_engine_produces(int pool, int? strides, string padding, long outHeight, long outWidth)
    {
        var shape = LayerAssert.InfersOutputShape(new AvgPool2D(pool, strides, padding), new Shape(2, 7, 7));
        Assert.Equal(new Shape(2, outHeight, outWidth), shape);
    }

    [Fact]
    public void Same_padding_never_lets_the_border_win_or_dilute_the_average()
    {
        using var negative = -1 - rand(2, 1, 3, 3);
        using var maxed = new MaxPool2D(2, padding: "same").Forward(negative);
        Assert.True(maxed.isfinite().all().item<bool>());
        Assert.True(maxed.lt(-1).all().item<bool>());

        using var averaged = new AvgPool2D(2, padding: "same").Forward(ones(2, 1, 3, 3));
        Assert.True(averaged.eq(1).all().item<bool>());
    }

    [Fact]
    public void Pooling_layers_pass_gradients_to_their_input()
    {
        var shape = new Shape(2, 5, 5);
        Layer[] layers = [new MaxPool2D(2, padding: "same"), new AvgPool2D(3, 2, "same"), new GlobalAveragePool2D()];
        foreach (var layer in layers)
        {
            layer.Build([shape]);
            LayerAssert.GradientsFlow(layer, LayerAssert.Batch(shape));
        }
    }

    [Fact]
    public void Pooling_layers_round_trip_through_their_config()
    {
        var shape = new Shape(2, 6, 6);
        Layer[] layers = [new MaxPool2D(3, 2, "same"), new AvgPool2D(2), new GlobalAveragePool2D()];
        foreach (var layer in layers)
        {
            layer.Build([shape]);
            LayerAssert.RoundTrips(layer, LayerAssert.Batch(shape));
        }
    }

    [Fact]
    public void MaxPool2D_gives_the_values_and_gradients_of_the_plain_engine_pool_including_NaN()
    {
        // MaxPool2D runs the pool on channels-last memory for speed; the tensor it returns must be the one the default
        // kernel gives: the same maxima, NaN where a window holds NaN, and the gradient routed to the same element.
        LeptonRuntime.Seed(3);
        using var input = randn(4, 8, 9, 9);
        input[1, 2, 3, 3] = float.NaN;
        input[2, 5, 0, 0] = float.NegativeInfinity;
        using var leaf = input.clone().requires_grad_(true);
        using var reference = input.clone().requires_grad_(true);
        var layer = new MaxPool2D(3, 2);
        layer.Build([new Shape(8, 9, 9)]);

        using var pooled = layer.Forward(leaf);
        using var expected = nn.functional.max_pool2d(reference, [3, 3], strides: [2, 2]);
        Assert.Equal(expected.shape, pooled.shape);
        Assert.True(pooled.isnan().eq(expected.isnan()).all().item<bool>());
        Assert.True(pooled.nan_to_num().eq(expected.nan_to_num()).all().item<bool>());

        using var upstream = randn(expected.shape);
        pooled.backward([upstream]);
        expected.backward([upstream]);
        Assert.True(leaf.grad!.eq(reference.grad!).all().item<bool>());
    }

    [Fact]
    public void GlobalAveragePool2D_averages_each_channel()
    {
        var layer = new GlobalAveragePool2D();
        Assert.Equal(new Shape(3), LayerAssert.InfersOutputShape(layer, new Shape(3, 4, 5)));
        using var x = randn(2, 3, 4, 5);
        using var y = layer.Forward(x);
        Assert.True(y.allclose(x.mean([2, 3])));
    }

    [Fact]
    public void Pooling_layers_reject_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new MaxPool2D(), new Shape(16));
        LayerAssert.RejectsShapes(new AvgPool2D(), new Shape(4, 16));
        LayerAssert.RejectsShapes(new GlobalAveragePool2D(), new Shape(4, 16));
        LayerAssert.RejectsShapes(new MaxPool2D(4), new Shape(1, 3, 3));
        LayerAssert.RejectsArgument(() => new MaxPool2D(0), "MaxPool2D", "poolSize");
        LayerAssert.RejectsArgument(() => new AvgPool2D(2, 0), "AvgPool2D", "strides");
        LayerAssert.RejectsArgument(() => new AvgPool2D(2, padding: "reflect"), "AvgPool2D", "padding");
    }
}

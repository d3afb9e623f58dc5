using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class UpSamplingTests
{
    [Fact]
    public void UpSampling2D_multiplies_height_and_width_by_its_factors()
    {
        Assert.Equal(new Shape(3, 8, 10), LayerAssert.InfersOutputShape(new UpSampling2D(), new Shape(3, 4, 5)));
        Assert.Equal(new Shape(3, 8, 15), LayerAssert.InfersOutputShape(new UpSampling2D((2, 3)), new Shape(3, 4, 5)));
        Assert.Equal(new Shape(3, 12, 15), LayerAssert.InfersOutputShape(new UpSampling2D(3, "bilinear"), new Shape(3, 4, 5)));
    }

    [Fact]
    public void UpSampling2D_nearest_repeats_each_pixel()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4, 5);
        var y = new UpSampling2D((2, 3)).Forward(x);
        Assert.True(y.eq(x.repeat_interleave(2, 2).repeat_interleave(3, 3)).all().item<bool>());
    }

    [Fact]
    public void UpSampling2D_bilinear_interpolates_between_pixel_centres_as_keras_does()
    {
        // A row [0, 1] doubled: output centres sit at input coordinates −0.25, 0.25, 0.75, 1.25, clamped at the border.
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 0, 1 }).reshape(1, 1, 1, 2);
        var y = new UpSampling2D(2, "bilinear").Forward(x);
        var expected = tensor(new float[] { 0, 0.25f, 0.75f, 1 }).reshape(1, 1, 1, 4).expand(1, 1, 2, 4);
        Assert.True(y.allclose(expected, atol: 1e-6));
    }

    [Fact]
    public void UpSampling2D_passes_gradients_and_round_trips()
    {
        foreach (var layer in new[] { new UpSampling2D((2, 3)), new UpSampling2D(2, "bilinear") })
        {
            layer.Build([new Shape(2, 3, 3)]);
            LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(2, 3, 3)));
            var copy = (UpSampling2D)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(2, 3, 3)));
            Assert.Equal((layer.Size, layer.Interpolation), (copy.Size, copy.Interpolation));
            Assert.Equal(0, copy.CountParameters());
        }
    }

    [Fact]
    public void UpSampling2D_rejects_bad_shapes_and_arguments()
    {
        LayerAssert.RejectsShapes(new UpSampling2D(), new Shape(4, 16));
        LayerAssert.RejectsShapes(new UpSampling2D(), new Shape(1, 4, 4, 4));
        LayerAssert.RejectsArgument(() => new UpSampling2D(0), "UpSampling2D", "size");
        LayerAssert.RejectsArgument(() => new UpSampling2D((2, -1)), "UpSampling2D", "size");
        LayerAssert.RejectsArgument(() => new UpSampling2D(2, "bicubic"), "UpSampling2D", "interpolation");
    }
}

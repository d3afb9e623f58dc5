using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class DropoutTests
{
    [Fact]
    public void Dropout_is_the_identity_at_inference()
    {
        var layer = new Dropout(0.5);
        layer.eval();
        using var x = randn(4, 10);
        using var y = layer.Forward(x);
        Assert.True(y.eq(x).all().item<bool>());
    }

    [Fact]
    public void Dropout_drops_about_rate_of_the_values_in_training_and_scales_the_rest()
    {
        var layer = new Dropout(0.3);
        layer.train();
        using var x = ones(10, 1000);
        using var y = layer.Forward(x);
        var dropped = y.eq(0).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(dropped, 0.27f, 0.33f);
        using var kept = y.masked_select(y.ne(0));
        Assert.True(kept.allclose(full_like(kept, 1 / 0.7)));
    }

    [Fact]
    public void Dropout_keeps_the_shape_passes_gradients_and_round_trips()
    {
        var layer = new Dropout(0.25);
        Assert.Equal(new Shape(3, 4), LayerAssert.InfersOutputShape(layer, new Shape(3, 4)));
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(3, 4)));
        var copy = (Dropout)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(3, 4)));
        Assert.Equal(0.25, copy.Rate);
    }

    [Fact]
    public void Dropout_rejects_rates_outside_zero_to_one()
    {
        LayerAssert.RejectsArgument(() => new Dropout(1.0), "Dropout", "rate");
        LayerAssert.RejectsArgument(() => new Dropout(-0.1), "Dropout", "rate");
    }
}

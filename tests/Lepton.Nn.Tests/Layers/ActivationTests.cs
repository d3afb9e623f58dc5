using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class ActivationTests
{
    [Fact]
    public void Activation_applies_the_named_function()
    {
        var layer = new Activation("relu");
        Assert.Equal(new Shape(2, 3), LayerAssert.InfersOutputShape(layer, new Shape(2, 3)));
        using var x = randn(4, 2, 3);
        using var y = layer.Forward(x);
        Assert.True(y.eq(x.relu()).all().item<bool>());
    }

    [Fact]
    public void Activation_passes_gradients_and_round_trips()
    {
        var layer = new Activation("tanh");
        layer.Build([new Shape(5)]);
        LayerAssert.GradientsFlow(layer, LayerAssert.Batch(new Shape(5)));
        var copy = (Activation)LayerAssert.RoundTrips(layer, LayerAssert.Batch(new Shape(5)));
        Assert.Equal("tanh", copy.FunctionName);
    }

    [Fact]
    public void Activation_rejects_unknown_names()
    {
        LayerAssert.RejectsArgument(() => new Activation("swish"), "Activation", "swish");
    }
}

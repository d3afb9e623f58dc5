using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class ReshapingTests
{
    [Fact]
    public void Flatten_lays_each_example_out_as_a_vector()
    {
        Assert.Equal(new Shape(60), LayerAssert.InfersOutputShape(new Flatten(), new Shape(3, 4, 5)));
        Assert.Equal(new Shape(7), LayerAssert.InfersOutputShape(new Flatten(), new Shape(7)));

        var open = new Flatten();
        using var x = randn(2, 3, 6);
        var actual = LayerAssert.InfersOutputShape(open, [new Shape(3, -1)], [x]);
        Assert.Equal(new Shape(-1), open.OutputShape);
        Assert.Equal(new Shape(18), actual);
    }

    [Fact]
    public void Reshape_fills_in_its_one_unknown_dimension()
    {
        Assert.Equal(new Shape(4, 3), LayerAssert.InfersOutputShape(new Reshape([4, -1]), new Shape(12)));
        Assert.Equal(new Shape(2, 3, 2), LayerAssert.InfersOutputShape(new Reshape([2, 3, 2]), new Shape(3, 4)));
    }

    [Fact]
    public void Flatten_and_Reshape_pass_gradients_and_round_trip()
    {
        var shape = new Shape(2, 3, 2);
        Layer[] layers = [new Flatten(), new Reshape([-1, 2])];
        foreach (var layer in layers)
        {
            layer.Build([shape]);
            LayerAssert.GradientsFlow(layer, LayerAssert.Batch(shape));
            LayerAssert.RoundTrips(layer, LayerAssert.Batch(shape));
        }
    }

    [Fact]
    public void Reshape_rejects_targets_that_do_not_fit()
    {
        var error = LayerAssert.RejectsShapes(new Reshape([5, -1]), new Shape(12));
        Assert.Contains("(5, -1)", error.Message, StringComparison.Ordinal);
        LayerAssert.RejectsShapes(new Reshape([5, 2]), new Shape(2, 6));
        LayerAssert.RejectsArgument(() => new Reshape([-1, -1]), "Reshape", "-1");
        LayerAssert.RejectsArgument(() => new Reshape([0, 4]), "Reshape", "positive");
    }
}

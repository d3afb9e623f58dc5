using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class TextLayerTests
{
    [Fact]
    public void GlobalAveragePool1D_averages_every_step_or_only_the_steps_whose_id_is_not_padding()
    {
        using var scope = NewDisposeScope();
        var sequence = tensor(new float[] { 1, 10, 3, 30, 100, 1000, 5, 50, 7, 70, 9, 90 }, [2, 3, 2]);
        var ids = tensor(new float[] { 4, 7, 0, 2, 0, 0 }, [2, 3]);

        var all = new GlobalAveragePool1D().Forward(sequence).data<float>().ToArray();
        var masked = new GlobalAveragePool1D().Forward(sequence, ids).data<float>().ToArray();

        Assert.Equal([34.67f, 346.67f, 7f, 70f], all.Select(v => MathF.Round(v, 2)));
        Assert.Equal([2f, 20f, 5f, 50f], masked);
    }

    [Fact]
    public void GlobalAveragePool1D_infers_its_shape_round_trips_and_refuses_ids_of_another_length()
    {
        using var scope = NewDisposeScope();
        var sequence = LayerAssert.Batch(new Shape(5, 4));
        var ids = randint(0, 3, [2, 5]).to(ScalarType.Float32);
        var pool = new GlobalAveragePool1D();
        Assert.Equal(new Shape(4), LayerAssert.InfersOutputShape(pool, [new Shape(5, 4), new Shape(5)], [sequence, ids]));
        LayerAssert.RoundTrips(pool, sequence, ids);
        LayerAssert.RejectsShapes(new GlobalAveragePool1D(), new Shape(5, 4), new Shape(6));
        LayerAssert.RejectsShapes(new GlobalAveragePool1D(), new Shape(5));
    }

    [Fact]
    public void PositionEmbedding_gives_one_learned_vector_per_position_for_any_batch_and_round_trips()
    {
        using var scope = NewDisposeScope();
        var layer = new PositionEmbedding(6);
        var x = LayerAssert.Batch(new Shape(4, 3), batch: 3);
        Assert.Equal(new Shape(4, 3), LayerAssert.InfersOutputShape(layer, [new Shape(4, 3)], [x]));
        var output = layer.Forward(x);
        Assert.True(output[0].eq(output[2]).all().item<bool>(), "every example gets the same position vectors");
        Assert.False(output[0][0].eq(output[0][1]).all().item<bool>(), "positions differ");
        LayerAssert.GradientsFlow(layer, x);
        LayerAssert.RoundTrips(layer, x);
        LayerAssert.RejectsShapes(new PositionEmbedding(3), new Shape(4, 3));
    }

    [Fact]
    public void SinePositionEncoding_gives_sines_on_even_features_and_cosines_on_odd_ones()
    {
        using var scope = NewDisposeScope();
        var layer = new SinePositionEncoding();
        Assert.Equal(new Shape(7, 6), LayerAssert.InfersOutputShape(layer, new Shape(7, 6)));
        var y = layer.Forward(randn(3, 7, 6));
        Assert.Equal([3L, 7, 6], y.shape);
        for (var p = 0; p < 7; p++)
        {
            for (var i = 0; i < 6; i++)
            {
                var angle = p * Math.Pow(10_000, -2.0 * (i / 2) / 6);
                var expected = i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);
                Assert.Equal(expected, y[2, p, i].item<float>(), 5);
            }
        }
        Assert.True(y[0].eq(y[2]).all().item<bool>(), "every example gets the same encoding");
    }

    [Fact]
    public void SinePositionEncoding_takes_any_length_has_no_weights_and_round_trips()
    {
        var layer = new SinePositionEncoding(maxWavelength: 100);
        using var x = randn(2, 30, 4);
        Assert.Equal(new Shape(30, 4), LayerAssert.InfersOutputShape(layer, [new Shape(-1, 4)], [x]));
        Assert.Equal(0, layer.CountParameters());
        Assert.Equal(100, ((SinePositionEncoding)LayerAssert.RoundTrips(layer, x)).MaxWavelength);
        LayerAssert.RejectsShapes(new SinePositionEncoding(), new Shape(4));
        LayerAssert.RejectsShapes(new SinePositionEncoding(), new Shape(4, -1));
        LayerAssert.RejectsArgument(() => new SinePositionEncoding(0), "SinePositionEncoding", "maxWavelength");
    }
}

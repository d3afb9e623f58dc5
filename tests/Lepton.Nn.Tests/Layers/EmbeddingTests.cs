using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class EmbeddingTests
{
    private static Tensor Ids(long batch, long length, long vocabulary) => randint(vocabulary, [batch, length], dtype: ScalarType.Int64);

    [Fact]
    public void Embedding_maps_ids_to_vectors()
    {
        var layer = new Embedding(10, 4);
        using var ids = Ids(3, 5, 10);
        var shape = LayerAssert.InfersOutputShape(layer, [new Shape(5)], [ids]);
        Assert.Equal(new Shape(5, 4), shape);

        using var vectors = layer.Forward(ids);
        var table = layer.state_dict()["embeddings"];
        Assert.True(vectors[1, 2].eq(table[ids[1, 2].item<long>()]).all().item<bool>());
    }

    [Fact]
    public void Embedding_accepts_ids_stored_as_floats()
    {
        var layer = new Embedding(10, 3);
        using var ids = Ids(2, 4, 10);
        using var fromLongs = layer.Forward(ids);
        using var floats = ids.to(ScalarType.Float32);
        using var fromFloats = layer.Forward(floats);
        Assert.True(fromLongs.eq(fromFloats).all().item<bool>());
    }

    [Fact]
    public void Embedding_fails_clearly_on_ids_outside_its_vocabulary()
    {
        var layer = new Embedding(10, 3, name: "words");
        layer.Build([new Shape(3)]);
        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(tensor(new long[,] { { 1, 10, 2 } })));
        Assert.Contains("'words'", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("10", tooLarge.Message, StringComparison.Ordinal);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(tensor(new float[,] { { 1, -1, 2 } })));
        Assert.Contains("-1", negative.Message, StringComparison.Ordinal);
        var fractional = Assert.Throws<ArgumentException>(() => layer.Forward(tensor(new float[,] { { 1, 2.5f, 2 } })));
        Assert.Contains("'words'", fractional.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_passes_gradients_and_round_trips()
    {
        var layer = new Embedding(8, 3);
        layer.Build([new Shape(4)]);
        LayerAssert.GradientsFlow(layer, Ids(2, 4, 8));
        var copy = (Embedding)LayerAssert.RoundTrips(layer, Ids(2, 4, 8));
        Assert.Equal((8, 3), (copy.InputDim, copy.OutputDim));
    }

    [Fact]
    public void Embedding_rejects_bad_arguments()
    {
        LayerAssert.RejectsArgument(() => new Embedding(0, 3), "Embedding", "inputDim");
        LayerAssert.RejectsArgument(() => new Embedding(5, 0), "Embedding", "outputDim");
    }
}

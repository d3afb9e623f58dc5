using Lepton.Data;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Compression;

/// <summary>A small synthetic classification task: Gaussian blobs, one per class, around fixed random centres.</summary>
internal static class Blobs
{
    public static TensorDataset Make(int count, int features, int classes, long seed, double spread = 1.0)
    {
        var generator = new Generator((ulong)seed);
        var centres = randn([classes, features], generator: new Generator(7)) * 2.0;
        var labels = randint(0, classes, [count], dtype: ScalarType.Int64, generator: generator);
        var points = centres.index_select(0, labels) + (randn([count, features], generator: generator) * spread);
        return new TensorDataset(points, labels);
    }
}

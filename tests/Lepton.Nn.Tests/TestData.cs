using Lepton.Data;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests;

/// <summary>Small deterministic datasets for training tests.</summary>
internal static class TestData
{
    /// <summary>Two classes split by the sign of x0 + x1, in <paramref name="features"/> dimensions.</summary>
    public static TensorDataset Separable(int count = 512, int features = 4, long seed = 7)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var x = randn([count, features], generator: generator);
        var y = (x[.., 0] + x[.., 1] > 0).to(ScalarType.Int64);
        return new TensorDataset(x, y, ["negative", "positive"]);
    }
}

using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Losses;

internal static class TensorAssert
{
    public static void Close(double[] expected, Tensor actual, double tolerance = 1e-5)
    {
        var values = actual.to_type(ScalarType.Float64).cpu().flatten().data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {values[i]}");
    }
}

using TorchSharp;

namespace Lepton.Data.Tests.Augmentation;

internal static class ImageAssert
{
    /// <summary>Asserts two tensors have one shape and values within <paramref name="tolerance"/>.</summary>
    public static void Close(torch.Tensor expected, torch.Tensor actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= tolerance, $"largest difference {difference} exceeds {tolerance}");
    }

    /// <summary>A (1, 1, h, w) image from rows of values.</summary>
    public static torch.Tensor Image(float[,] rows) =>
        torch.tensor(rows.Cast<float>().ToArray(), [1, 1, rows.GetLength(0), rows.GetLength(1)]);

    public static Batch BatchOf(torch.Tensor images) =>
        new([images], torch.arange(images.shape[0], dtype: torch.int64));
}

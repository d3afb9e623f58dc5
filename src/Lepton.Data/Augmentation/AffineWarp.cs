using TorchSharp;
using static TorchSharp.torch.nn.functional;

namespace Lepton.Data.Augmentation;

/// <summary>Resamples image batches through per-example affine maps, filling uncovered pixels with zeros.</summary>
internal static class AffineWarp
{
    static AffineWarp() => NativeInitializer.Run();

    /// <summary>
    /// Rotates each image about its centre by its angle in degrees, counter-clockwise as displayed (rows down,
    /// columns right), keeping pixels square on non-square images.
    /// </summary>
    public static torch.Tensor Rotate(torch.Tensor images, float[] degrees)
    {
        var (height, width) = (images.shape[2], images.shape[3]);
        var theta = new float[degrees.Length * 6];
        for (var i = 0; i < degrees.Length; i++)
        {
            var radians = degrees[i] * Math.PI / 180;
            var (sin, cos) = Math.SinCos(radians);
            // Output pixel → source pixel in normalised [-1, 1] coordinates; the aspect factors undo the normalisation.
            theta[i * 6 + 0] = (float)cos;
            theta[i * 6 + 1] = (float)(-sin * height / width);
            theta[i * 6 + 3] = (float)(sin * width / height);
            theta[i * 6 + 4] = (float)cos;
        }
        return Warp(images, theta);
    }

    /// <summary>Shifts each image right by <paramref name="dx"/> and down by <paramref name="dy"/> pixels.</summary>
    public static torch.Tensor Translate(torch.Tensor images, float[] dx, float[] dy)
    {
        var (height, width) = (images.shape[2], images.shape[3]);
        var theta = new float[dx.Length * 6];
        for (var i = 0; i < dx.Length; i++)
        {
            theta[i * 6 + 0] = 1;
            theta[i * 6 + 2] = -2 * dx[i] / width;
            theta[i * 6 + 4] = 1;
            theta[i * 6 + 5] = -2 * dy[i] / height;
        }
        return Warp(images, theta);
    }

    private static torch.Tensor Warp(torch.Tensor images, float[] theta)
    {
        var n = images.shape[0];
        var maps = torch.tensor(theta, [n, 2, 3], device: images.device).to_type(images.dtype);
        var grid = affine_grid(maps, images.shape, align_corners: false);
        return grid_sample(images, grid, torch.GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Zeros, align_corners: false);
    }
}

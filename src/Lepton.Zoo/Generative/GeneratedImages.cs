using Lepton.Data.Datasets;
using Lepton.Data.Images;
using static TorchSharp.torch;

namespace Lepton.Zoo.Generative;

/// <summary>Fashion-MNIST-sized images (generated samples, reconstructions) as one grid PNG.</summary>
internal static class GeneratedImages
{
    /// <summary>Writes <paramref name="images"/> (N, 1, H, W) with pixels in [0, 1] as a grid <paramref name="columns"/> wide.</summary>
    public static string SaveGrid(Tensor images, int columns, string path)
    {
        using var scope = NewDisposeScope();
        var count = (int)images.shape[0];
        var rows = new List<Tensor>();
        for (var from = 0; from < count; from += columns)
        {
            var row = Enumerable.Range(from, Math.Min(columns, count - from)).Select(i => images[i].clamp(0, 1)).ToList();
            while (row.Count < columns) row.Add(zeros_like(images[0]));
            rows.Add(cat([.. row], 2));
        }
        var grid = cat([.. rows], 1).cpu();
        var format = FashionMnist.ImageFormat;
        new ImageFormat { Channels = 1, Height = (int)grid.shape[1], Width = (int)grid.shape[2], Scale = format.Scale, DarkBackground = format.DarkBackground }
            .SavePng(grid, path);
        return path;
    }
}

using Lepton.Data.Images;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands.Explain;

/// <summary>
/// An image and its attributions side by side as one PNG: on the left the image in grey, on the right the same grey
/// with red where pixels raise the explained output and blue where they lower it, scaled to the 99th percentile of the
/// attributions' size; enlarged with square pixels to about 224 pixels high.
/// </summary>
internal static class AttributionOverlay
{
    public static void Save(Tensor image, Tensor attribution, string path)
    {
        using var scope = NewDisposeScope();
        var height = image.shape[1];
        var width = image.shape[2];
        var grey = image.to_type(ScalarType.Float32).mean([0]).clamp(0, 1);
        var perPixel = attribution.to_type(ScalarType.Float32).sum([0]);
        var scale = perPixel.abs().flatten().quantile(tensor(0.99f)).item<float>();
        var heat = scale > 0 ? (perPixel / scale).clamp(-1, 1) : zeros_like(perPixel);
        var positive = heat.clamp(0, 1);
        var negative = (-heat).clamp(0, 1);
        var dim = grey * 0.55f;
        var overlay = stack([dim + (positive * 0.45f), dim, dim + (negative * 0.45f)]);
        var left = stack([grey, grey, grey]);
        var gap = ones(3, height, 2);
        var pair = cat([left, gap, overlay], 2);
        var factor = Math.Max(1, 224 / Math.Max(height, width));
        var large = pair.repeat_interleave(factor, 1).repeat_interleave(factor, 2);
        var format = new ImageFormat { Channels = 3, Height = (int)large.shape[1], Width = (int)large.shape[2] };
        format.SavePng(large, path);
    }
}

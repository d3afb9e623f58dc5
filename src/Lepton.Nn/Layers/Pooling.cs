using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>The shape rules and "same" padding shared by <see cref="MaxPool2D"/> and <see cref="AvgPool2D"/>.</summary>
internal static class Pooling
{
    public static Shape OutputShape(Layer layer, Shape input, int poolSize, int strides, string padding)
    {
        if (input.Rank != 3)
            throw LayerChecks.WrongInput(layer, input, "(channels, height, width)");
        var height = ConvPadding.OutputLength(input[1], poolSize, strides, padding);
        var width = ConvPadding.OutputLength(input[2], poolSize, strides, padding);
        if (height == 0 || width == 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(layer)}: its {poolSize}x{poolSize} window does not fit input of shape {input.ToBatchString()}; use padding \"same\" or a smaller pool size.");
        return new Shape(input[0], height, width);
    }

    /// <summary>The batch (N, C, H, W) padded for "same" pooling with <paramref name="value"/>; the input itself when no padding is needed.</summary>
    public static Tensor PadSame(Tensor input, int poolSize, int strides, double value)
    {
        var (top, bottom) = ConvPadding.SameAmounts(input.shape[2], poolSize, strides);
        var (left, right) = ConvPadding.SameAmounts(input.shape[3], poolSize, strides);
        if (top + bottom + left + right == 0) return input.alias();
        return nn.functional.pad(input, [left, right, top, bottom], PaddingModes.Constant, value);
    }
}

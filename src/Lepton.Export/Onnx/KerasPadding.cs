namespace Lepton.Export.Onnx;

/// <summary>
/// Keras's padding names and how much "same" pads on each side, as Lepton's convolution and pooling layers apply them
/// (Lepton.Nn's ConvPadding, which is internal to it): the total a window needs, the smaller half before, the odd extra
/// one after. The verification tests hold the two to the same numbers.
/// </summary>
internal static class KerasPadding
{
    public const string Valid = "valid";
    public const string Same = "same";
    public const string Causal = "causal";

    /// <summary>The padding "same" adds before and after an input of <paramref name="input"/> elements.</summary>
    public static (long Before, long After) SameAmounts(long input, long window, int stride)
    {
        var output = (input + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + window - input, 0);
        return (total / 2, total - (total / 2));
    }
}

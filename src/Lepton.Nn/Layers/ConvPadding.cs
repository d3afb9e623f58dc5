namespace Lepton.Nn.Layers;

/// <summary>
/// Keras's "valid" (no padding), "same" (pad so the output is <c>ceil(input / stride)</c> long) and, for 1-D
/// convolutions, "causal" (pad only before, so no output sees a later input) for convolutions and pooling: output
/// lengths, and how much to pad on each side (the extra one goes after).
/// </summary>
internal static class ConvPadding
{
    public const string Valid = "valid";
    public const string Same = "same";
    public const string Causal = "causal";

    public static string Validate(Layer layer, string padding, bool allowCausal = false)
    {
        ArgumentNullException.ThrowIfNull(padding);
        var normalized = padding.ToLowerInvariant();
        if (normalized is Valid or Same || (allowCausal && normalized == Causal)) return normalized;
        var known = allowCausal ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\"";
        throw new ArgumentException($"{LayerChecks.Describe(layer)}: unknown padding '{padding}'; use {known}.", nameof(padding));
    }

    /// <summary>The output length; -1 when the input length is unknown, 0 when the window does not fit.</summary>
    public static long OutputLength(long input, long window, int stride, string padding)
    {
        if (input < 0) return -1;
        if (padding is Same or Causal) return (input + stride - 1) / stride;
        return input < window ? 0 : ((input - window) / stride) + 1;
    }

    /// <summary>The padding "same" adds before and after an input of <paramref name="input"/> elements.</summary>
    public static (long Before, long After) SameAmounts(long input, long window, int stride)
    {
        var output = (input + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + window - input, 0);
        return (total / 2, total - (total / 2));
    }
}

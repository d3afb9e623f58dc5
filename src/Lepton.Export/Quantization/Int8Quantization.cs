namespace Lepton.Export.Quantization;

/// <summary>
/// The arithmetic of ONNX Runtime's int8 schemes: weights symmetric int8 (zero point 0, range ±127), activations
/// asymmetric uint8 with a range stretched to hold 0 (so 0 is exact, as padding and ReLU need), biases int32 at the
/// product of the input's and the weight's scales.
/// </summary>
internal static class Int8Quantization
{
    /// <summary>
    /// Quantizes <paramref name="weights"/> symmetrically, one scale per channel: channel <c>c</c> holds the elements
    /// <c>i</c> with <c>(i / inner) % channels == c</c>, so a row-major tensor's axis of size <paramref name="channels"/>
    /// with <paramref name="inner"/> elements after it is the channel axis. One channel is per-tensor quantization.
    /// </summary>
    public static (sbyte[] Values, float[] Scales) Symmetric(float[] weights, int channels, long inner)
    {
        var maxima = new float[channels];
        for (var i = 0; i < weights.Length; i++)
        {
            var c = (int)(i / inner % channels);
            maxima[c] = MathF.Max(maxima[c], MathF.Abs(weights[i]));
        }
        // An all-zero channel gets scale 1: any scale represents its zeros exactly.
        var scales = maxima.Select(m => m > 0 ? m / 127f : 1f).ToArray();
        var values = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var q = MathF.Round(weights[i] / scales[(int)(i / inner % channels)], MidpointRounding.ToEven);
            values[i] = (sbyte)Math.Clamp(q, -127f, 127f);
        }
        return (values, scales);
    }

    /// <summary>The uint8 scale and zero point of an activation whose calibrated range is <paramref name="range"/>.</summary>
    public static (float Scale, byte ZeroPoint) Asymmetric(ActivationRange range)
    {
        var min = MathF.Min(range.Min, 0f);
        var max = MathF.Max(range.Max, 0f);
        if (!float.IsFinite(min) || !float.IsFinite(max) || max - min <= 0) return (1f, 0);
        var scale = (max - min) / 255f;
        var zero = MathF.Round(-min / scale, MidpointRounding.ToEven);
        return (scale, (byte)Math.Clamp(zero, 0f, 255f));
    }

    /// <summary>A bias as int32 at scale <c>inputScale × weightScale[c]</c> per output channel, and those scales.</summary>
    public static (int[] Values, float[] Scales) Bias(float[] bias, float inputScale, float[] weightScales)
    {
        var scales = new float[bias.Length];
        var values = new int[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            scales[c] = inputScale * weightScales[weightScales.Length == 1 ? 0 : c];
            values[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)scales[c], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }
        return (values, scales);
    }
}

namespace Lepton.Export.Quantization;

/// <summary>The smallest and largest value a tensor took over the calibration samples.</summary>
/// <param name="Min">The smallest value seen.</param>
/// <param name="Max">The largest value seen.</param>
public readonly record struct ActivationRange(float Min, float Max)
{
    /// <summary>This range widened to hold <paramref name="other"/> too.</summary>
    public ActivationRange Union(ActivationRange other) => new(MathF.Min(Min, other.Min), MathF.Max(Max, other.Max));
}

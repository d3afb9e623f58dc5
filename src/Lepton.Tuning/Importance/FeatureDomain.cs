using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Importance;

/// <summary>
/// A parameter as the forest sees it: a number in the scale it is sampled in (log-scaled ranges in log space, an integer
/// or a stepped value owning the half step either side), or a choice's index among <see cref="Categories"/>.
/// </summary>
internal readonly record struct FeatureDomain(bool Categorical, double Low, double High, int Categories)
{
    /// <summary>The measure of the whole domain: its length, or its number of categories.</summary>
    public double Size => Categorical ? Categories : High - Low;

    /// <summary>Whether the parameter can take one value only, so it cannot explain anything.</summary>
    public bool Single => Categorical ? Categories < 2 : !(High > Low);

    public static FeatureDomain Of(Distribution distribution) => distribution switch
    {
        CategoricalDistribution c => new(true, 0, c.Count - 1, c.Count),
        FloatDistribution { Log: true } f => new(false, Math.Log(f.Low), Math.Log(f.High), 0),
        FloatDistribution f => f.Low == f.High ? new(false, f.Low, f.High, 0) : new(false, f.Low - (f.Step ?? 0) / 2, f.High + (f.Step ?? 0) / 2, 0),
        IntDistribution { Log: true } i => i.Low == i.High ? new(false, 0, 0, 0) : new(false, Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), 0),
        IntDistribution i => i.Low == i.High ? new(false, i.Low, i.High, 0) : new(false, i.Low - i.Step / 2.0, i.High + i.Step / 2.0, 0),
        _ => throw new ArgumentException($"Unknown distribution {distribution}.", nameof(distribution)),
    };

    /// <summary>The feature value of a parameter's internal value, inside the domain; null for a choice index out of range.</summary>
    public double? Encode(Distribution distribution, double internalValue)
    {
        if (Categorical) return internalValue >= 0 && internalValue < Categories && internalValue == Math.Floor(internalValue) ? internalValue : null;
        var x = distribution is FloatDistribution { Log: true } or IntDistribution { Log: true } ? Math.Log(Math.Max(internalValue, double.Epsilon)) : internalValue;
        return double.IsNaN(x) ? null : Math.Clamp(x, Low, High);
    }
}

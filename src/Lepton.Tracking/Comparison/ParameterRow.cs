namespace Lepton.Tracking.Comparison;

/// <summary>One parameter across the compared runs.</summary>
/// <param name="Key">The parameter's name.</param>
/// <param name="Values">Each run's value, in the comparison's run order; null where a run lacks it.</param>
public sealed record ParameterRow(string Key, IReadOnlyList<string?> Values)
{
    /// <summary>Whether the runs differ in it (a run lacking it differs from one having it).</summary>
    public bool Differs { get; } = Values.Distinct(StringComparer.Ordinal).Skip(1).Any();
}

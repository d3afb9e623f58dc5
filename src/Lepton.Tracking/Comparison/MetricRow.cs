namespace Lepton.Tracking.Comparison;

/// <summary>One metric's final value across the compared runs, and which is best.</summary>
/// <param name="Key">The metric's name.</param>
/// <param name="Direction">Which way it improves: as the runs recorded it, else as its name suggests.</param>
/// <param name="Values">Each run's latest value, in the comparison's run order; null where a run lacks it.</param>
public sealed record MetricRow(string Key, MetricDirection Direction, IReadOnlyList<double?> Values)
{
    /// <summary>
    /// The index of the best value, or null when there is nothing to choose: the metric has no direction, fewer than
    /// two runs have it, their values are all equal, or none is finite. NaN and ±∞ (a diverged run) are never best.
    /// </summary>
    public int? Best { get; } = BestOf(Direction, Values);

    /// <summary>Whether the run at <paramref name="index"/> has the best value (runs tied with it too).</summary>
    public bool IsBest(int index) => Best is { } best && Values[index] is { } value && value == Values[best];

    private static int? BestOf(MetricDirection direction, IReadOnlyList<double?> values)
    {
        if (direction == MetricDirection.None) return null;
        var present = values.Select((v, i) => (Value: v, Index: i)).Where(x => x.Value is not null).Select(x => (Value: x.Value!.Value, x.Index)).ToList();
        if (present.Count < 2 || present.Select(x => x.Value).Distinct().Count() < 2) return null;
        var finite = present.Where(x => double.IsFinite(x.Value)).ToList();
        if (finite.Count == 0) return null;
        return (direction == MetricDirection.Maximize ? finite.MaxBy(x => x.Value) : finite.MinBy(x => x.Value)).Index;
    }
}

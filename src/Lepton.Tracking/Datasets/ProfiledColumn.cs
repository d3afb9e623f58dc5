using System.Text.Json.Serialization;

namespace Lepton.Tracking.Datasets;

/// <summary>One column of a <see cref="DatasetProfile"/>.</summary>
public sealed class ProfiledColumn
{
    /// <summary>The column's name.</summary>
    public required string Name { get; init; }

    /// <summary>Its kind as the data layer inferred it: integer, float, boolean, categorical, text, datetime, identifier, … (lowercase).</summary>
    public required string Kind { get; init; }

    /// <summary>Values present.</summary>
    public required long Count { get; init; }

    /// <summary>Values missing.</summary>
    public required long Missing { get; init; }

    /// <summary>Distinct values present (an estimate for very many).</summary>
    public required long Distinct { get; init; }

    /// <summary>Mean (numbers; the share of true for booleans).</summary>
    public double? Mean { get; init; }

    /// <summary>Sample standard deviation (numbers).</summary>
    public double? StandardDeviation { get; init; }

    /// <summary>Smallest value (numbers).</summary>
    public double? Min { get; init; }

    /// <summary>Largest value (numbers).</summary>
    public double? Max { get; init; }

    /// <summary>The values at 0 %, 1 %, …, 100 % (numbers; <see cref="DatasetProfile.PercentileCount"/> of them, rising), or null.</summary>
    public IReadOnlyList<double>? Percentiles { get; init; }

    /// <summary>An equal-width histogram between <see cref="Min"/> and <see cref="Max"/> (numbers), for showing.</summary>
    public IReadOnlyList<ProfileBin> Histogram { get; init; } = [];

    /// <summary>The most frequent values with their counts, most frequent first (at most <see cref="DatasetProfile.MaxTopValues"/>).</summary>
    public IReadOnlyList<ProfileValue> TopValues { get; init; } = [];

    /// <summary>Share of rows missing, 0 to 1.</summary>
    [JsonIgnore]
    public double MissingShare => Count + Missing == 0 ? 0 : (double)Missing / (Count + Missing);

    /// <summary>The median, when percentiles are kept.</summary>
    [JsonIgnore]
    public double? Median => Percentiles is { Count: DatasetProfile.PercentileCount } p ? p[50] : null;

    /// <summary>Whether <see cref="TopValues"/> hold every value present (their counts add up to <see cref="Count"/>).</summary>
    [JsonIgnore]
    public bool TopValuesComplete => TopValues.Count > 0 && TopValues.Sum(v => v.Count) == Count;

    /// <summary>
    /// The share of present values at or below <paramref name="x"/>, read from the percentiles by linear
    /// interpolation (a flat run of equal percentiles, a value many rows hold, counts whole at that value).
    /// </summary>
    public double CumulativeShare(double x)
    {
        if (Percentiles is not { Count: DatasetProfile.PercentileCount } p) throw new InvalidOperationException($"The column '{Name}' keeps no percentiles.");
        if (x < p[0]) return 0;
        if (x >= p[^1]) return 1;
        // The last percentile at or below x, then the share grows linearly to the next one.
        var i = LastAtOrBelow(p, x);
        if (p[i] == x) return i / 100.0;
        var within = (x - p[i]) / (p[i + 1] - p[i]);
        return (i + within) / 100.0;
    }

    private static int LastAtOrBelow(IReadOnlyList<double> p, double x)
    {
        int low = 0, high = p.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (p[mid] <= x) low = mid;
            else high = mid - 1;
        }
        return low;
    }

    internal void Validate()
    {
        if (Count < 0 || Missing < 0 || Distinct < 0) throw TrackingException.Invalid($"The profile of column '{Name}' has a negative count.");
        if (Percentiles is { } p)
        {
            if (p.Count != DatasetProfile.PercentileCount)
                throw TrackingException.Invalid($"The profile of column '{Name}' has {p.Count} percentiles; a profile keeps {DatasetProfile.PercentileCount} (0 % to 100 %).");
            for (var i = 0; i < p.Count; i++)
            {
                if (!double.IsFinite(p[i])) throw TrackingException.Invalid($"The profile of column '{Name}' has a percentile {i} % that is not a finite number.");
                if (i > 0 && p[i] < p[i - 1]) throw TrackingException.Invalid($"The profile of column '{Name}' has percentiles that fall ({i - 1} % is {p[i - 1]}, {i} % is {p[i]}).");
            }
        }
        if (TopValues.Count > DatasetProfile.MaxTopValues)
            throw TrackingException.Invalid($"The profile of column '{Name}' keeps {TopValues.Count} top values; the limit is {DatasetProfile.MaxTopValues}.");
        if (TopValues.Any(v => v is null || v.Value is null || v.Count < 0)) throw TrackingException.Invalid($"The profile of column '{Name}' has a top value without a value or with a negative count.");
        if (Histogram.Any(b => b is null || b.Count < 0 || !double.IsFinite(b.Lower) || !double.IsFinite(b.Upper)))
            throw TrackingException.Invalid($"The profile of column '{Name}' has a histogram bar with a negative count or an edge that is not a finite number.");
        foreach (var (what, value) in new[] { ("mean", Mean), ("standard deviation", StandardDeviation), ("min", Min), ("max", Max) })
        {
            if (value is { } v && !double.IsFinite(v)) throw TrackingException.Invalid($"The profile of column '{Name}' has a {what} that is not a finite number.");
        }
    }
}

namespace Lepton.Data.Tables;

/// <summary>What one column holds: counts, spread, frequent values and shape.</summary>
public sealed class ColumnProfile
{
    /// <summary>The column's name.</summary>
    public required string Name { get; init; }

    /// <summary>The column's kind.</summary>
    public required ColumnKind Kind { get; init; }

    /// <summary>Values present (not missing).</summary>
    public required long Count { get; init; }

    /// <summary>Values missing (null).</summary>
    public required long Missing { get; init; }

    /// <summary>Distinct values present: exact up to 20,000; above, a HyperLogLog estimate (DuckDB's approx_count_distinct, seen up to 10% off).</summary>
    public required long Distinct { get; init; }

    /// <summary>Whether <see cref="Distinct"/> is an estimate (many distinct values) rather than a count.</summary>
    public bool DistinctIsEstimate { get; init; }

    /// <summary>Share of rows missing, 0 to 1.</summary>
    public double MissingShare => Count + Missing == 0 ? 0 : (double)Missing / (Count + Missing);

    /// <summary>Smallest value (numeric and boolean columns).</summary>
    public double? Min { get; init; }

    /// <summary>Largest value (numeric and boolean columns).</summary>
    public double? Max { get; init; }

    /// <summary>Mean (numeric columns; for booleans, the share of true).</summary>
    public double? Mean { get; init; }

    /// <summary>Sample standard deviation (numeric columns).</summary>
    public double? StandardDeviation { get; init; }

    /// <summary>Interpolated quantiles at 5, 25, 50, 75 and 95 % (numeric columns), keyed by probability; estimates only for columns with over 20,000 distinct values in tables over 100,000 rows.</summary>
    public IReadOnlyDictionary<double, double> Quantiles { get; init; } = new Dictionary<double, double>();

    /// <summary>Earliest value (date-time columns).</summary>
    public DateTime? Earliest { get; init; }

    /// <summary>Latest value (date-time columns).</summary>
    public DateTime? Latest { get; init; }

    /// <summary>The most frequent values with exact counts, most frequent first (ties by value); for columns with very many distinct values the candidates come from an approximate top-k.</summary>
    public IReadOnlyList<ValueCount> TopValues { get; init; } = [];

    /// <summary>Equal-width histogram between <see cref="Min"/> and <see cref="Max"/> (numeric columns).</summary>
    public IReadOnlyList<HistogramBin> Histogram { get; init; } = [];

    /// <summary>Values outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] (numeric columns).</summary>
    public long OutliersIqr { get; init; }

    /// <summary>Values more than 3 standard deviations from the mean (numeric columns).</summary>
    public long OutliersZScore { get; init; }

    /// <summary>For text-stored columns other than identifiers, values that read as numbers (a sign of mixed types).</summary>
    public long NumberLikeValues { get; init; }

    /// <summary>The median, when computed.</summary>
    public double? Median => Quantiles.TryGetValue(0.5, out var median) ? median : null;
}

namespace Lepton.Data.Tables;

/// <summary>What a profile computes beyond the per-column basics.</summary>
public sealed class ProfileOptions
{
    /// <summary>The column to relate every feature to (classification or regression target); none when null.</summary>
    public string? Target { get; init; }

    /// <summary>How many most frequent values each column keeps.</summary>
    public int TopValues { get; init; } = 10;

    /// <summary>Equal-width histogram bins for numeric columns.</summary>
    public int HistogramBins { get; init; } = 20;

    /// <summary>Pearson and Spearman correlations are computed on a repeatable random sample of at most this many rows (ranking is a sort per column).</summary>
    public int CorrelationSampleRows { get; init; } = 50_000;

    /// <summary>Columns with more distinct values than this are left out of Cramér's V and treated as regression targets.</summary>
    public int MaxCategories { get; init; } = 50;
}

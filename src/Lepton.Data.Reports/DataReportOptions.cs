namespace Lepton.Data.Reports;

/// <summary>What a data report shows beyond the profile, and where its charts also go.</summary>
public sealed record DataReportOptions
{
    /// <summary>The page's title; by default the file's name.</summary>
    public string? Title { get; init; }

    /// <summary>A folder to also write every chart to as a PNG file; none when null.</summary>
    public string? ChartsDirectory { get; init; }

    /// <summary>How many of the most correlated numeric pairs get a scatter plot.</summary>
    public int ScatterPairs { get; init; } = 4;

    /// <summary>Rows sampled (repeatably, inside the engine) for each scatter plot.</summary>
    public int ScatterSampleRows { get; init; } = 2_000;

    /// <summary>Columns shown in the correlation heatmap at most (those with the strongest correlations).</summary>
    public int MaxHeatmapColumns { get; init; } = 24;
}

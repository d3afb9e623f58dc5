using Lepton.Data.Tables;

namespace Lepton.Data.Reports;

/// <summary>Everything the page shows, computed before any HTML is written.</summary>
internal sealed class ReportContent
{
    public required string Title { get; init; }
    public required Table Table { get; init; }
    public required TableProfile Profile { get; init; }
    public required IReadOnlyList<QualityFinding> Findings { get; init; }
    public long? MemoryBytes { get; init; }
    public required IReadOnlyDictionary<string, ReportChart> ColumnCharts { get; init; }
    public ReportChart? Missing { get; init; }
    public IReadOnlyList<ReportChart> Heatmaps { get; init; } = [];
    public IReadOnlyList<ReportChart> Boxes { get; init; } = [];
    public IReadOnlyList<ReportChart> Scatters { get; init; } = [];

    /// <summary>Every chart, in page order.</summary>
    public IEnumerable<ReportChart> AllCharts =>
        Profile.Columns.Where(c => ColumnCharts.ContainsKey(c.Name)).Select(c => ColumnCharts[c.Name])
            .Concat(Missing is null ? [] : [Missing]).Concat(Heatmaps).Concat(Boxes).Concat(Scatters);
}

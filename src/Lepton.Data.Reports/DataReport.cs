using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Reports;

/// <summary>
/// The exploration report of a table: one self-contained HTML page (styles, script and every chart inline, nothing
/// fetched) with an overview, a card per column, missing values, correlations, box plots, scatter plots of the most
/// correlated pairs and the quality findings.
/// </summary>
public static class DataReport
{
    /// <summary>Writes the report of <paramref name="table"/> to <paramref name="path"/>; the file appears only when complete (written beside it, then renamed).</summary>
    /// <param name="table">The table profiled; samples for scatter plots and date histograms are drawn from it inside the engine.</param>
    /// <param name="profile">The table's profile.</param>
    /// <param name="findings">The quality findings to list, e.g. from <see cref="QualityChecks.Check"/>.</param>
    /// <param name="path">The HTML file to write.</param>
    /// <param name="options">Title, chart folder and sampling; defaults when null.</param>
    /// <param name="cancellationToken">Stops the work between charts and queries.</param>
    /// <returns>The charts' file names (also written to <see cref="DataReportOptions.ChartsDirectory"/> when set).</returns>
    public static Task<IReadOnlyList<string>> WriteAsync(Table table, TableProfile profile, IReadOnlyList<QualityFinding> findings, string path,
        DataReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Task.Run(() => Write(table, profile, findings, path, options ?? new DataReportOptions(), cancellationToken), cancellationToken);
    }

    private static IReadOnlyList<string> Write(Table table, TableProfile profile, IReadOnlyList<QualityFinding> findings, string path, DataReportOptions options, CancellationToken ct)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot write the report {target}: the folder {folder} does not exist.");

        var content = ReportBuilder.Build(table, profile, findings, options with { Title = options.Title ?? Path.GetFileName(table.ReadSummary.FilePath) }, ct);
        var html = Encoding.UTF8.GetBytes(ReportPage.Render(content));
        AtomicFile.Write(target, html);

        var charts = content.AllCharts.ToList();
        if (options.ChartsDirectory is { } chartsFolder)
        {
            Directory.CreateDirectory(chartsFolder);
            foreach (var chart in charts) AtomicFile.Write(Path.Combine(chartsFolder, chart.FileName), chart.Png);
        }

        return charts.Select(c => c.FileName).ToList();
    }
}

using System.Text;

namespace Lepton.Training.Evaluation;

/// <summary>
/// The evaluation report: one self-contained HTML page (styles, script and every chart inline, nothing fetched) with
/// the metrics, the per-class table and the charts — confusion heatmap, ROC, precision–recall and calibration curves
/// for a classifier; predicted against actual, residuals and their histogram for a regressor — each chart also written
/// as a PNG into a folder beside the page.
/// </summary>
public static class EvaluationReport
{
    /// <summary>
    /// Writes the report to <paramref name="path"/> and its charts to <c>&lt;name&gt;_files/</c> beside it (for
    /// <c>eval.html</c>, <c>eval_files/confusion-matrix.png</c> and so on); each file appears only when complete.
    /// </summary>
    /// <param name="evaluation">The figures to show.</param>
    /// <param name="path">The HTML file to write; its folder must exist.</param>
    /// <param name="title">The page's title; by default the file name of what was evaluated.</param>
    /// <param name="cancellationToken">Stops the work between charts.</param>
    /// <returns>The paths of the PNG files written.</returns>
    public static Task<IReadOnlyList<string>> WriteAsync(ModelEvaluation evaluation, string path, string? title = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Task.Run(() => Write(evaluation, path, title ?? Path.GetFileName(evaluation.Data.TrimEnd('/', '\\')), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Writes the report of a multi-task model: a section per output with its figures and charts, the charts'
    /// PNG files named after their output (<c>eval_files/churn-confusion-matrix.png</c>, <c>eval_files/spend-residuals.png</c>).
    /// </summary>
    /// <param name="evaluation">The figures of every output.</param>
    /// <param name="path">The HTML file to write; its folder must exist.</param>
    /// <param name="title">The page's title; by default the file name of what was evaluated.</param>
    /// <param name="cancellationToken">Stops the work between charts.</param>
    /// <returns>The paths of the PNG files written.</returns>
    public static Task<IReadOnlyList<string>> WriteAsync(MultiOutputEvaluation evaluation, string path, string? title = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Task.Run(() =>
        {
            var charts = evaluation.Outputs
                .Select(o => (IReadOnlyList<EvaluationChart>)EvaluationCharts.For(o).Select(c => c with { FileName = $"{FileSafe(o.Output!)}-{c.FileName}" }).ToList())
                .ToList();
            var page = EvaluationPage.Render(evaluation, title ?? Path.GetFileName(evaluation.Data.TrimEnd('/', '\\')), charts);
            return WriteFiles(path, [.. charts.SelectMany(c => c)], page, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The folder the charts of the report at <paramref name="path"/> go to: <c>eval.html</c> → <c>eval_files</c>.</summary>
    public static string ChartsFolder(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path) + "_files");

    private static IReadOnlyList<string> Write(ModelEvaluation evaluation, string path, string title, CancellationToken ct)
    {
        var charts = EvaluationCharts.For(evaluation);
        return WriteFiles(path, charts, EvaluationPage.Render(evaluation, title, charts), ct);
    }

    private static IReadOnlyList<string> WriteFiles(string path, IReadOnlyList<EvaluationChart> charts, string page, CancellationToken ct)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot write the report {target}: the folder {folder} does not exist.");
        ct.ThrowIfCancellationRequested();
        var chartsFolder = ChartsFolder(target);
        Directory.CreateDirectory(chartsFolder);
        var written = new List<string>();
        foreach (var chart in charts)
        {
            var file = Path.Combine(chartsFolder, chart.FileName);
            AtomicFile.Write(file, chart.Png);
            written.Add(file);
        }
        AtomicFile.Write(target, Encoding.UTF8.GetBytes(page));
        return written;
    }

    // An output is a column name: anything but letters, digits, '-' and '_' becomes '_' in a file name.
    private static string FileSafe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}

using System.Text;
using Lepton.Tuning.Importance;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Reports;

/// <summary>
/// The study report: one self-contained HTML page (styles, script and every chart inline, nothing fetched) with the
/// summary (trials by state, the best value and its parameters), the optimization history, the trials' learning
/// curves (pruned ones marked), parameter importance (fANOVA), parallel coordinates, a slice plot per parameter and
/// the table of trials — each chart also written as a PNG into a folder beside the page, as the evaluation report.
/// </summary>
public static class StudyReport
{
    /// <summary>
    /// Writes the report of <paramref name="study"/> to <paramref name="path"/> and its charts to <c>&lt;name&gt;_files/</c>
    /// beside it (for <c>study.html</c>, <c>study_files/optimization-history.png</c> and so on); each file appears only when complete.
    /// A study with no complete trial still gets a page, which says so.
    /// </summary>
    /// <param name="study">The study and its trials, as a store returns them.</param>
    /// <param name="path">The HTML file to write; its folder must exist.</param>
    /// <param name="cancellationToken">Stops the work before the files are written.</param>
    /// <returns>The paths of the PNG files written.</returns>
    public static Task<IReadOnlyList<string>> WriteAsync(StudySnapshot study, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Task.Run(() => Write(study, path, cancellationToken), cancellationToken);
    }

    /// <summary>Writes the report of a <see cref="Tuner"/> run's study; see the other overload.</summary>
    /// <param name="result">What the run returned.</param>
    /// <param name="path">The HTML file to write; its folder must exist.</param>
    /// <param name="cancellationToken">Stops the work before the files are written.</param>
    /// <returns>The paths of the PNG files written.</returns>
    public static Task<IReadOnlyList<string>> WriteAsync(TuningResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return WriteAsync(new StudySnapshot(result.Study, result.Trials), path, cancellationToken);
    }

    /// <summary>The folder the charts of the report at <paramref name="path"/> go to: <c>study.html</c> → <c>study_files</c>.</summary>
    public static string ChartsFolder(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path) + "_files");

    private static IReadOnlyList<string> Write(StudySnapshot study, string path, CancellationToken ct)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot write the study report {target}: the folder {folder} does not exist.");
        var importances = FanovaImportance.Compute(study);
        var conditional = Conditional(study, importances);
        ct.ThrowIfCancellationRequested();
        var charts = StudyCharts.For(study, importances);
        var page = StudyPage.Render(study, importances, conditional, charts);
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

    /// <summary>
    /// The importances of the parameters that exist only in some trials, one ranking per condition, each on the trials
    /// where its parameters exist (with the parameters every trial has), as Optuna ranks a list of parameters.
    /// </summary>
    private static List<(string Title, IReadOnlyList<ParameterImportance> Importances)> Conditional(StudySnapshot study, IReadOnlyList<ParameterImportance> everywhere)
    {
        var space = study.Study.Space;
        var ranked = everywhere.Select(i => i.Parameter).ToHashSet(StringComparer.Ordinal);
        var complete = StudyCharts.Complete(study);
        var always = space.Where(p => complete.Count > 0 && complete.All(t => t.Parameters.ContainsKey(p.Name))).Select(p => p.Name).ToList();
        var groups = space.Where(p => !ranked.Contains(p.Name) && p.Condition is not null && !always.Contains(p.Name))
            .GroupBy(p => Describe(p.Condition!)).ToList();
        var result = new List<(string, IReadOnlyList<ParameterImportance>)>();
        foreach (var group in groups)
        {
            var names = group.Select(p => p.Name).ToList();
            var trials = complete.Where(t => names.All(t.Parameters.ContainsKey)).ToList();
            // Parameters that take one value in these trials (the condition's own, say) explain nothing here.
            var with = always.Where(a => trials.Select(t => t.Parameters[a]).Distinct().Count() > 1);
            var importances = FanovaImportance.Compute(study, names.Concat(with));
            result.Add(($"When {group.Key} ({trials.Count} complete trials)", importances));
        }
        return result;
    }

    private static string Describe(ParameterCondition condition) => $"{condition.Parameter} is {string.Join(" or ", condition.Values.Select(Show.Node))}";
}

using System.Globalization;
using Lepton.Tracking;

namespace Lepton.Web.Pages;

/// <summary>
/// One <c>lepton evaluate</c> run of a registered model version, as a row of the model and version pages: when, on
/// what, its headline metrics, its run and its report.
/// </summary>
internal sealed record EvaluationSummary(Run Run, int Version, IReadOnlyList<KeyValuePair<string, double>> Headline)
{
    /// <summary>Evaluations read for a model page, newest first, over all its versions (one query).</summary>
    public const int MostEvaluations = 500;

    /// <summary>Headline metrics shown in a row.</summary>
    public const int MostHeadline = 4;

    // The figures people look at first, classification's then regression's; a multi-output model's carry their output's prefix.
    private static readonly string[] Preferred = ["accuracy", "f1_macro", "auc", "log_loss", "r2", "rmse", "mae"];

    public string RunUrl => $"/runs/{Run.Info.RunId}";

    /// <summary>What was evaluated on (the <c>data</c> parameter), else the dataset's name.</summary>
    public string Data => Run.Params.GetValueOrDefault("data") ?? Run.Datasets.FirstOrDefault()?.Dataset.Name ?? "—";

    /// <summary>
    /// The full HTML report's address. A search reads no artifacts, so this goes by how the run ended: <c>lepton evaluate</c>
    /// stores the report before it ends its run as finished.
    /// </summary>
    public string? ReportUrl => Run.Info.Status == RunStatus.Finished || Run.Artifacts.Any(a => a.Path == EvaluationArtifacts.Report)
        ? $"{RunUrl}/artifacts/{Uri.EscapeDataString(EvaluationArtifacts.Report)}"
        : null;

    /// <summary>The query that finds every evaluation of <paramref name="model"/>, newest first.</summary>
    public static RunQuery QueryFor(string model) =>
        new(null, $"tags.`{RunTags.EvaluationModel}` = '{model.Replace("'", "''", StringComparison.Ordinal)}'", "start_time desc", MostEvaluations);

    /// <summary>The evaluations among <paramref name="runs"/> whose version tag reads, by version, newest first.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<EvaluationSummary>> ByVersion(IEnumerable<Run> runs) =>
        runs.Select(Of).OfType<EvaluationSummary>()
            .GroupBy(e => e.Version)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EvaluationSummary>)g.OrderByDescending(e => e.Run.Info.StartTime).ToList());

    private static EvaluationSummary? Of(Run run)
    {
        if (!int.TryParse(run.Tags.GetValueOrDefault(RunTags.EvaluationVersion), NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return null;
        var metrics = run.LatestMetrics.Values.Select(m => KeyValuePair.Create(m.Key, m.Value)).ToList();
        // Each output's best-known figures in turn, so a multi-output model's row shows every output's first figure.
        var headline = metrics
            .GroupBy(m => m.Key.LastIndexOf('.') is var dot and >= 0 ? m.Key[..dot] : "", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(m => Rank(m.Key)).ThenBy(m => m.Key, StringComparer.Ordinal).Select((m, i) => (m, i)))
            .OrderBy(p => p.i)
            .Select(p => p.m)
            .Take(MostHeadline)
            .ToList();
        return new EvaluationSummary(run, version, headline);
    }

    private static int Rank(string key)
    {
        var name = key[(key.LastIndexOf('.') + 1)..];
        var rank = Array.IndexOf(Preferred, name);
        return rank < 0 ? Preferred.Length : rank;
    }
}

using Lepton.Tracking;

namespace Lepton.Web.Pages;

/// <summary>
/// Everything the run page shows: the run, its experiment, its metrics (a chart each), parameters, tags, datasets,
/// artifacts with previews, and the registered versions made from it.
/// </summary>
internal sealed record RunView(
    Run Run,
    string Experiment,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<ArtifactPreview> Artifacts,
    IReadOnlyList<ModelVersion> Versions,
    bool WholeHistories)
{
    /// <summary>Tags Lepton writes for itself (directions, best epoch): shown apart from the user's own.</summary>
    public const string SystemTagPrefix = "lepton.";

    public static async Task<RunView> ReadAsync(TrackingClient tracking, string runId, bool wholeHistories, CancellationToken cancellationToken)
    {
        var run = await tracking.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var experiments = await tracking.Store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false);
        var experiment = experiments.FirstOrDefault(e => e.Id == run.Info.ExperimentId)?.Name ?? "?";
        var metrics = run.LatestMetrics.Keys.Order(StringComparer.Ordinal).ToList();

        var artifacts = new List<ArtifactPreview>(run.Artifacts.Count);
        var previews = 0;
        foreach (var entry in run.Artifacts.OrderBy(a => a.Path, StringComparer.Ordinal))
        {
            var preview = ArtifactPreview.KindOf(entry.Path) != PreviewKind.None && previews++ < ArtifactPreview.MostPreviews;
            artifacts.Add(await ArtifactPreview.ReadAsync(tracking.Artifacts, entry, preview, cancellationToken).ConfigureAwait(false));
        }

        var versions = new List<ModelVersion>();
        foreach (var model in await tracking.Store.ListRegisteredModelsAsync(cancellationToken).ConfigureAwait(false))
            versions.AddRange((await tracking.Store.ListModelVersionsAsync(model.Name, cancellationToken).ConfigureAwait(false)).Where(v => v.RunId == run.Info.RunId));
        return new RunView(run, experiment, metrics, artifacts, versions, wholeHistories);
    }

    public string ArtifactUrl(ArtifactEntry entry) =>
        $"/runs/{Run.Info.RunId}/artifacts/{string.Join('/', entry.Path.Split('/').Select(Uri.EscapeDataString))}";

    /// <summary>The metrics with a history to draw: logged past step 0 (a test score logged once is a row of the table, not a chart).</summary>
    public IEnumerable<string> Charted => Metrics.Where(m => Run.LatestMetrics[m].Step > 0);

    /// <summary>The chart's lines, as the front end reads them from <c>data-lines</c>.</summary>
    public string LinesJson => System.Text.Json.JsonSerializer.Serialize(new[] { new { run = Run.Info.RunId, label = Run.Info.Name } });
}

using System.Text;
using System.Text.Json;
using Lepton.Tracking;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Pages;

/// <summary>
/// A registered model version's page: its lineage (datasets → run → version → deployments), its <c>lepton evaluate</c>
/// runs newest first, and the latest one's report drawn from its <c>evaluation.json</c>: <see cref="Figures"/> holds a
/// section per output (empty when there is no evaluation or it could not be read), <see cref="Problem"/> why it could not.
/// </summary>
internal sealed record ModelVersionView(
    ModelLineage Lineage,
    IReadOnlyList<EvaluationSummary> Evaluations,
    IReadOnlyList<EvaluationFigures> Figures,
    string? Problem)
{
    /// <summary>An <c>evaluation.json</c> larger than this is not drawn here (its HTML report still is, on the run page).</summary>
    public const long MostJsonBytes = 32L << 20;

    public ModelVersion Version => Lineage.Version;

    public EvaluationSummary? Latest => Evaluations.Count > 0 ? Evaluations[0] : null;

    /// <summary>The Data page's drift of the latest evaluation's data against the data the version was trained on, when both were recorded with profiles.</summary>
    public string? DriftUrl { get; init; }

    public static async Task<ModelVersionView> ReadAsync(TrackingClient tracking, string name, int version, CancellationToken cancellationToken)
    {
        var lineage = await tracking.Store.GetLineageAsync(name, version, cancellationToken).ConfigureAwait(false);
        var runs = await tracking.Store.SearchRunsAsync(EvaluationSummary.QueryFor(name), cancellationToken).ConfigureAwait(false);
        var evaluations = EvaluationSummary.ByVersion(runs).GetValueOrDefault(version) ?? [];
        if (evaluations.Count == 0) return new ModelVersionView(lineage, evaluations, [], null);

        // A search reads no artifacts: the latest run is read whole.
        var latest = await tracking.Store.GetRunAsync(evaluations[0].Run.Info.RunId, cancellationToken).ConfigureAwait(false);
        var drift = await DriftUrlAsync(tracking.Store, lineage, latest, cancellationToken).ConfigureAwait(false);
        var entry = latest.Artifacts.FirstOrDefault(a => a.Path == EvaluationArtifacts.Json);
        if (entry is null) return new ModelVersionView(lineage, evaluations, [], $"The latest evaluation's run has no {EvaluationArtifacts.Json}.") { DriftUrl = drift };
        if (entry.Size > MostJsonBytes)
            return new ModelVersionView(lineage, evaluations, [], $"The latest evaluation's {EvaluationArtifacts.Json} is {Format.Size(entry.Size)}, too large to draw here: open its report.") { DriftUrl = drift };
        try
        {
            await using var stream = await tracking.Artifacts.OpenReadAsync(entry.Hash, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var figures = EvaluationFigures.Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
            return new ModelVersionView(lineage, evaluations, figures, null) { DriftUrl = drift };
        }
        catch (Exception e) when (e is JsonException or TrackingException or IOException)
        {
            return new ModelVersionView(lineage, evaluations, [], $"The latest evaluation's {EvaluationArtifacts.Json} could not be read: {e.Message}") { DriftUrl = drift };
        }
    }

    private static async Task<string?> DriftUrlAsync(IMetadataStore store, ModelLineage lineage, Run evaluation, CancellationToken cancellationToken)
    {
        var trained = lineage.Datasets.FirstOrDefault(d => d.Context == "train") ?? lineage.Datasets.FirstOrDefault();
        var evaluated = evaluation.Datasets.FirstOrDefault();
        if (trained is null || evaluated is null || trained.Dataset.Hash == evaluated.Dataset.Hash) return null;
        foreach (var hash in new[] { trained.Dataset.Hash, evaluated.Dataset.Hash })
        {
            if ((await store.GetDatasetAsync(hash, cancellationToken).ConfigureAwait(false)).Profile is null) return null;
        }
        return Data.DataRoutes.DriftOf(trained.Dataset.Hash, evaluated.Dataset.Hash);
    }
}

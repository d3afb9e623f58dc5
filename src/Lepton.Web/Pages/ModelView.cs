using Lepton.Tracking;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Antiforgery;

namespace Lepton.Web.Pages;

/// <summary>
/// A registered model's page: its versions newest first, each with its lineage (datasets → run → version → deployments)
/// and its <c>lepton evaluate</c> runs, the forms that move its aliases and their recent moves.
/// </summary>
internal sealed record ModelView(RegisteredModel Model, IReadOnlyList<ModelLineage> Versions, int Hidden, IReadOnlyList<AliasChange> History, AntiforgeryTokenSet Token)
{
    /// <summary>Each version's evaluations, newest first (found by one query over the model's evaluation runs).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<EvaluationSummary>> Evaluations { get; init; } = new Dictionary<int, IReadOnlyList<EvaluationSummary>>();

    /// <summary>Evaluations listed under each version; the version's page lists them all.</summary>
    public const int MostEvaluationsPerVersion = 5;

    public IReadOnlyList<EvaluationSummary> EvaluationsOf(int version) => Evaluations.GetValueOrDefault(version) ?? [];

    public string VersionUrl(int version) => $"/models/{Uri.EscapeDataString(Model.Name)}/versions/{version}";

    /// <summary>Versions shown with their lineage; older ones are counted, not read (a model retrained nightly has thousands).</summary>
    public const int MostVersions = 50;

    /// <summary>Alias moves shown, newest first.</summary>
    public const int MostChanges = 20;

    public static async Task<ModelView> ReadAsync(IMetadataStore store, string name, AntiforgeryTokenSet token, CancellationToken cancellationToken)
    {
        var model = await store.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        var versions = await store.ListModelVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        var lineages = new List<ModelLineage>();
        foreach (var version in versions.Take(MostVersions))
            lineages.Add(await store.GetLineageAsync(name, version.Version, cancellationToken).ConfigureAwait(false));
        var history = await store.GetAliasHistoryAsync(name, MostChanges, cancellationToken).ConfigureAwait(false);
        var evaluations = await store.SearchRunsAsync(EvaluationSummary.QueryFor(name), cancellationToken).ConfigureAwait(false);
        return new ModelView(model, lineages, Math.Max(0, versions.Count - MostVersions), history, token) { Evaluations = EvaluationSummary.ByVersion(evaluations) };
    }
}

using Lepton.Tracking;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Pages;

/// <summary>The home page: every experiment with its number of runs, and the registered models.</summary>
internal sealed record ExperimentsView(string Store, IReadOnlyList<(Experiment Experiment, int Runs)> Experiments, IReadOnlyList<RegisteredModel> Models)
{
    public static async Task<ExperimentsView> ReadAsync(IMetadataStore store, CancellationToken cancellationToken)
    {
        var experiments = await store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(Experiment, int)>(experiments.Count);
        foreach (var experiment in experiments)
            rows.Add((experiment, await store.CountRunsAsync(new RunQuery([experiment.Name]), cancellationToken).ConfigureAwait(false)));
        var models = await store.ListRegisteredModelsAsync(cancellationToken).ConfigureAwait(false);
        return new ExperimentsView(store.Description, rows, models);
    }
}

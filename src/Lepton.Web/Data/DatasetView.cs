using Lepton.Tracking.Datasets;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Data;

/// <summary>One dataset content: its names, its profile (column by column) and the runs that used it; other profiled datasets to compare it with.</summary>
internal sealed record DatasetView(DatasetDetails Dataset, IReadOnlyList<RecordedDataset> Others)
{
    public static async Task<DatasetView> ReadAsync(IMetadataStore store, string hash, CancellationToken cancellationToken)
    {
        var details = await store.GetDatasetAsync(hash, cancellationToken).ConfigureAwait(false);
        var others = details.Profile is null
            ? []
            : (await store.ListDatasetsAsync(DataView.Most, cancellationToken).ConfigureAwait(false))
                .Where(d => d.HasProfile && d.Dataset.Hash != hash).DistinctBy(d => d.Dataset.Hash).ToList();
        return new DatasetView(details, others);
    }

    /// <summary>The dataset's name (the first it was recorded under).</summary>
    public string Name => Dataset.Recorded[0].Name;
}

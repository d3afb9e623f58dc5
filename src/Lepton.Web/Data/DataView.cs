using Lepton.Tracking.Datasets;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Data;

/// <summary>The data page: every dataset runs recorded (most recently used first), and a form to compare two with profiles for drift.</summary>
internal sealed record DataView(IReadOnlyList<RecordedDataset> Datasets)
{
    /// <summary>The most datasets listed.</summary>
    public const int Most = 1000;

    public static async Task<DataView> ReadAsync(IMetadataStore store, CancellationToken cancellationToken) =>
        new(await store.ListDatasetsAsync(Most, cancellationToken).ConfigureAwait(false));

    /// <summary>The datasets that can be compared: those with a profile, one entry per content.</summary>
    public IReadOnlyList<RecordedDataset> Profiled => Datasets.Where(d => d.HasProfile).DistinctBy(d => d.Dataset.Hash).ToList();

    /// <summary>How a dataset is named in a choice: its name, rows and the start of its hash.</summary>
    public static string Label(RecordedDataset dataset) =>
        $"{dataset.Dataset.Name} · {dataset.Dataset.Rows:N0} rows · {Pages.Format.ShortId(dataset.Dataset.Hash)}";
}

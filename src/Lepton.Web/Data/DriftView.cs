using Lepton.Tracking.Datasets;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Data;

/// <summary>The drift between two recorded datasets, from their profiles: each column's PSI, KS distance and the two distributions side by side.</summary>
internal sealed record DriftView(DatasetDetails Reference, DatasetDetails Current, DatasetDrift Drift)
{
    public static async Task<DriftView> ReadAsync(IMetadataStore store, string? reference, string? current, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(reference) || string.IsNullOrEmpty(current))
            throw new DashboardException(StatusCodes.Status400BadRequest, "Say which two datasets to compare: /data/drift?reference=HASH&current=HASH (pick them on the Data page).");
        var r = await store.GetDatasetAsync(reference, cancellationToken).ConfigureAwait(false);
        var c = await store.GetDatasetAsync(current, cancellationToken).ConfigureAwait(false);
        if (r.Profile is null || c.Profile is null)
        {
            var missing = r.Profile is null ? r : c;
            throw new DashboardException(StatusCodes.Status400BadRequest,
                $"The dataset '{missing.Recorded[0].Name}' ({missing.Hash}) was recorded without a profile, so it cannot be compared. lepton train records one with its data; in C#, ActiveRun.LogDatasetAsync(dataset, context, DatasetProfile.FromTable(table)).");
        }
        return new DriftView(r, c, DatasetDrift.Compare(r.Profile, c.Profile));
    }

    public static string LevelName(DriftLevel level) => level switch
    {
        DriftLevel.Stable => "stable",
        DriftLevel.Warning => "warning",
        DriftLevel.Drift => "drift",
        _ => "not compared",
    };
}

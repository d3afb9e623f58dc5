using Lepton.Tracking;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Pages;

/// <summary>The store reads the runs table needs: a page of runs, how many match, and the columns they have.</summary>
internal static class StoreReads
{
    public static async Task<(IReadOnlyList<Run> Runs, int Total)> PageAsync(IMetadataStore store, RunQuery query, int offset, int size, CancellationToken cancellationToken)
    {
        var all = await store.SearchRunsAsync(query with { MaxResults = 50_000 }, cancellationToken).ConfigureAwait(false);
        return (all.Skip(offset).Take(size).ToList(), all.Count);
    }

    public static async Task<int> CountAsync(IMetadataStore store, RunQuery query, CancellationToken cancellationToken) =>
        (await store.SearchRunsAsync(query with { MaxResults = 50_000 }, cancellationToken).ConfigureAwait(false)).Count;

    public static async Task<ColumnNames> ColumnsAsync(IMetadataStore store, string experiment, CancellationToken cancellationToken)
    {
        var all = await store.SearchRunsAsync(new RunQuery([experiment], MaxResults: 50_000), cancellationToken).ConfigureAwait(false);
        static IReadOnlyList<string> Names(IEnumerable<string> keys) => keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ColumnNames(Names(all.SelectMany(r => r.Params.Keys)), Names(all.SelectMany(r => r.LatestMetrics.Keys)), Names(all.SelectMany(r => r.Tags.Keys)));
    }
}

/// <summary>The parameter, metric and tag names an experiment's runs have.</summary>
internal sealed record ColumnNames(IReadOnlyList<string> Params, IReadOnlyList<string> Metrics, IReadOnlyList<string> Tags);

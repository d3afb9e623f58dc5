using Lepton.Tracking.Datasets;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Tracking.Server;

/// <summary>Routes under <c>/api/datasets</c>: the datasets runs recorded, by content hash, and their profiles.</summary>
internal static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets").WithErrorResponses();
        api.MapGet("/", ListDatasets).WithName("ListDatasets").WithSummary("The datasets runs recorded, most recently used first (limit: at most that many, 1000 unless given).");
        api.MapGet("/{hash}", GetDataset).WithName("GetDataset").WithSummary("One dataset content: the names it was recorded under, its profile and the runs that used it.");
        api.MapPut("/{hash}/profile", RecordProfile).WithName("RecordDatasetProfile").WithSummary("Keeps the profile of a recorded dataset content, replacing any earlier one.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<RecordedDataset>>> ListDatasets(IMetadataStore store, CancellationToken cancellationToken, [FromQuery] int limit = 1000) =>
        TypedResults.Ok(await store.ListDatasetsAsync(limit, cancellationToken).ConfigureAwait(false));

    public static async Task<Ok<DatasetDetails>> GetDataset(string hash, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetDatasetAsync(hash, cancellationToken).ConfigureAwait(false));

    public static async Task<NoContent> RecordProfile(string hash, DatasetProfile profile, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.RecordDatasetProfileAsync(hash, profile, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}

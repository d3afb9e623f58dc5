using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Tracking.Server;

/// <summary>Routes under <c>/api/deployments</c>: the deployments of every model, newest first (one version's are in its lineage).</summary>
internal static class DeploymentsApi
{
    public static RouteGroupBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/deployments").WithTags("Deployments").WithErrorResponses();
        api.MapGet("/", ListDeployments).WithName("ListDeployments")
            .WithSummary("Deployments of every model, newest first (limit: at most that many, 100 unless given; since: those recorded at or after that time, ISO 8601).");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<Deployment>>> ListDeployments(IMetadataStore store, CancellationToken cancellationToken, [FromQuery] int limit = 100, [FromQuery] DateTimeOffset? since = null) =>
        TypedResults.Ok(await store.ListDeploymentsAsync(limit, since, cancellationToken).ConfigureAwait(false));
}

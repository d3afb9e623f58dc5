using Lepton.Tracking.Remote;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Tracking.Server;

/// <summary>Routes under <c>/api/experiments</c>: list, find by name, get-or-create.</summary>
internal static class ExperimentsApi
{
    public static RouteGroupBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/experiments").WithTags("Experiments").WithErrorResponses();
        api.MapGet("/", ListExperiments).WithName("ListExperiments").WithSummary("Every experiment, oldest first.");
        // Experiment names may hold '/', so the name travels in the query string, not the path.
        api.MapGet("/by-name", GetExperiment).WithName("GetExperiment").WithSummary("The experiment with this name.");
        api.MapPost("/", GetOrCreateExperiment).WithName("GetOrCreateExperiment").WithSummary("The experiment with this name, created when it does not exist.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<Experiment>>> ListExperiments(IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false));

    public static async Task<Ok<Experiment>> GetExperiment([FromQuery] string name, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetExperimentAsync(name, cancellationToken).ConfigureAwait(false));

    public static async Task<Ok<Experiment>> GetOrCreateExperiment(ExperimentRequest request, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetOrCreateExperimentAsync(request.Name, cancellationToken).ConfigureAwait(false));
}

using Lepton.Tracking.Remote;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Tracking.Server;

/// <summary>Routes under <c>/api/models</c>: the registry's models, versions, aliases, deployments and lineage.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models").WithErrorResponses();
        api.MapGet("/", ListModels).WithName("ListModels").WithSummary("Every registered model, by name.");
        api.MapPost("/", CreateModel).WithName("CreateModel").WithSummary("Registers a model without versions; 409 when the name is taken.");
        api.MapGet("/{name}", GetModel).WithName("GetModel").WithSummary("A registered model with its latest version and aliases.");
        api.MapPatch("/{name}", UpdateModel).WithName("UpdateModel").WithSummary("Changes a registered model's description.");
        api.MapGet("/{name}/versions", ListVersions).WithName("ListModelVersions").WithSummary("Every version of a model, newest first.");
        api.MapPost("/{name}/versions", CreateVersion).WithName("CreateModelVersion").WithSummary("Adds the next version of a model, registering the model when needed.");
        api.MapGet("/{name}/versions/{version:int}", GetVersion).WithName("GetModelVersion").WithSummary("One version of a model.");
        api.MapGet("/{name}/versions/{version:int}/lineage", GetLineage).WithName("GetLineage").WithSummary("Dataset, run, version and deployments for one version.");
        api.MapPost("/{name}/versions/{version:int}/deployments", RecordDeployment).WithName("RecordDeployment").WithSummary("Records that a version went into service somewhere.");
        api.MapGet("/{name}/aliases/{alias}", GetVersionByAlias).WithName("GetModelVersionByAlias").WithSummary("The version an alias points at.");
        api.MapPut("/{name}/aliases/{alias}", SetAlias).WithName("SetAlias").WithSummary("Points an alias at a version, moving it if it pointed elsewhere.");
        api.MapDelete("/{name}/aliases/{alias}", DeleteAlias).WithName("DeleteAlias").WithSummary("Removes an alias.");
        api.MapGet("/{name}/alias-history", GetAliasHistory).WithName("GetAliasHistory").WithSummary("The model's alias moves, newest first (limit: at most that many, 100 unless given).");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<RegisteredModel>>> ListModels(IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListRegisteredModelsAsync(cancellationToken).ConfigureAwait(false));

    public static async Task<Created<RegisteredModel>> CreateModel(CreateModelRequest request, IMetadataStore store, CancellationToken cancellationToken)
    {
        var model = await store.CreateRegisteredModelAsync(request.Name, request.Description, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/models/{Uri.EscapeDataString(model.Name)}", model);
    }

    public static async Task<Ok<RegisteredModel>> GetModel(string name, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false));

    public static async Task<NoContent> UpdateModel(string name, UpdateModelRequest request, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.UpdateModelDescriptionAsync(name, request.Description, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<ModelVersion>>> ListVersions(string name, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListModelVersionsAsync(name, cancellationToken).ConfigureAwait(false));

    public static async Task<Created<ModelVersion>> CreateVersion(string name, CreateVersionRequest request, TrackingClient client, CancellationToken cancellationToken)
    {
        // Through the registry, which refuses a hash the artifact store does not hold (409), not straight to the store.
        var version = await client.Registry.CreateVersionAsync(new NewModelVersion(name, request.ArtifactHash, request.Source, request.RunId, request.Description), cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/models/{Uri.EscapeDataString(version.Name)}/versions/{version.Version}", version);
    }

    public static async Task<Ok<ModelVersion>> GetVersion(string name, int version, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false));

    public static async Task<Ok<ModelLineage>> GetLineage(string name, int version, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetLineageAsync(name, version, cancellationToken).ConfigureAwait(false));

    public static async Task<Created<Deployment>> RecordDeployment(string name, int version, DeploymentRequest request, IMetadataStore store, CancellationToken cancellationToken)
    {
        var deployment = await store.RecordDeploymentAsync(name, version, request.Target, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/models/{Uri.EscapeDataString(name)}/versions/{version}/lineage", deployment);
    }

    public static async Task<Ok<IReadOnlyList<AliasChange>>> GetAliasHistory(string name, IMetadataStore store, CancellationToken cancellationToken, [FromQuery] int limit = 100) =>
        TypedResults.Ok(await store.GetAliasHistoryAsync(name, limit, cancellationToken).ConfigureAwait(false));

    public static async Task<Ok<ModelVersion>> GetVersionByAlias(string name, string alias, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetModelVersionByAliasAsync(name, alias, cancellationToken).ConfigureAwait(false));

    public static async Task<NoContent> SetAlias(string name, string alias, SetAliasRequest request, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.SetAliasAsync(name, alias, request.Version, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> DeleteAlias(string name, string alias, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.DeleteAliasAsync(name, alias, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}

namespace Lepton.Tracking.Server;

/// <summary>Maps Lepton's tracking API into an app, beside whatever else the app serves.</summary>
public static class TrackingApplicationExtensions
{
    /// <summary>The OpenAPI document of the tracking routes (and their endpoint group name).</summary>
    internal const string DocumentName = "lepton-tracking";

    /// <summary>
    /// Maps the tracking API — everything under <c>/api/</c>, its OpenAPI document at <c>/api/openapi.json</c>, and
    /// <c>GET /health</c> — and gives those routes (only those) the API's JSON errors and body limits. Needs
    /// <see cref="TrackingServiceCollectionExtensions.AddLeptonTracking"/>; the group it returns takes further conventions.
    /// </summary>
    public static RouteGroupBuilder MapLeptonTracking(this WebApplication app) => Map(app, ErrorScope.Own, "/api/openapi.json");

    /// <summary>
    /// Maps the routes and the document at <paramref name="openApiPath"/>, with the API's JSON errors and limits over the
    /// requests <paramref name="scope"/> says.
    /// </summary>
    internal static RouteGroupBuilder Map(WebApplication app, ErrorScope scope, string openApiPath)
    {
        ArgumentNullException.ThrowIfNull(app);
        // WebApplication routes before the middleware added here runs, so the endpoint says whose request it is.
        app.UseMiddleware<ErrorResponses>(scope switch
        {
            ErrorScope.Every => (Func<HttpContext, bool>)(_ => true),
            ErrorScope.OwnAndUnrouted => context => context.GetEndpoint() is null || IsTrackingRequest(context),
            _ => IsTrackingRequest,
        });

        var group = app.MapGroup("").WithGroupName(DocumentName);
        // MapOpenApi serves the document named by a route value or query parameter; this route always serves tracking's.
        group.MapOpenApi(openApiPath).AddEndpointFilter((context, next) =>
        {
            context.Arguments[1] = DocumentName;
            return next(context);
        });
        group.MapHealthApi();
        group.MapExperimentsApi();
        group.MapRunsApi();
        group.MapArtifactsApi();
        group.MapModelsApi();
        group.MapDeploymentsApi();
        group.MapDatasetsApi();
        return group;
    }

    /// <summary>Which requests get the API's JSON errors and body limits.</summary>
    internal enum ErrorScope
    {
        /// <summary>The API's own routes only (the API hosted in an app of its own).</summary>
        Own,

        /// <summary>The API's routes and requests no route answers (the tracking server with pages beside its API).</summary>
        OwnAndUnrouted,

        /// <summary>Every request (the tracking server alone).</summary>
        Every,
    }

    private static bool IsTrackingRequest(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName == DocumentName;
}

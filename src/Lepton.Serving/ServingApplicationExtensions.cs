using Lepton.Serving.Apis;
using Lepton.Serving.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Serving;

/// <summary>Maps Lepton's inference server into an app, beside whatever else the app serves.</summary>
public static class ServingApplicationExtensions
{
    /// <summary>The OpenAPI document of the serving routes (and their endpoint group name).</summary>
    internal const string DocumentName = "lepton-serving";

    /// <summary>
    /// Maps the inference server's routes — <c>/v2/…</c> (Open Inference Protocol), <c>/models/…/predict</c>,
    /// <c>/admin/models</c>, <c>/metrics</c>, the probes <c>/livez</c>, <c>/healthz</c>, <c>/readyz</c> and its
    /// OpenAPI document at <c>/openapi.json</c> — and gives those routes (only those) request ids, JSON errors and
    /// the body limit of <see cref="ServingOptions"/>. Needs <see cref="ServingServiceCollectionExtensions.AddLeptonServing"/>;
    /// the group it returns takes further conventions.
    /// </summary>
    public static RouteGroupBuilder MapLeptonServing(this WebApplication app) => Map(app, everyRequest: false);

    /// <summary>
    /// Maps the routes; with <paramref name="everyRequest"/> (a server of its own) the request ids and JSON errors
    /// also cover requests that match no route.
    /// </summary>
    internal static RouteGroupBuilder Map(WebApplication app, bool everyRequest)
    {
        ArgumentNullException.ThrowIfNull(app);
        // WebApplication routes before the middleware added here runs, so the endpoint says whose request it is.
        Func<HttpContext, bool> applies = everyRequest ? _ => true : IsServingRequest;
        app.UseRequestIds(applies);
        app.UseServingErrors(applies);
        app.Use((context, next) =>
        {
            if (IsServingRequest(context) && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = context.RequestServices.GetRequiredService<ServingOptions>().MaxRequestBodyBytes;
            return next(context);
        });

        var group = app.MapGroup("").WithGroupName(DocumentName);
        group.MapOpenInferenceApi();
        group.MapPredictApi();
        group.MapAdminApi();
        group.MapMetricsApi();
        // MapOpenApi serves the document named by a route value or query parameter; this route always serves serving's.
        group.MapOpenApi("/openapi.json").AddEndpointFilter((context, next) =>
        {
            context.Arguments[1] = DocumentName;
            return next(context);
        });
        return group;
    }

    private static bool IsServingRequest(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName == DocumentName;
}

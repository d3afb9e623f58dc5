using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lepton.Serving.Observability;

/// <summary><c>GET /metrics</c>: the server's metrics in the Prometheus text format.</summary>
internal static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context, ServingMetrics metrics) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }).WithTags("Observability").WithName("Metrics").WithSummary("Prometheus metrics: requests, errors, latency, batch sizes, queue depth, inference and load times per model and version.");
        return app;
    }
}

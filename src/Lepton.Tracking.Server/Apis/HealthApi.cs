using Lepton.Tracking.Remote;

namespace Lepton.Tracking.Server;

/// <summary><c>GET /health</c>: 200 while the server runs, for load balancers and scripts that wait for it.</summary>
internal static class HealthApi
{
    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", Health).WithName("Health").WithTags("Health").WithSummary("Answers {\"status\": \"ok\"} while the server runs.");

    public static Ok<HealthStatus> Health() => TypedResults.Ok(new HealthStatus("ok"));
}

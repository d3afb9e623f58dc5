using Lepton.Tracking.Remote;

namespace Lepton.Tracking.Server;

/// <summary>OpenAPI metadata every route group shares.</summary>
internal static class ApiDocumentation
{
    /// <summary>Documents the JSON error body for the statuses any route of the group can answer with.</summary>
    public static RouteGroupBuilder WithErrorResponses(this RouteGroupBuilder group)
    {
        foreach (var status in new[] { 400, 404, 409, 413, 500, 503 })
        {
            group.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiError), ["application/json"]));
        }

        return group;
    }
}

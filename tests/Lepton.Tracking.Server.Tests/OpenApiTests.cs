using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Tracking.Server.Tests;

/// <summary>The OpenAPI document at /openapi.json describes every route the server maps.</summary>
public sealed partial class OpenApiTests
{
    [Fact]
    public async Task The_document_lists_every_route_and_method()
    {
        await using var server = await RunningServer.StartAsync();
        var response = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, "/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var paths = response.Json.GetProperty("paths");

        var routes = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText != "/openapi.json")
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Path: OpenApiPath(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();

        Assert.True(routes.Count >= 29, $"only {routes.Count} routes found");
        Assert.All(routes, route =>
        {
            Assert.True(paths.TryGetProperty(route.Path, out var item), $"{route.Path} is not in the document");
            Assert.True(item.TryGetProperty(route.Method, out var operation), $"{route.Method.ToUpperInvariant()} {route.Path} is not in the document");
            Assert.True(operation.TryGetProperty("summary", out _), $"{route.Method.ToUpperInvariant()} {route.Path} has no summary");
        });
        Assert.Contains("/api/runs/{runId}/metrics/history", paths.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_health_route_answers_ok()
    {
        await using var server = await RunningServer.StartAsync();
        var response = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, "/health");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("ok", response.Json.GetProperty("status").GetString());
    }

    /// <summary>A route pattern as OpenAPI writes it: <c>{version:int}</c> becomes <c>{version}</c>, no trailing slash.</summary>
    private static string OpenApiPath(string pattern)
    {
        var path = Constraint().Replace(pattern, "{$1}");
        if (!path.StartsWith('/')) path = "/" + path;
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{([A-Za-z]+):[^}]+\}")]
    private static partial Regex Constraint();
}

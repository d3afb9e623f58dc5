using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lepton.Web.Tests;

/// <summary>
/// A loopback HTTP server that answers like an inference server with nothing loaded (no models, empty metrics) and
/// records each request's path and <c>Authorization</c> header: what a dashboard sends to a server, seen from the server.
/// </summary>
public sealed class HeaderRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HeaderRecorder(WebApplication app) => _app = app;

    public Uri Address => DashboardServer.AddressOf(_app);

    /// <summary>Each request's path and Authorization header (null when it had none).</summary>
    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();

    public static async Task<HeaderRecorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var recorder = new HeaderRecorder(app);
        app.Run(async context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            recorder.Requests.Enqueue((context.Request.Path.Value ?? "", authorization.Length == 0 ? null : authorization));
            if (context.Request.Path.StartsWithSegments("/metrics"))
            {
                context.Response.ContentType = "text/plain; version=0.0.4";
                await context.Response.WriteAsync("");
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[]");
        });
        await app.StartAsync();
        return recorder;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

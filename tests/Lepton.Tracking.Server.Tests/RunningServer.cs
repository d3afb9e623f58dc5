using Lepton.Tracking.Remote;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Lepton.Tracking.Server.Tests;

/// <summary>A real tracking server on 127.0.0.1 and a free port, over a SQLite store in a temporary folder.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, string folder, TrackingServerOptions options)
    {
        App = app;
        Folder = folder;
        Options = options;
        Address = TrackingServer.AddressOf(app);
        Http = new HttpClient { BaseAddress = Address };
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public TrackingServerOptions Options { get; }

    public Uri Address { get; }

    /// <summary>A plain client for requests the SDK would never make.</summary>
    public HttpClient Http { get; }

    public string ArtifactRoot => Options.ArtifactRoot!;

    public string DatabasePath => Options.StoreUri!;

    public static async Task<RunningServer> StartAsync(Action<TrackingServerOptions>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "lepton-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = new TrackingServerOptions
        {
            Port = 0,
            StoreUri = Path.Combine(folder, "lepton.db"),
            ArtifactRoot = Path.Combine(folder, "artifacts"),
            LogLevel = LogLevel.Critical,
        };
        configure?.Invoke(options);
        var app = await TrackingServer.CreateAsync(options);
        await app.StartAsync();
        return new RunningServer(app, folder, options);
    }

    public HttpMetadataStore OpenStore() => new(Address);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

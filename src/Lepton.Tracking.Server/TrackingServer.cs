using Lepton.Tracking.Artifacts;
using Lepton.Tracking.Remote;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Lepton.Tracking.Server;

/// <summary>
/// Lepton's tracking server: the HTTP API under <c>/api/</c> in front of one metadata store and artifact folder,
/// its OpenAPI document at <c>/openapi.json</c> and <c>/health</c>. <c>lepton tracking server</c> runs it; the
/// SDK reaches it with <c>LEPTON_TRACKING_URI=http://host:port</c>.
/// </summary>
public static class TrackingServer
{
    /// <summary>
    /// Opens the store <paramref name="options"/> names (bringing its schema up to date and marking runs whose
    /// process died as failed) and builds the server, ready to <c>RunAsync</c> or <c>StartAsync</c>.
    /// </summary>
    public static async Task<WebApplication> CreateAsync(TrackingServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var defaults = TrackingSettings.FromEnvironment();
        var settings = new TrackingSettings(options.StoreUri ?? defaults.TrackingUri, options.ArtifactRoot ?? defaults.ArtifactRoot);
        if (settings.Kind == StoreKind.Server)
            throw new ArgumentException($"LEPTON_TRACKING_URI names a server ({settings.TrackingUri}); give the server its own store with --store (a SQLite path or PostgreSQL URI).", nameof(options));

        var client = await TrackingClient.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        try
        {
            // Opening already failed runs silent for the default time; the server's own setting may be shorter.
            await client.Store.FailAbandonedRunsAsync(options.StaleAfter, cancellationToken).ConfigureAwait(false);
            return Build(options, client);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The address a started server listens on, e.g. <c>http://127.0.0.1:5000</c> (with the real port when 0 was asked).</summary>
    public static Uri AddressOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server is not listening yet: call StartAsync first.");
        return new Uri(first);
    }

    private static WebApplication Build(TrackingServerOptions options, TrackingClient client)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TrackingServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(FormattableString.Invariant($"http://{options.Host}:{options.Port}"));
        // Kestrel's limit is the largest body any route takes; ErrorResponses holds each route to its own.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxJsonBodySize, options.MaxArtifactSize));
        // Who starts the server says where it listens (the CLI prints it); the host's start-up banner would repeat it.
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", options.LogLevel > LogLevel.Warning ? options.LogLevel : LogLevel.Warning);
        // A failed start (e.g. the port is taken) reaches the caller as an exception; the host's log of it is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        // Built by a factory so the container owns the client and disposes its store when the server is disposed.
        builder.Services.AddSingleton(_ => client);
        builder.Services.AddSingleton<IMetadataStore>(sp => sp.GetRequiredService<TrackingClient>().Store);
        builder.Services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<TrackingClient>().Artifacts);
        builder.Services.AddSingleton(new ServerLimits(options.MaxJsonBodySize, options.MaxArtifactSize));
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Apply(json.SerializerOptions));
        // Bad bodies and parameters throw, so ErrorResponses can answer them with a JSON error naming the field.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Lepton tracking API";
            document.Info.Description = "Experiments, runs, metrics, artifacts and the model registry of one Lepton tracking store.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.Services.GetRequiredService<TrackingClient>();
        app.UseMiddleware<ErrorResponses>();
        app.UseStatusCodePages(ErrorResponses.WriteStatusAsync);
        app.MapOpenApi("/openapi.json");
        app.MapHealthApi();
        app.MapExperimentsApi();
        app.MapRunsApi();
        app.MapArtifactsApi();
        app.MapModelsApi();
        return app;
    }
}

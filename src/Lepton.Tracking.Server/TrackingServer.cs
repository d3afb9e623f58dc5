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
    /// process died as failed) and builds the server, ready to <c>RunAsync</c> or <c>StartAsync</c>. It is built from
    /// <see cref="TrackingServiceCollectionExtensions.AddLeptonTracking"/> and
    /// <see cref="TrackingApplicationExtensions.MapLeptonTracking"/>, which host the API in an app of your own.
    /// </summary>
    public static Task<WebApplication> CreateAsync(TrackingServerOptions options, CancellationToken cancellationToken = default) =>
        CreateAsync(options, null, null, cancellationToken);

    /// <summary>
    /// Builds the server with more beside its API: <paramref name="compose"/> adds services to the builder and
    /// <paramref name="map"/> maps routes into the app (<c>lepton tracking server</c> adds the dashboard's pages so).
    /// The API's JSON errors then cover its own routes and requests no route answers, not the added routes.
    /// </summary>
    public static async Task<WebApplication> CreateAsync(TrackingServerOptions options, Action<WebApplicationBuilder>? compose, Action<WebApplication>? map, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.AllowUnauthenticatedRemote && !HostAddresses.IsLoopback(options.Host))
            throw new ArgumentException(
                $"The tracking server would listen on {options.Host}, beyond this machine, and its API has no authentication: anyone who reaches it " +
                "could read and change every run and model. Listen on 127.0.0.1 (and reach it through an SSH tunnel or a proxy that authenticates), " +
                "or pass --insecure (TrackingServerOptions.AllowUnauthenticatedRemote) to serve it anyway.", nameof(options));
        var app = Build(options, compose, map);
        try
        {
            // Opened now rather than at start, so a store that cannot be used fails here, before anything listens.
            await app.Services.GetRequiredService<TrackingStoreOpener>().OpenAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
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

    private static WebApplication Build(TrackingServerOptions options, Action<WebApplicationBuilder>? compose, Action<WebApplication>? map)
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

        builder.Services.AddLeptonTracking(options.CopyTo);
        compose?.Invoke(builder);

        var app = builder.Build();
        // As the server, the API answers unknown routes in its way too, and its document is the root one.
        TrackingApplicationExtensions.Map(app, map is null ? TrackingApplicationExtensions.ErrorScope.Every : TrackingApplicationExtensions.ErrorScope.OwnAndUnrouted, "/openapi.json");
        map?.Invoke(app);
        app.UseStatusCodePages(ErrorResponses.WriteStatusAsync);
        return app;
    }
}

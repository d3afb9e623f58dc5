using System.Net;
using Lepton.Serving.Hosting;
using Lepton.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Serving;

/// <summary>
/// An HTTP inference server for Lepton models: Open Inference Protocol v2, a simple prediction route for images,
/// an admin API for versions and traffic, API keys, Prometheus metrics and an OpenAPI document. Start it, load
/// models, and stop it; stopping finishes the requests in flight. To host it in an app beside other routes, use
/// <see cref="ServingServiceCollectionExtensions.AddLeptonServing"/> and <see cref="ServingApplicationExtensions.MapLeptonServing"/>,
/// which this server is built from.
/// </summary>
public sealed class InferenceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _started;

    private InferenceServer(WebApplication app, ServingOptions options)
    {
        _app = app;
        Options = options;
        Host = app.Services.GetRequiredService<ModelHost>();
    }

    /// <summary>The settings the server runs with.</summary>
    public ServingOptions Options { get; }

    /// <summary>The base address it listens on, once started (with the real port when 0 was asked for).</summary>
    public Uri Address
    {
        get
        {
            if (!_started) throw new InvalidOperationException("The server has not started yet; call StartAsync first.");
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    internal ModelHost Host { get; }

    /// <summary>Builds a server with <paramref name="options"/> (checked first); <paramref name="logging"/> sets up logging (console by default).</summary>
    public static InferenceServer Create(ServingOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true).SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        else logging(builder.Logging);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            options.ConfigureLimits?.Invoke(kestrel.Limits);
            if (options.Host is "*" or "0.0.0.0") kestrel.ListenAnyIP(options.Port);
            else if (options.Host == "localhost") kestrel.ListenLocalhost(options.Port);
            else kestrel.Listen(IPAddress.Parse(options.Host), options.Port);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        // Serving writes its answers with its own JSON conventions; the app's are what the OpenAPI document describes.
        builder.Services.ConfigureHttpJsonOptions(json => ProtocolJson.Configure(json.SerializerOptions));
        builder.Services.AddLeptonServing(options.CopyTo);

        var app = builder.Build();
        ServingApplicationExtensions.Map(app, everyRequest: true);
        return new InferenceServer(app, options);
    }

    /// <summary>
    /// Why a server with <paramref name="options"/> must not start: it would listen beyond this machine with no API
    /// keys and without <see cref="ServingOptions.AllowUnauthenticatedRemote"/>; null when it may.
    /// </summary>
    internal static string? ExposureProblem(ServingOptions options) => options.AllowUnauthenticatedRemote ? null : options.UnauthenticatedExposure();

    /// <summary>Starts listening.</summary>
    /// <exception cref="InvalidOperationException">It would listen beyond this machine with no API key (see <see cref="ServingOptions.UnauthenticatedExposure"/>).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (ExposureProblem(Options) is { } problem) throw new InvalidOperationException(problem);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        Host.DeploymentTarget = Lepton.Tracking.Deployment.TargetOf("lepton serve", Address);
    }

    /// <summary>
    /// Loads a model version from a <c>.lepton</c> file or a registry reference (<c>name@alias</c>, <c>name/3</c>)
    /// beside what is loaded; the first version of a name (or any, with <paramref name="switchTraffic"/>) takes its traffic.
    /// A registry model's deployment is recorded in the registry.
    /// </summary>
    public async Task<ModelStatus> LoadAsync(string source, string? name = null, string? version = null, bool switchTraffic = true, CancellationToken cancellationToken = default)
    {
        try
        {
            var loaded = await Host.LoadAsync(name, source, version, switchTraffic, cancellationToken).ConfigureAwait(false);
            var audit = _app.Services.GetRequiredService<AuditLog>();
            audit.Append("model.load", null, "local", null, new Dictionary<string, object?> { ["source"] = source, ["model"] = loaded.Name, ["version"] = loaded.Version });
            return Host.Status(loaded);
        }
        catch (ModelHostException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    /// <summary>Stops taking connections and waits (up to the shutdown timeout) for requests in flight to be answered.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Completes when the host shuts down (Ctrl+C or SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server if running, finishes queued inference and releases the models.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            try
            {
                await _app.StopAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

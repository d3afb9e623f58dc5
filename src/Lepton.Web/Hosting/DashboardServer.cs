using Lepton.Tracking;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Web;

/// <summary>
/// <c>lepton ui</c>: the dashboard alone, over any tracking store — a SQLite file, PostgreSQL, or a tracking server
/// by its address. <c>lepton tracking server</c> serves the same pages beside its API.
/// </summary>
public static class DashboardServer
{
    /// <summary>
    /// Opens the store <paramref name="options"/> names and builds the dashboard, ready to <c>StartAsync</c>. The app
    /// owns the store: disposing it closes the store.
    /// </summary>
    /// <exception cref="ArgumentException">A host beyond this machine without <see cref="DashboardServerOptions.AllowUnauthenticatedRemote"/>, or a bad port.</exception>
    /// <exception cref="TrackingException">The store cannot be opened.</exception>
    public static async Task<WebApplication> CreateAsync(DashboardServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535) throw new ArgumentException($"The port is {options.Port}; use 0 to 65535 (0 picks a free one).", nameof(options));
        if (!options.AllowUnauthenticatedRemote && !HostAddresses.IsLoopback(options.Host))
            throw new ArgumentException(
                $"The dashboard would listen on {options.Host}, beyond this machine, and it has no sign-in yet: anyone who reaches it could read every run " +
                "and move model aliases. Listen on 127.0.0.1 (and reach it through an SSH tunnel or a proxy that authenticates), or pass --insecure to serve it anyway.",
                nameof(options));

        var defaults = TrackingSettings.FromEnvironment();
        var settings = new TrackingSettings(options.TrackingUri ?? defaults.TrackingUri, options.ArtifactRoot ?? defaults.ArtifactRoot);
        var tracking = await TrackingClient.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.WebHost.UseUrls(FormattableString.Invariant($"http://{options.Host}:{options.Port}"));
            builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Logging.SetMinimumLevel(options.LogLevel);
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            // Made by a factory, so the container disposes it (closing the store) with the app.
            builder.Services.AddSingleton(_ => tracking);
            builder.Services.AddLeptonDashboard(dashboard =>
            {
                foreach (var endpoint in options.Serving) dashboard.Serving.Add(endpoint);
            });
            var app = builder.Build();
            // Resolved once now, so the container holds the instance and disposes it with the app even if no page was ever asked for.
            _ = app.Services.GetRequiredService<TrackingClient>();
            app.MapLeptonDashboard();
            return app;
        }
        catch
        {
            await tracking.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The address a started dashboard listens on, e.g. <c>http://127.0.0.1:5000/</c> (with the real port when 0 was asked).</summary>
    public static Uri AddressOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The dashboard is not listening yet: call StartAsync first.");
        return new Uri(first);
    }
}

using Lepton.Tracking.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lepton.Tracking.Server;

/// <summary>
/// Opens the store the options name when the host starts (bringing its schema up to date and marking runs whose
/// process died as failed) and holds the client the routes use until the host is disposed.
/// </summary>
internal sealed class TrackingStoreOpener(IOptions<TrackingServerOptions> options) : IHostedService, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TrackingClient? _client;

    public TrackingClient Client => _client ?? throw new InvalidOperationException("The tracking store is not open yet: start the host first.");

    /// <summary>Opens the store unless it is open already.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is not null) return;
            var server = options.Value;
            var defaults = TrackingSettings.FromEnvironment();
            var settings = new TrackingSettings(server.StoreUri ?? defaults.TrackingUri, server.ArtifactRoot ?? defaults.ArtifactRoot);
            if (settings.Kind == StoreKind.Server)
                throw new ArgumentException($"LEPTON_TRACKING_URI names a server ({settings.TrackingUri}); give the server its own store with --store (a SQLite path or PostgreSQL URI).", nameof(options));

            var client = await TrackingClient.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            try
            {
                // Opening already failed runs silent for the default time; the server's own setting may be shorter.
                await client.Store.FailAbandonedRunsAsync(server.StaleAfter, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            _client = client;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}

using Lepton.Serving;
using Lepton.Tracking;
using Lepton.Tracking.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Lepton.Web.Tests;

/// <summary>
/// Inference servers the dashboard learns of only from its tracking store: real <c>lepton serve</c>s
/// (<see cref="InferenceServer"/>) that load a registered model from a tracking server and so record their deployment
/// there — one live, one with API keys, one stopped since — and a header-recording server recorded by hand. The dashboard
/// reads that tracking server and is given with --serve (and its key) only another header-recording server.
/// </summary>
public sealed class RecordedServers : IAsyncLifetime
{
    public const string Model = "recorded-classifier";
    public const string DashboardKey = "lepton_dashboard_test_key_never_for_found_servers";

    private readonly TempFolder _folder = new();
    private readonly List<InferenceServer> _servers = [];
    private WebApplication? _tracking;
    private WebApplication? _dashboard;

    /// <summary>The dashboard, started without --serve for any of the inference servers.</summary>
    public Uri Address { get; private set; } = default!;

    public Uri TrackingAddress { get; private set; } = default!;

    public InferenceServer Live { get; private set; } = default!;

    public InferenceServer Keyed { get; private set; } = default!;

    /// <summary>Where a server served the model, recorded it, and stopped.</summary>
    public Uri Stopped { get; private set; } = default!;

    /// <summary>Found in the store only (its deployment recorded by hand): must never see the dashboard's key.</summary>
    public HeaderRecorder Found { get; private set; } = default!;

    /// <summary>Given to the dashboard with --serve and <see cref="DashboardKey"/>.</summary>
    public HeaderRecorder Given { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var store = TrackingSettings.InFolder(_folder.PathOf("store"));
        _tracking = await TrackingServer.CreateAsync(new TrackingServerOptions { Port = 0, StoreUri = store.TrackingUri, ArtifactRoot = store.ArtifactRoot, LogLevel = LogLevel.Critical });
        await _tracking.StartAsync();
        TrackingAddress = DashboardServer.AddressOf(_tracking);
        await using var tracking = await TrackingClient.OpenAsync(new TrackingSettings(TrackingAddress.AbsoluteUri, _folder.PathOf("unused")));
        await tracking.Registry.RegisterFileAsync(Model, Path.Combine(AppContext.BaseDirectory, "classifier.lepton"));

        var stopped = await ServeAsync("stopped", withKeys: false);
        Stopped = stopped.Address;
        await stopped.StopAsync();
        Keyed = await ServeAsync("keyed", withKeys: true);
        Live = await ServeAsync("live", withKeys: false);

        Found = await HeaderRecorder.StartAsync();
        Given = await HeaderRecorder.StartAsync();
        await tracking.Store.RecordDeploymentAsync(Model, 1, Deployment.TargetOf("lepton serve", Found.Address));

        var options = new DashboardServerOptions { Port = 0, TrackingUri = TrackingAddress.AbsoluteUri };
        options.Serving.Add(new ServingEndpoint(Given.Address, DashboardKey));
        _dashboard = await DashboardServer.CreateAsync(options);
        await _dashboard.StartAsync();
        Address = DashboardServer.AddressOf(_dashboard);
    }

    /// <summary>A <c>lepton serve</c> on a free loopback port that loads version 1 of <see cref="Model"/> from the tracking server, which records the deployment.</summary>
    private async Task<InferenceServer> ServeAsync(string name, bool withKeys)
    {
        var keys = new ApiKeyStore(_folder.PathOf($"{name}-keys.json"));
        if (withKeys) keys.Create("ops", [ApiKeyStore.AdminScope]);
        var server = InferenceServer.Create(new ServingOptions
        {
            Port = 0,
            KeysPath = keys.Path,
            AuditLogPath = _folder.PathOf($"{name}-audit.jsonl"),
            TrackingUri = TrackingAddress.AbsoluteUri,
        }, logging => logging.SetMinimumLevel(LogLevel.Warning));
        _servers.Add(server);
        await server.StartAsync();
        await server.LoadAsync($"{Model}/1");
        return server;
    }

    public async Task DisposeAsync()
    {
        if (_dashboard is not null) await _dashboard.DisposeAsync();
        foreach (var server in _servers) await server.DisposeAsync();
        if (Found is not null) await Found.DisposeAsync();
        if (Given is not null) await Given.DisposeAsync();
        if (_tracking is not null) await _tracking.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RecordedCollection : ICollectionFixture<RecordedServers>
{
    public const string Name = "recorded";
}

using System.CommandLine;
using Lepton.Tracking;
using Lepton.Tracking.Server;
using Lepton.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton tracking server</c>: serves a tracking store over HTTP until Ctrl+C.</summary>
internal static class TrackingServerCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (0 picks a free one).", DefaultValueFactory = _ => TrackingServerOptions.DefaultPort };
        var host = new Option<string>("--host") { Description = "The address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every network.", DefaultValueFactory = _ => "127.0.0.1" };
        var store = new Option<string?>("--store") { Description = "The metadata store: a SQLite path (.db) or a PostgreSQL URI (default: LEPTON_TRACKING_URI, else ~/.lepton/lepton.db)." };
        var artifacts = new Option<string?>("--artifacts") { Description = "The artifact folder (default: LEPTON_ARTIFACT_ROOT, else ~/.lepton/artifacts)." };
        var insecure = new Option<bool>("--insecure") { Description = "Listen beyond this machine (--host 0.0.0.0) although the tracking API has no authentication." };
        var maxArtifactSize = new Option<long>("--max-artifact-size")
        {
            Description = $"The largest artifact upload accepted, e.g. 500MB or 8GiB (default {TrackingServerOptions.DefaultMaxArtifactSize >> 30} GiB); larger ones get 413.",
            DefaultValueFactory = _ => TrackingServerOptions.DefaultMaxArtifactSize,
            CustomParser = argument =>
            {
                var bytes = ByteSize.Parse(argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "", "--max-artifact-size", out var error);
                if (error is not null) argument.AddError(error);
                return bytes ?? 0;
            },
        };
        var server = new Command("server", "Serve the tracking store over HTTP (API under /api, OpenAPI at /openapi.json, the dashboard's pages at /); point clients at it with LEPTON_TRACKING_URI=http://host:port.")
        {
            port, host, store, artifacts, maxArtifactSize, insecure,
        };
        server.SetAction(async (result, cancellationToken) =>
        {
            var options = new TrackingServerOptions
            {
                Port = result.GetValue(port),
                Host = result.GetValue(host)!,
                StoreUri = result.GetValue(store),
                ArtifactRoot = result.GetValue(artifacts),
                MaxArtifactSize = result.GetValue(maxArtifactSize),
                AllowUnauthenticatedRemote = result.GetValue(insecure),
            };
            if (options.AllowUnauthenticatedRemote && !HostAddresses.IsLoopback(options.Host))
                await Console.Error.WriteLineAsync($"WARNING: --insecure: the tracking API on {options.Host} has no authentication. Anyone who can reach this port can read and change every run and model.").ConfigureAwait(false);
            return await RunAsync(options, console, cancellationToken).ConfigureAwait(false);
        });
        return new Command("tracking", "Experiment tracking and the model registry.") { server };
    }

    private static async Task<int> RunAsync(TrackingServerOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        // The dashboard's pages beside the API, over the same store (lepton ui shows them alone).
        var app = await WebServerStart.CreateAsync(() => TrackingServer.CreateAsync(options, builder => builder.Services.AddLeptonDashboard(), web => web.MapLeptonDashboard(), cancellationToken)).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await WebServerStart.StartAsync(app, options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            var client = app.Services.GetRequiredService<TrackingClient>();
            var address = TrackingServer.AddressOf(app);
            console.MarkupLineInterpolated($"Lepton tracking server on [bold]{address}[/] (Ctrl+C stops it)");
            console.MarkupLineInterpolated($"  store:     {client.Store.Description}");
            console.MarkupLineInterpolated($"  artifacts: {client.Artifacts.Description}");
            console.MarkupLineInterpolated($"  dashboard: {address}");
            console.MarkupLineInterpolated($"  API:       {address}openapi.json");
            console.MarkupLineInterpolated($"  clients:   LEPTON_TRACKING_URI={address.AbsoluteUri.TrimEnd('/')}");
            // The host's console lifetime turns Ctrl+C and SIGTERM into a graceful stop: requests in flight finish.
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        console.MarkupLine("Tracking server stopped.");
        return ExitCodes.Success;
    }
}

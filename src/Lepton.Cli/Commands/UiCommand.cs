using System.CommandLine;
using Lepton.Tracking;
using Lepton.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton ui</c>: the web dashboard over a tracking store, until Ctrl+C.</summary>
internal static class UiCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (0 picks a free one).", DefaultValueFactory = _ => DashboardServerOptions.DefaultPort };
        var host = new Option<string>("--host") { Description = "The address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every network.", DefaultValueFactory = _ => "127.0.0.1" };
        var tracking = new Option<string?>("--tracking") { Description = "The store to show: a SQLite path (.db), a PostgreSQL URI or a tracking server's http:// address (default: LEPTON_TRACKING_URI, else ~/.lepton/lepton.db)." };
        var artifacts = new Option<string?>("--artifacts") { Description = "The artifact folder of a SQLite or PostgreSQL store (default: LEPTON_ARTIFACT_ROOT, else ~/.lepton/artifacts)." };
        var insecure = new Option<bool>("--insecure") { Description = "Listen beyond this machine (--host 0.0.0.0) although the dashboard has no sign-in yet." };
        var serve = new Option<string[]>("--serve") { Description = "A running 'lepton serve' (http://host:port) the dashboard sends --serve-key to and may change traffic on, for the deployments and playground pages; repeat for several. Servers recorded in the tracking store appear on the deployments page without it (read-only, no key).", AllowMultipleArgumentsPerToken = false };
        var serveKey = new Option<string?>("--serve-key") { Description = "The API key sent to the --serve servers only, never to servers found in the store (admin scope to change traffic; default: LEPTON_SERVE_KEY)." };
        var command = new Command("ui", "Open the web dashboard: experiments and runs, run pages with charts and artifacts, run comparison, the model registry with evaluations, studies, datasets with profiles and drift, the deployments (servers recorded in the store, and those given with --serve, whose traffic it can change) and with --serve a playground.")
        {
            port, host, tracking, artifacts, insecure, serve, serveKey,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new DashboardServerOptions
            {
                Port = result.GetValue(port),
                Host = result.GetValue(host)!,
                TrackingUri = result.GetValue(tracking),
                ArtifactRoot = result.GetValue(artifacts),
                AllowUnauthenticatedRemote = result.GetValue(insecure),
            };
            var key = result.GetValue(serveKey) ?? Environment.GetEnvironmentVariable("LEPTON_SERVE_KEY");
            foreach (var address in result.GetValue(serve) ?? [])
            {
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw new CliException($"--serve {address}: give a server's address, e.g. http://127.0.0.1:8080.");
                options.Serving.Add(new ServingEndpoint(uri, string.IsNullOrEmpty(key) ? null : key));
            }

            if (options.AllowUnauthenticatedRemote && !HostAddresses.IsLoopback(options.Host))
                await Console.Error.WriteLineAsync($"WARNING: --insecure: the dashboard on {options.Host} has no sign-in. Anyone who can reach this port can read every run and move model aliases.").ConfigureAwait(false);
            return await RunAsync(options, console, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(DashboardServerOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var app = await WebServerStart.CreateAsync(() => DashboardServer.CreateAsync(options, cancellationToken)).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await WebServerStart.StartAsync(app, options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            var store = app.Services.GetRequiredService<TrackingClient>().Store;
            console.MarkupLineInterpolated($"Lepton dashboard on [bold]{DashboardServer.AddressOf(app)}[/] (Ctrl+C stops it)");
            console.MarkupLineInterpolated($"  store: {store.Description}");
            foreach (var endpoint in options.Serving) console.MarkupLineInterpolated($"  serve: {endpoint}");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        console.MarkupLine("Dashboard stopped.");
        return ExitCodes.Success;
    }
}

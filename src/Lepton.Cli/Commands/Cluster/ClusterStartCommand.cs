using System.CommandLine;
using Lepton.Cluster.Hosting;
using Lepton.Tracking;
using Lepton.Tuning.Studies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Spectre.Console;

namespace Lepton.Cli.Commands.Cluster;

/// <summary>
/// <c>lepton cluster start [--silo-port N --gateway-port N] [--role worker|serving]</c>: runs a silo on loopback until
/// Ctrl+C. The first silo (on the primary silo port, 11111) starts the cluster; the next ones, on other ports, join it.
/// </summary>
internal static class ClusterStartCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var siloPort = new Option<int>("--silo-port") { Description = "The port other silos reach this one on.", DefaultValueFactory = _ => ClusterConnection.DefaultSiloPort };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "The port clients connect to (--cluster 127.0.0.1:PORT).", DefaultValueFactory = _ => ClusterConnection.DefaultGatewayPort };
        var primary = new Option<int>("--primary-port") { Description = "The silo port of the cluster's first silo, which this one joins through.", DefaultValueFactory = _ => ClusterConnection.DefaultSiloPort };
        var role = new Option<ClusterRole>("--role") { Description = "worker (runs trials) or serving (serves models only).", DefaultValueFactory = _ => ClusterRole.Worker };
        var command = new Command("start", "Start a silo on this machine (loopback) and run it until Ctrl+C; it prints the --cluster address clients use.")
        {
            siloPort, gatewayPort, primary, role,
        };
        command.SetAction((result, cancellationToken) => RunAsync(new SiloSettings
        {
            SiloPort = result.GetValue(siloPort),
            GatewayPort = result.GetValue(gatewayPort),
            PrimarySiloPort = result.GetValue(primary),
            Role = result.GetValue(role),
        }, console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(SiloSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = LeptonSilo.Create(settings);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        using (host)
        {
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new CliException($"The silo did not start on ports {settings.SiloPort} and {settings.GatewayPort}: {e.Message}. " +
                                       $"Is another silo using them? Give others with --silo-port and --gateway-port; a second silo joins the first with --primary-port {settings.PrimarySiloPort}.");
            }

            var silo = host.Services.GetRequiredService<ILocalSiloDetails>();
            var store = host.Services.GetRequiredService<IStudyStore>();
            var where = store is TrackingStudyStore tracking ? tracking.Description : "memory";
            console.MarkupLineInterpolated($"Silo [bold]{silo.SiloAddress}[/] ({silo.Name}, {settings.Role.ToString().ToLowerInvariant()}) is up; studies live in {where}.");
            console.MarkupLineInterpolated($"Clients connect with [bold]--cluster {settings.Connection}[/]; another silo joins with: lepton cluster start --silo-port {settings.SiloPort + 1} --gateway-port {settings.GatewayPort + 1} --primary-port {settings.PrimarySiloPort}");
            console.MarkupLine("Ctrl+C stops it.");
            // The host's console lifetime turns Ctrl+C and SIGTERM into ApplicationStopping.
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM.
            }
            console.MarkupLine("Stopping the silo…");
            await host.StopAsync(CancellationToken.None);
        }
        return ExitCodes.Success;
    }
}

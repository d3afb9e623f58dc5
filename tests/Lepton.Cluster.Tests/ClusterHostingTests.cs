using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lepton.Cluster.Hosting;
using Lepton.Cluster.Tuning;
using Lepton.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Cluster.Tests;

/// <summary>
/// The hosting <c>lepton cluster start</c> and <c>lepton tune --cluster</c> use, in this process: two silos built by
/// <see cref="LeptonSilo"/> on loopback ports (the second joining the first), and a client connecting through a
/// connection string, as the command line's client does.
/// </summary>
public sealed class ClusterHostingTests
{
    [Fact]
    public async Task A_client_connected_by_its_connection_string_runs_a_study_on_two_localhost_silos()
    {
        using var folder = new TempFolder();
        using var probe = new FailoverProbe();
        var tracking = TrackingSettings.InFolder(folder.Path);
        var (siloPort, gatewayPort, siloPort2, gatewayPort2) = (FreePort(), FreePort(), FreePort(), FreePort());
        void AddObjective(ISiloBuilder silo) => silo.Services.AddSingleton(probe).AddSingleton<IClusterObjective, SlowQuadratic>();
        using var first = LeptonSilo.Create(new SiloSettings { SiloPort = siloPort, GatewayPort = gatewayPort, PrimarySiloPort = siloPort, Tracking = tracking }, AddObjective);
        using var second = LeptonSilo.Create(new SiloSettings { SiloPort = siloPort2, GatewayPort = gatewayPort2, PrimarySiloPort = siloPort, Tracking = tracking }, AddObjective);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await first.StartAsync(timeout.Token);
        await second.StartAsync(timeout.Token);
        try
        {
            var connection = ClusterConnection.Parse($"localhost:{gatewayPort}, 127.0.0.1:{gatewayPort2}");
            using var client = LeptonClusterClient.Create(connection);
            await client.StartAsync(timeout.Token);
            var coordinator = client.Services.GetRequiredService<IClusterClient>().GetGrain<IStudyCoordinatorGrain>("hosted");
            var progress = await coordinator.SubmitAsync(new StudySubmission { Name = "hosted", Objective = SlowQuadratic.Name, Trials = 4, Seed = 2 });
            var clock = Stopwatch.StartNew();
            while (!progress.IsComplete && clock.Elapsed < TimeSpan.FromSeconds(40))
            {
                await Task.Delay(200, timeout.Token);
                progress = await coordinator.ProgressAsync() ?? progress;
            }

            Assert.True(progress.IsComplete, string.Join("; ", progress.Trials.Select(t => $"{t.Number} {t.State} {t.Error}")));
            Assert.Equal(4, progress.Trials.Count(t => t.State == "complete"));
            Assert.Equal(2, progress.Workers.Count);
            await client.StopAsync(CancellationToken.None);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            await first.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_connection_string_lists_gateways_and_says_what_is_wrong_with_a_bad_one()
    {
        var connection = ClusterConnection.Parse("localhost:30000,127.0.0.1:30001");
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 30000), new IPEndPoint(IPAddress.Loopback, 30001)], connection.Gateways);
        Assert.Equal("127.0.0.1:30000,127.0.0.1:30001", connection.ToString());
        Assert.Contains("write HOST:PORT", Assert.Throws<FormatException>(() => ClusterConnection.Parse("127.0.0.1")).Message);
        Assert.Contains("write HOST:PORT", Assert.Throws<FormatException>(() => ClusterConnection.Parse("127.0.0.1:99999")).Message);
        Assert.Throws<FormatException>(() => ClusterConnection.Parse(" , "));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using Lepton.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Lepton.Cluster.Hosting;

/// <summary>
/// A Lepton silo in a host of its own: localhost clustering on loopback (the first silo, on
/// <see cref="SiloSettings.PrimarySiloPort"/>, is the one the others join through), the studies' store on the tracking
/// database, and Lepton's grains. What <c>lepton cluster start</c> runs until Ctrl+C.
/// </summary>
public static class LeptonSilo
{
    /// <summary>
    /// Builds (does not start) a silo host; <paramref name="configure"/> adds to the silo (objectives of one's own, say).
    /// Ctrl+C and SIGTERM stop it (its <see cref="IHostApplicationLifetime.ApplicationStopping"/> fires): wait on that.
    /// </summary>
    public static IHost Create(SiloSettings settings, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var tracking = settings.Tracking ?? TrackingSettings.FromEnvironment();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Its start-up notes (ServerGC) are no warning on a 2-core machine; its errors still show.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, new IPEndPoint(IPAddress.Loopback, settings.PrimarySiloPort),
                ClusterConnection.ServiceId, ClusterConnection.ClusterId);
            silo.Configure<SiloOptions>(o => o.SiloName = ClusterRoles.SiloName(settings.Role));
            silo.AddLeptonTuning(_ => TrackingStudyStore.OpenAsync(tracking).GetAwaiter().GetResult());
            configure?.Invoke(silo);
        });
        return builder.Build();
    }
}

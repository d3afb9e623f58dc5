using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Lepton.Cluster.Hosting;

/// <summary>A client of a Lepton cluster in a host of its own, connected through the gateways of a <see cref="ClusterConnection"/>.</summary>
public static class LeptonClusterClient
{
    /// <summary>Builds (does not start) a client host; its services hold the <see cref="IClusterClient"/>.</summary>
    public static IHost Create(ClusterConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, CallerLifetime>();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. connection.Gateways]);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterConnection.ClusterId;
                o.ServiceId = ClusterConnection.ServiceId;
            });
        });
        return builder.Build();
    }
}

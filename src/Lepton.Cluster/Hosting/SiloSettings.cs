using Lepton.Tracking;

namespace Lepton.Cluster.Hosting;

/// <summary>How <c>lepton cluster start</c> runs a silo.</summary>
public sealed record SiloSettings
{
    /// <summary>The port other silos reach this one on.</summary>
    public int SiloPort { get; init; } = ClusterConnection.DefaultSiloPort;

    /// <summary>The port clients (<c>--cluster</c>) connect to.</summary>
    public int GatewayPort { get; init; } = ClusterConnection.DefaultGatewayPort;

    /// <summary>The silo port of the cluster's first silo, which every silo of a localhost cluster joins through.</summary>
    public int PrimarySiloPort { get; init; } = ClusterConnection.DefaultSiloPort;

    /// <summary>What the silo is for.</summary>
    public ClusterRole Role { get; init; } = ClusterRole.Worker;

    /// <summary>The tracking database the cluster's studies live in (every silo and client must use the same one); the environment's when null.</summary>
    public TrackingSettings? Tracking { get; init; }

    /// <summary>The address clients use for this silo's gateway.</summary>
    public ClusterConnection Connection => ClusterConnection.To(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, GatewayPort));

    internal void Validate()
    {
        foreach (var (name, port) in new[] { ("silo port", SiloPort), ("gateway port", GatewayPort), ("primary silo port", PrimarySiloPort) })
            if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(SiloSettings), port, $"The {name} must be from 1 to 65535.");
        if (SiloPort == GatewayPort) throw new ArgumentException($"The silo port and the gateway port are both {SiloPort}; give two different ports.", nameof(SiloSettings));
    }
}

using System.Globalization;
using System.Net;

namespace Lepton.Cluster.Hosting;

/// <summary>
/// How a client reaches a Lepton cluster: the gateways of one or more silos, <c>HOST:PORT[,HOST:PORT…]</c>
/// (<c>127.0.0.1:30000</c>, what <c>lepton cluster start</c> prints). The one place that writes and reads the format,
/// and the cluster's identity every silo and client shares.
/// </summary>
public sealed record ClusterConnection
{
    /// <summary>The Orleans cluster id of every Lepton cluster.</summary>
    public const string ClusterId = "lepton";

    /// <summary>The Orleans service id of every Lepton cluster.</summary>
    public const string ServiceId = "lepton";

    /// <summary>The gateway port of the first silo when none is given.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The silo-to-silo port of the first silo when none is given.</summary>
    public const int DefaultSiloPort = 11111;

    private ClusterConnection(IReadOnlyList<IPEndPoint> gateways) => Gateways = gateways;

    /// <summary>The silos' gateway endpoints.</summary>
    public IReadOnlyList<IPEndPoint> Gateways { get; }

    /// <summary>A connection to the gateways given.</summary>
    public static ClusterConnection To(params IPEndPoint[] gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        if (gateways.Length == 0) throw new ArgumentException("A cluster connection needs at least one gateway.", nameof(gateways));
        return new ClusterConnection(gateways);
    }

    /// <summary>Reads <c>HOST:PORT[,HOST:PORT…]</c>; <c>localhost</c> means 127.0.0.1.</summary>
    /// <exception cref="FormatException">The text is not a list of gateways; the message says which part and what is expected.</exception>
    public static ClusterConnection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new FormatException("The cluster connection is empty; give a silo's gateway as HOST:PORT (lepton cluster start prints it).");
        return new ClusterConnection([.. parts.Select(ParseGateway)]);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(',', Gateways.Select(g => g.ToString()));

    private static IPEndPoint ParseGateway(string part)
    {
        var colon = part.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"'{part}' is not a gateway: write HOST:PORT, such as 127.0.0.1:{DefaultGatewayPort}.");
        var host = part[..colon].Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new IPEndPoint(IPAddress.Loopback, port);
        if (IPAddress.TryParse(host, out var address)) return new IPEndPoint(address, port);
        var resolved = Dns.GetHostAddresses(host);
        return resolved.Length > 0 ? new IPEndPoint(resolved[0], port) : throw new FormatException($"'{host}' in '{part}' resolves to no address.");
    }
}

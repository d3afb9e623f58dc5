using Microsoft.Extensions.Logging;

namespace Lepton.Tracking.Server;

/// <summary>How a tracking server listens, where it keeps its data and how much it accepts.</summary>
public sealed class TrackingServerOptions
{
    /// <summary>The port <c>lepton tracking server</c> listens on unless told otherwise (MLflow's, so tools find it).</summary>
    public const int DefaultPort = 5000;

    /// <summary>The address to listen on: <c>127.0.0.1</c> (this machine only, the default), <c>0.0.0.0</c> or a host name.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one (see <see cref="TrackingServer.AddressOf"/>).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The metadata store: a SQLite or PostgreSQL URI as <c>LEPTON_TRACKING_URI</c> takes; null for that variable's value or its default.</summary>
    public string? StoreUri { get; set; }

    /// <summary>The artifact folder; null for <c>LEPTON_ARTIFACT_ROOT</c> or its default under <c>LEPTON_HOME</c>.</summary>
    public string? ArtifactRoot { get; set; }

    /// <summary>The largest JSON request body accepted, in bytes (16 MiB unless set); larger ones get 413.</summary>
    public long MaxJsonBodySize { get; set; } = 16L << 20;

    /// <summary>The largest artifact upload accepted, in bytes (8 GiB unless set); larger ones get 413.</summary>
    public long MaxArtifactSize { get; set; } = 8L << 30;

    /// <summary>How long a run on another host may go without a heartbeat before the server marks it failed at start.</summary>
    public TimeSpan StaleAfter { get; set; } = TrackingClient.DefaultStaleAfter;

    /// <summary>The least severe log messages written to the console.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("The host to listen on is empty; use 127.0.0.1 for this machine only or 0.0.0.0 for every network.", nameof(Host));
        if (Port is < 0 or > 65535) throw new ArgumentException($"The port {Port} is not a TCP port: use 1 to 65535, or 0 for a free one.", nameof(Port));
        if (MaxJsonBodySize < 1024) throw new ArgumentException($"The JSON body limit of {MaxJsonBodySize} bytes is too small: allow at least 1024.", nameof(MaxJsonBodySize));
        if (MaxArtifactSize < 1) throw new ArgumentException($"The artifact size limit of {MaxArtifactSize} bytes must be positive.", nameof(MaxArtifactSize));
        if (StaleAfter <= TimeSpan.Zero) throw new ArgumentException($"The stale time {StaleAfter} must be positive.", nameof(StaleAfter));
        if (StoreUri is not null && new TrackingSettings(StoreUri, "").Kind == StoreKind.Server)
            throw new ArgumentException($"The store '{StoreUri}' is itself a server: a tracking server keeps its data in SQLite (a .db path) or PostgreSQL.", nameof(StoreUri));
    }
}

using Microsoft.Extensions.Logging;

namespace Lepton.Tracking.Server;

/// <summary>
/// How a tracking server listens, where it keeps its data and how much it accepts. <see cref="Host"/>, <see cref="Port"/>
/// and <see cref="LogLevel"/> are for <see cref="TrackingServer.CreateAsync(TrackingServerOptions, CancellationToken)"/>: an app that hosts the API with
/// <c>AddLeptonTracking</c> listens and logs as its own host says.
/// </summary>
public sealed class TrackingServerOptions
{
    /// <summary>The port <c>lepton tracking server</c> listens on unless told otherwise (MLflow's, so tools find it).</summary>
    public const int DefaultPort = 5000;

    /// <summary>The address to listen on: <c>127.0.0.1</c> (this machine only, the default), <c>0.0.0.0</c> or a host name.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// Lets <see cref="TrackingServer.CreateAsync(TrackingServerOptions, CancellationToken)"/> listen beyond this machine (<c>lepton tracking server --insecure</c>).
    /// The tracking API has no authentication, so without it a non-loopback <see cref="Host"/> is refused.
    /// </summary>
    public bool AllowUnauthenticatedRemote { get; set; }

    /// <summary>The port to listen on; 0 picks a free one (see <see cref="TrackingServer.AddressOf"/>).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The metadata store: a SQLite or PostgreSQL URI as <c>LEPTON_TRACKING_URI</c> takes; null for that variable's value or its default.</summary>
    public string? StoreUri { get; set; }

    /// <summary>The artifact folder; null for <c>LEPTON_ARTIFACT_ROOT</c> or its default under <c>LEPTON_HOME</c>.</summary>
    public string? ArtifactRoot { get; set; }

    /// <summary>The largest JSON request body accepted, in bytes (16 MiB unless set); larger ones get 413.</summary>
    public long MaxJsonBodySize { get; set; } = 16L << 20;

    /// <summary>The artifact upload limit unless set: 2 GiB, room for any model Lepton trains on one machine.</summary>
    public const long DefaultMaxArtifactSize = 2L << 30;

    /// <summary>The largest artifact upload accepted, in bytes (<see cref="DefaultMaxArtifactSize"/> unless set); larger ones get 413.</summary>
    public long MaxArtifactSize { get; set; } = DefaultMaxArtifactSize;

    /// <summary>How long a run on another host may go without a heartbeat before the server marks it failed at start.</summary>
    public TimeSpan StaleAfter { get; set; } = TrackingClient.DefaultStaleAfter;

    /// <summary>The least severe log messages written to the console.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that cannot work.</summary>
    public void Validate()
    {
        if (FirstProblem() is var (option, message)) throw new ArgumentException(message, option);
    }

    /// <summary>The first option that cannot work and why, or null when every option can.</summary>
    internal (string Option, string Message)? FirstProblem()
    {
        if (string.IsNullOrWhiteSpace(Host)) return (nameof(Host), "The host to listen on is empty; use 127.0.0.1 for this machine only or 0.0.0.0 for every network.");
        if (Port is < 0 or > 65535) return (nameof(Port), $"The port {Port} is not a TCP port: use 1 to 65535, or 0 for a free one.");
        if (MaxJsonBodySize < 1024) return (nameof(MaxJsonBodySize), $"The JSON body limit of {MaxJsonBodySize} bytes is too small: allow at least 1024.");
        if (MaxArtifactSize < 1) return (nameof(MaxArtifactSize), $"The artifact size limit of {MaxArtifactSize} bytes must be positive.");
        if (StaleAfter <= TimeSpan.Zero) return (nameof(StaleAfter), $"The stale time {StaleAfter} must be positive.");
        if (StoreUri is not null && new TrackingSettings(StoreUri, "").Kind == StoreKind.Server)
            return (nameof(StoreUri), $"The store '{StoreUri}' is itself a server: a tracking server keeps its data in SQLite (a .db path) or PostgreSQL.");
        return null;
    }

    /// <summary>Copies every setting to <paramref name="target"/>, an instance the options pipeline made.</summary>
    internal void CopyTo(TrackingServerOptions target)
    {
        foreach (var property in typeof(TrackingServerOptions).GetProperties())
        {
            if (property.CanWrite) property.SetValue(target, property.GetValue(this));
        }
    }
}

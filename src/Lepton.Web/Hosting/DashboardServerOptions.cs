using Microsoft.Extensions.Logging;

namespace Lepton.Web;

/// <summary>How <c>lepton ui</c> (<see cref="DashboardServer"/>) listens and which tracking store it shows.</summary>
public sealed class DashboardServerOptions
{
    /// <summary>The port <c>lepton ui</c> listens on unless told otherwise.</summary>
    public const int DefaultPort = 5000;

    /// <summary>The address to listen on: <c>127.0.0.1</c> (this machine only, the default), <c>0.0.0.0</c> or a host name.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one (see <see cref="DashboardServer.AddressOf"/>).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>
    /// The store to show: a SQLite path or URI, a PostgreSQL URI or a tracking server's <c>http://</c> address, as
    /// <c>LEPTON_TRACKING_URI</c> takes; null for that variable's value or its default (<c>~/.lepton/lepton.db</c>).
    /// </summary>
    public string? TrackingUri { get; set; }

    /// <summary>The artifact folder (SQLite and PostgreSQL stores); null for <c>LEPTON_ARTIFACT_ROOT</c> or its default.</summary>
    public string? ArtifactRoot { get; set; }

    /// <summary>
    /// Lets the dashboard listen beyond this machine. It has no sign-in yet and its forms move model aliases, so
    /// without this a non-loopback <see cref="Host"/> is refused.
    /// </summary>
    public bool AllowUnauthenticatedRemote { get; set; }

    /// <summary>The inference servers (<c>lepton ui --serve URL</c>) the deployments and playground pages show.</summary>
    public IList<ServingEndpoint> Serving { get; } = [];

    /// <summary>The least severe log level written to the console.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;
}

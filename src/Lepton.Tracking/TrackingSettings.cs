namespace Lepton.Tracking;

/// <summary>
/// Where tracking data lives. <c>LEPTON_TRACKING_URI</c> names the metadata store — a SQLite file
/// (<c>sqlite:///path/lepton.db</c> or a path ending in <c>.db</c>), PostgreSQL (<c>postgresql://user@host:5432/db</c>
/// or an Npgsql connection string) or a Lepton server (<c>http://host:port</c>); <c>LEPTON_ARTIFACT_ROOT</c> the
/// artifact folder. Both default to files under <c>LEPTON_HOME</c> (<c>~/.lepton</c>).
/// </summary>
/// <param name="TrackingUri">The metadata store's address.</param>
/// <param name="ArtifactRoot">The artifact folder (unused for a server, which keeps its own).</param>
public sealed record TrackingSettings(string TrackingUri, string ArtifactRoot)
{
    /// <summary>The environment variable naming the metadata store.</summary>
    public const string UriVariable = "LEPTON_TRACKING_URI";

    /// <summary>The environment variable naming the artifact folder.</summary>
    public const string ArtifactVariable = "LEPTON_ARTIFACT_ROOT";

    /// <summary>The settings the environment gives, with the defaults filled in.</summary>
    public static TrackingSettings FromEnvironment()
    {
        var home = LeptonHome.Path;
        var uri = Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } u ? u : "sqlite:///" + Path.Combine(home, "lepton.db");
        var artifacts = Environment.GetEnvironmentVariable(ArtifactVariable) is { Length: > 0 } a ? Path.GetFullPath(a) : Path.Combine(home, "artifacts");
        return new TrackingSettings(uri, artifacts);
    }

    /// <summary>Settings for one folder: a SQLite file and artifacts inside <paramref name="folder"/>.</summary>
    public static TrackingSettings InFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        return new TrackingSettings("sqlite:///" + Path.Combine(full, "lepton.db"), Path.Combine(full, "artifacts"));
    }

    /// <summary>What kind of store <see cref="TrackingUri"/> names.</summary>
    public StoreKind Kind => KindOf(TrackingUri);

    internal static StoreKind KindOf(string uri)
    {
        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return StoreKind.Server;
        if (uri.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || uri.Contains("host=", StringComparison.OrdinalIgnoreCase)) return StoreKind.Postgres;
        return StoreKind.Sqlite;
    }

    /// <summary>The file a SQLite URI names: <c>sqlite:///abs/path.db</c>, <c>sqlite:relative.db</c> or a plain path.</summary>
    internal static string SqlitePath(string uri)
    {
        var path = uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? uri["sqlite:".Length..] : uri;
        if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..];
        if (path.Length == 0) throw TrackingException.Invalid($"The tracking URI '{uri}' names no file.");
        return Path.GetFullPath(path);
    }
}

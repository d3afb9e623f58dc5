using System.Text.Json.Serialization;

namespace Lepton.Tracking;

/// <summary>A model version put into service somewhere (a server, an endpoint), the last link of lineage.</summary>
public sealed record Deployment(long Id, string Name, int Version, string Target, DateTimeOffset DeployedAt)
{
    /// <summary>
    /// The http(s) address of the server <see cref="Target"/> names (<c>lepton serve http://127.0.0.1:8080</c>, or a bare
    /// URL), without a trailing slash, query or credentials; null when the target names no such address.
    /// </summary>
    [JsonIgnore]
    public Uri? Address => AddressOf(Target);

    /// <summary>The target a server records: what it is, then its address (<c>lepton serve http://127.0.0.1:8080</c>), as <see cref="Address"/> reads it back.</summary>
    public static string TargetOf(string server, Uri address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(server);
        ArgumentNullException.ThrowIfNull(address);
        return $"{server} {address.GetLeftPart(UriPartial.Path).TrimEnd('/')}";
    }

    // The first word of the target that is an absolute http(s) URL; anything else (a queue, a file) is no server to call.
    private static Uri? AddressOf(string? target)
    {
        if (string.IsNullOrWhiteSpace(target)) return null;
        foreach (var word in target.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(word, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Host.Length == 0) continue;
            return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        }

        return null;
    }
}

namespace Lepton.Web;

/// <summary>A running <c>lepton serve</c> the dashboard shows on its deployments and playground pages, with the API key (admin scope to change traffic) it sends.</summary>
/// <param name="Address">The server's address, e.g. <c>http://127.0.0.1:8080</c>.</param>
/// <param name="ApiKey">The key sent as <c>Authorization: Bearer</c>; null for a server without keys.</param>
public sealed record ServingEndpoint(Uri Address, string? ApiKey = null)
{
    /// <summary>The address without a trailing slash, as pages show it.</summary>
    public override string ToString() => Address.AbsoluteUri.TrimEnd('/');
}

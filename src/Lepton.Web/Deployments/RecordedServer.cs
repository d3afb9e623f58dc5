using System.Security.Cryptography;
using System.Text;
using Lepton.Tracking;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Deployments;

/// <summary>
/// An inference server the tracking store's recent deployments name (<c>lepton serve</c> records one for each registry
/// model it loads): its http(s) address, an id made from the address (stable while other servers come and go, for the
/// routes), and what was recorded there, newest first.
/// </summary>
internal sealed record RecordedServer(string Id, Uri Address, IReadOnlyList<Deployment> Deployments)
{
    /// <summary>How many of the newest deployments the dashboard reads to find servers.</summary>
    public const int DeploymentsRead = 500;

    /// <summary>At most this many servers, those with the newest deployments: each is contacted when the page opens.</summary>
    public const int MostServers = 20;

    /// <summary>The address as pages show it and servers are matched by: without a trailing slash.</summary>
    public string Key => KeyOf(Address);

    public static string KeyOf(Uri address) => address.AbsoluteUri.TrimEnd('/');

    /// <summary>The id routes name a server found in the store by: a digest of its address, so no address travels in a path.</summary>
    public static string IdOf(Uri address) => "s" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KeyOf(address))))[..16];

    /// <summary>The servers named by the newest deployments, newest first; deployments whose target names no http(s) address are left out.</summary>
    public static async Task<IReadOnlyList<RecordedServer>> ReadAsync(IMetadataStore store, CancellationToken cancellationToken)
    {
        var deployments = await store.ListDeploymentsAsync(DeploymentsRead, cancellationToken: cancellationToken).ConfigureAwait(false);
        return deployments
            .Where(d => d.Address is not null)
            .GroupBy(d => KeyOf(d.Address!), StringComparer.Ordinal)
            .Take(MostServers)
            .Select(g => new RecordedServer(IdOf(g.First().Address!), g.First().Address!, g.ToList()))
            .ToList();
    }
}

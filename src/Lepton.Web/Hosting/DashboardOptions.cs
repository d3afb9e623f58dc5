namespace Lepton.Web;

/// <summary>What the dashboard shows beyond the tracking store.</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// The inference servers (<c>lepton serve</c>) of the deployments and playground pages, in the order shown; their
    /// <see cref="ServingEndpoint.ApiKey"/> is sent to them only. Servers found in the tracking store's deployments are
    /// shown beside these, read without a key.
    /// </summary>
    public IList<ServingEndpoint> Serving { get; } = [];
}

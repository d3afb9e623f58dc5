namespace Lepton.Web;

/// <summary>What the dashboard shows beyond the tracking store.</summary>
public sealed class DashboardOptions
{
    /// <summary>The inference servers (<c>lepton serve</c>) of the deployments and playground pages, in the order shown.</summary>
    public IList<ServingEndpoint> Serving { get; } = [];
}

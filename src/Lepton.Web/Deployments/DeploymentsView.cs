using Lepton.Serving.Protocol;
using Microsoft.AspNetCore.Antiforgery;

namespace Lepton.Web.Deployments;

/// <summary>
/// The deployments page: each configured inference server with the model versions it has loaded (source, traffic
/// share, queue, load time) and a form per model that changes its traffic split through the server's admin API. A
/// server that does not answer, or refuses the dashboard's key, is shown with the reason rather than failing the page.
/// </summary>
internal sealed record DeploymentsView(IReadOnlyList<DeploymentsView.Server> Servers, AntiforgeryTokenSet Token, string? Message)
{
    /// <summary>One server: its index in the dashboard's list, address, loaded versions by model, or why they could not be read.</summary>
    internal sealed record Server(int Index, ServingEndpoint Endpoint, IReadOnlyList<IGrouping<string, ModelStatus>> Models, string? Error);

    public static async Task<DeploymentsView> ReadAsync(ServingConnections connections, AntiforgeryTokenSet token, string? message, CancellationToken cancellationToken)
    {
        var servers = new List<Server>(connections.Count);
        for (var i = 0; i < connections.Count; i++)
        {
            try
            {
                var loaded = await connections.Client(i).ListLoadedModelsAsync(cancellationToken).ConfigureAwait(false);
                var models = loaded.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal).GroupBy(m => m.Name).ToList();
                servers.Add(new Server(i, connections.Endpoint(i), models, null));
            }
            catch (Exception e) when (ServingConnections.Failed(e))
            {
                servers.Add(new Server(i, connections.Endpoint(i), [], ServingConnections.Reason(e)));
            }
        }

        return new DeploymentsView(servers, token, message);
    }
}

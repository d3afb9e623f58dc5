using Lepton.Serving.Protocol;
using Lepton.Tracking;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Antiforgery;

namespace Lepton.Web.Deployments;

/// <summary>
/// The deployments page: each configured inference server, then each server the tracking store's recent deployments
/// name that is not configured, with what was recorded there, the model versions it has loaded (source, traffic share,
/// queue, load time) and, for a configured server, a form per model that changes its traffic split through the
/// server's admin API. A server that does not answer, or refuses, is shown with the reason rather than failing the page.
/// </summary>
internal sealed record DeploymentsView(IReadOnlyList<DeploymentsView.Server> Servers, string? StoreError, AntiforgeryTokenSet Token, string? Message)
{
    /// <summary>
    /// One server: the id its routes use (its index when configured, else <see cref="RecordedServer.Id"/>), address,
    /// whether it was given with --serve, the deployments the store recorded there, loaded versions by model, or why
    /// they could not be read.
    /// </summary>
    internal sealed record Server(string Id, ServingEndpoint Endpoint, bool Configured, IReadOnlyList<Deployment> Recorded, IReadOnlyList<IGrouping<string, ModelStatus>> Models, string? Error)
    {
        /// <summary>The recorded deployments a page lists (the newest).</summary>
        public const int RecordedShown = 5;
    }

    /// <summary>The configured servers, then those found in the store; every server read at once, each bounded by <see cref="ServingConnections.Timeout"/>.</summary>
    public static async Task<DeploymentsView> ReadAsync(ServingConnections connections, IMetadataStore store, AntiforgeryTokenSet token, string? message, CancellationToken cancellationToken)
    {
        IReadOnlyList<RecordedServer> recorded = [];
        string? storeError = null;
        try
        {
            recorded = await connections.RecordedAsync(store, fresh: true, cancellationToken).ConfigureAwait(false);
        }
        catch (TrackingException e)
        {
            storeError = e.Message;
        }

        var reads = new List<Task<Server>>();
        for (var i = 0; i < connections.Count; i++)
        {
            var key = RecordedServer.KeyOf(connections.Endpoint(i).Address);
            var there = recorded.FirstOrDefault(r => r.Key == key)?.Deployments ?? [];
            reads.Add(ReadConfiguredAsync(connections, i, there, cancellationToken));
        }

        foreach (var server in recorded.Where(r => connections.IndexOf(r.Address) is null))
            reads.Add(ReadFoundAsync(connections, server, cancellationToken));
        return new DeploymentsView(await Task.WhenAll(reads).ConfigureAwait(false), storeError, token, message);
    }

    private static async Task<Server> ReadConfiguredAsync(ServingConnections connections, int index, IReadOnlyList<Deployment> recorded, CancellationToken cancellationToken)
    {
        var id = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var loaded = await connections.Client(index).ListLoadedModelsAsync(cancellationToken).ConfigureAwait(false);
            return new Server(id, connections.Endpoint(index), true, recorded, ByModel(loaded), null);
        }
        catch (Exception e) when (ServingConnections.Failed(e))
        {
            return new Server(id, connections.Endpoint(index), true, recorded, [], ServingConnections.Reason(e));
        }
    }

    private static async Task<Server> ReadFoundAsync(ServingConnections connections, RecordedServer server, CancellationToken cancellationToken)
    {
        var endpoint = new ServingEndpoint(server.Address);
        try
        {
            var loaded = await connections.ReadFoundAsync(server.Address, client => client.ListLoadedModelsAsync(cancellationToken)).ConfigureAwait(false);
            return new Server(server.Id, endpoint, false, server.Deployments, ByModel(loaded), null);
        }
        catch (Exception e) when (ServingConnections.FoundFailed(e))
        {
            return new Server(server.Id, endpoint, false, server.Deployments, [], ServingConnections.FoundReason(e));
        }
    }

    private static List<IGrouping<string, ModelStatus>> ByModel(IReadOnlyList<ModelStatus> loaded) =>
        loaded.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal).GroupBy(m => m.Name).ToList();
}

using System.Collections.Concurrent;
using Lepton.Serving.Client;
using Microsoft.Extensions.Options;

namespace Lepton.Web.Deployments;

/// <summary>
/// One client per configured inference server, and the last metrics reading of each: live rates are the difference
/// between two readings, so each poll of a deployment's rates answers for the time since the one before.
/// </summary>
internal sealed class ServingConnections : IDisposable
{
    /// <summary>How long the dashboard waits for a server before saying it does not answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly List<(ServingEndpoint Endpoint, LeptonClient Client, HttpClient Http)> _servers;
    private readonly ConcurrentDictionary<int, ServingMetricsSnapshot> _lastReading = new();

    public ServingConnections(IOptions<DashboardOptions> options)
    {
        _servers = [];
        foreach (var endpoint in options.Value.Serving)
        {
            var http = new HttpClient { BaseAddress = endpoint.Address, Timeout = Timeout };
            _servers.Add((endpoint, new LeptonClient(http, endpoint.ApiKey), http));
        }
    }

    public int Count => _servers.Count;

    /// <summary>Whether <paramref name="e"/> is a server's refusal, an unreachable server or a timeout: a page shows these, with <see cref="Reason"/>, and goes on.</summary>
    public static bool Failed(Exception e) => e is LeptonClientException or HttpRequestException or TaskCanceledException;

    /// <summary>What went wrong with a server, for a page: its own message, or that it cannot be reached or did not answer in time.</summary>
    public static string Reason(Exception e) => e switch
    {
        TaskCanceledException => $"it did not answer within {Timeout.TotalSeconds:0} s.",
        HttpRequestException http => $"it cannot be reached ({http.Message}).",
        _ => e.Message,
    };

    public ServingEndpoint Endpoint(int index) => Server(index).Endpoint;

    public LeptonClient Client(int index) => Server(index).Client;

    private (ServingEndpoint Endpoint, LeptonClient Client, HttpClient Http) Server(int index) =>
        index >= 0 && index < _servers.Count
            ? _servers[index]
            : throw new DashboardException(StatusCodes.Status404NotFound, _servers.Count == 0
                ? "No inference server is configured: start the dashboard with --serve http://host:port (lepton ui --serve …)."
                : $"There is no server {index}: the dashboard knows {_servers.Count} (0 to {_servers.Count - 1}).");

    /// <summary>Reads the server's metrics and returns the rates since the previous reading (none the first time).</summary>
    public async Task<(IReadOnlyList<ServingRates> Rates, double Seconds)> RatesAsync(int index, CancellationToken cancellationToken)
    {
        var now = await Client(index).GetMetricsAsync(cancellationToken).ConfigureAwait(false);
        var before = _lastReading.GetValueOrDefault(index);
        _lastReading[index] = now;
        if (before is null || now.TakenAt <= before.TakenAt) return ([], 0);
        var seconds = (now.TakenAt - before.TakenAt).TotalSeconds;
        return (ServingRates.Between(before, now, seconds), seconds);
    }

    public void Dispose()
    {
        foreach (var (_, client, http) in _servers)
        {
            client.Dispose();
            http.Dispose();
        }
    }
}

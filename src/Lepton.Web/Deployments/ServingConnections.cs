using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Lepton.Serving.Client;
using Lepton.Tracking.Stores;
using Microsoft.Extensions.Options;

namespace Lepton.Web.Deployments;

/// <summary>
/// One client per configured inference server, keyless clients for the servers found in the tracking store, and the
/// last metrics reading of each: live rates are the difference between two readings, so each poll of a deployment's
/// rates answers for the time since the one before.
/// </summary>
internal sealed class ServingConnections : IDisposable
{
    /// <summary>How long the dashboard waits for a server before saying it does not answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The most a server found in the store may answer in one response: the store may name any host.</summary>
    private const long LargestFoundAnswer = 16L << 20;

    /// <summary>Readings kept for servers found in the store before the oldest are forgotten (each is one server's figures).</summary>
    private const int MostReadings = 256;

    private readonly List<(ServingEndpoint Endpoint, LeptonClient Client, HttpClient Http)> _servers;
    private readonly ConcurrentDictionary<string, ServingMetricsSnapshot> _lastReading = new(StringComparer.Ordinal);

    // Shared by the short-lived clients of found servers; no redirects, so a server cannot send the dashboard elsewhere.
    private readonly SocketsHttpHandler _found = new() { AllowAutoRedirect = false, ConnectTimeout = Timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

    /// <summary>How long the rates of found servers rely on the last read of the store's deployments (the page always reads afresh).</summary>
    private static readonly TimeSpan RecordedFor = TimeSpan.FromSeconds(10);

    private volatile RecordedRead? _recorded;

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

    /// <summary>
    /// Whether <paramref name="e"/> is how a server found in the store failed: as <see cref="Failed"/>, or an answer that
    /// is not a Lepton server's (the store may name any host).
    /// </summary>
    public static bool FoundFailed(Exception e) => Failed(e) || e is JsonException or FormatException or NotSupportedException or InvalidOperationException;

    /// <summary>
    /// What went wrong with a server found in the store, as a clause that follows "This server is": stopped, wanting a
    /// key, refusing with its own message, or not a Lepton server.
    /// </summary>
    public static string FoundReason(Exception e) => e switch
    {
        TaskCanceledException or HttpRequestException => $"not answering (it may have stopped) — {Reason(e)}",
        LeptonClientException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
            "refusing the dashboard: it asks for an API key, and the dashboard sends its key only to the servers given with --serve (lepton ui --serve ADDRESS --serve-key …).",
        LeptonClientException => $"answering with an error: {e.Message}",
        _ => $"answering, but not as a Lepton inference server does ({e.Message}).",
    };

    public ServingEndpoint Endpoint(int index) => Server(index).Endpoint;

    public LeptonClient Client(int index) => Server(index).Client;

    /// <summary>The configured server at <paramref name="address"/>, if one is: such a server is read with its key and its traffic can be changed.</summary>
    public int? IndexOf(Uri address)
    {
        var key = RecordedServer.KeyOf(address);
        var index = _servers.FindIndex(s => RecordedServer.KeyOf(s.Endpoint.Address) == key);
        return index < 0 ? null : index;
    }

    private (ServingEndpoint Endpoint, LeptonClient Client, HttpClient Http) Server(int index) =>
        index >= 0 && index < _servers.Count
            ? _servers[index]
            : throw new DashboardException(StatusCodes.Status404NotFound, _servers.Count == 0
                ? "No inference server is configured: start the dashboard with --serve http://host:port (lepton ui --serve …)."
                : $"There is no server {index}: the dashboard knows {_servers.Count} (0 to {_servers.Count - 1}).");

    /// <summary>
    /// Reads a server found in the tracking store with a client of its own that sends no key (the dashboard's key goes
    /// only to the servers given with --serve), bounded in time and answer size like no configured server needs to be.
    /// </summary>
    public async Task<T> ReadFoundAsync<T>(Uri address, Func<LeptonClient, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (address.Scheme is not ("http" or "https")) throw new ArgumentException($"Only http(s) servers are read; {address} is not one.", nameof(address));
        using var http = new HttpClient(_found, disposeHandler: false)
        {
            BaseAddress = new Uri(RecordedServer.KeyOf(address) + "/"),
            Timeout = Timeout,
            MaxResponseContentBufferSize = LargestFoundAnswer,
        };
        using var client = new LeptonClient(http);
        return await read(client).ConfigureAwait(false);
    }

    /// <summary>
    /// The servers the store's newest deployments name: read afresh when <paramref name="fresh"/> (a page), else the last
    /// read if recent (a page's polls of live rates, every 2 s per server, need not each read the store).
    /// </summary>
    public async Task<IReadOnlyList<RecordedServer>> RecordedAsync(IMetadataStore store, bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && _recorded is { } last && DateTimeOffset.UtcNow - last.ReadAt < RecordedFor) return last.Servers;
        var servers = await RecordedServer.ReadAsync(store, cancellationToken).ConfigureAwait(false);
        _recorded = new RecordedRead(DateTimeOffset.UtcNow, servers);
        return servers;
    }

    /// <summary>The server found in the store with this id (see <see cref="RecordedServer.IdOf"/>), or null when the store's newest deployments name none.</summary>
    public async Task<RecordedServer?> FindRecordedAsync(IMetadataStore store, string id, CancellationToken cancellationToken) =>
        (await RecordedAsync(store, fresh: false, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id)
        ?? (await RecordedAsync(store, fresh: true, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id);

    /// <summary>Reads the configured server's metrics and returns the rates since the previous reading (none the first time).</summary>
    public Task<(IReadOnlyList<ServingRates> Rates, double Seconds)> RatesAsync(int index, CancellationToken cancellationToken) =>
        RatesAsync(index.ToString(System.Globalization.CultureInfo.InvariantCulture), Client(index), cancellationToken);

    /// <summary>As <see cref="RatesAsync(int, CancellationToken)"/>, for a server found in the store (read without a key).</summary>
    public Task<(IReadOnlyList<ServingRates> Rates, double Seconds)> FoundRatesAsync(RecordedServer server, CancellationToken cancellationToken)
    {
        if (_lastReading.Count > MostReadings) _lastReading.Clear();
        return ReadFoundAsync(server.Address, client => RatesAsync(server.Id, client, cancellationToken));
    }

    private async Task<(IReadOnlyList<ServingRates> Rates, double Seconds)> RatesAsync(string key, LeptonClient client, CancellationToken cancellationToken)
    {
        var now = await client.GetMetricsAsync(cancellationToken).ConfigureAwait(false);
        var before = _lastReading.GetValueOrDefault(key);
        _lastReading[key] = now;
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

        _found.Dispose();
    }

    private sealed record RecordedRead(DateTimeOffset ReadAt, IReadOnlyList<RecordedServer> Servers);
}

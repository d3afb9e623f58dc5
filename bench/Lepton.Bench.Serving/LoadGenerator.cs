using System.Diagnostics;
using System.Net.Http.Headers;

namespace Lepton.Bench.Serving;

/// <summary>Closed-loop load: N clients, each sending the next request as soon as the last is answered.</summary>
internal static class LoadGenerator
{
    public static async Task<LatencyStats> RunAsync(Uri address, byte[] body, int concurrency, double warmupSeconds, double seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var path = new Uri("v2/models/bench/infer", UriKind.Relative);
        var latencies = new List<double>[concurrency];
        var failures = 0L;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmupSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(seconds * Stopwatch.Frequency);

        async Task Client(int index)
        {
            var mine = latencies[index] = new List<double>(4096);
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= stopAt) return;
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(path, content).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                if (started < measureFrom) continue;
                if (response.IsSuccessStatusCode) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else Interlocked.Increment(ref failures);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Client(i))));
        return LatencyStats.From(concurrency, latencies.SelectMany(l => l).ToList(), failures, seconds);
    }
}

using System.Diagnostics;
using System.IO.Compression;
using Lepton.Tracking;
using Lepton.Tracking.Comparison;

namespace Lepton.Bench.Dashboard;

/// <summary>The server's side of a chart: thinning alone, and the JSON endpoint's response time and size.</summary>
internal static class ServerFigures
{
    public sealed record Endpoint(string Points, Stats ResponseMs, long JsonBytes, long GzipBytes);

    public sealed record Result(Stats ThinMs, Endpoint[] Endpoints);

    public static async Task<Result> MeasureAsync(string baseUrl, int rounds)
    {
        var history = Enumerable.Range(0, SeriesStore.Steps)
            .Select(i => new MetricPoint("loss", Math.Sin(i * 0.001) + i % 7, i, null, DateTimeOffset.UnixEpoch)).ToArray();
        var thin = new List<double>();
        for (var r = 0; r < rounds + 5; r++)
        {
            var watch = Stopwatch.StartNew();
            _ = CurveThinning.MinMaxPerBucket(history, 1000);
            if (r >= 5) thin.Add(watch.Elapsed.TotalMilliseconds);
        }

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var endpoints = new List<Endpoint>();
        foreach (var max in new[] { 1000, 0 })
        {
            var times = new List<double>();
            byte[] body = [];
            for (var r = 0; r < rounds + 5; r++)
            {
                var watch = Stopwatch.StartNew();
                body = await http.GetByteArrayAsync($"/api/series/{r % SeriesStore.Metrics}?max={max}");
                if (r >= 5) times.Add(watch.Elapsed.TotalMilliseconds);
            }
            using var gzipped = new MemoryStream();
            await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(body);
            endpoints.Add(new Endpoint(max == 0 ? "100k" : "1k", Stats.Of(times), body.Length, gzipped.Length));
        }
        return new Result(Stats.Of(thin), [.. endpoints]);
    }
}

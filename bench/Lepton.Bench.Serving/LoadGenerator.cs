using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Lepton.Bench.Serving;

/// <summary>
/// Closed-loop load from Debian's <c>wrk</c>: N connections, each sending the next request as soon as the last is
/// answered. wrk is written in C and costs the shared cores far less per request than a .NET client would, so more of
/// the machine is left to the server under test. A Lua script posts the body and prints the figures as one JSON line.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly string _folder;
    private readonly string _script;

    public LoadGenerator(byte[] body)
    {
        _folder = Directory.CreateTempSubdirectory("lepton-bench-wrk-").FullName;
        var bodyPath = Path.Combine(_folder, "body.json");
        File.WriteAllBytes(bodyPath, body);
        _script = Path.Combine(_folder, "post.lua");
        File.WriteAllText(_script, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            local f = assert(io.open("{{bodyPath}}", "rb")); wrk.body = f:read("*a"); f:close()
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('LEPTON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
            end
            """);
    }

    /// <summary>Fails early, with what to install, when wrk is missing.</summary>
    public static void EnsureInstalled()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            probe!.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("The serving benchmark drives the server with wrk, which is not installed: apt-get install -y wrk (bench/run.sh does this).");
        }
    }

    public async Task<LatencyStats> RunAsync(Uri address, int concurrency, double seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "-t", Math.Min(concurrency, 2).ToString(CultureInfo.InvariantCulture),
                     "-c", concurrency.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{Math.Max(1, (int)Math.Round(seconds))}s",
                     "--timeout", "30s",
                     "-s", _script,
                     new Uri(address, "v2/models/bench/infer").ToString(),
                 })
            start.ArgumentList.Add(arg);
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("LEPTON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk exited with {wrk.ExitCode} and no figures: {output}{errors}");
        using var figures = JsonDocument.Parse(line["LEPTON ".Length..]);
        var root = figures.RootElement;
        long Get(string name) => root.GetProperty(name).GetInt64();
        var failures = Get("connect") + Get("read") + Get("write") + Get("status") + Get("timeout");
        var duration = Get("duration_us") / 1e6;
        return new LatencyStats(concurrency, Get("requests"), failures, Get("requests") / duration,
            Get("p50_us") / 1000.0, Get("p95_us") / 1000.0, Get("p99_us") / 1000.0, Get("max_us") / 1000.0);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Lepton.Bench.Serving;

/// <summary>
/// Closed-loop load from Debian's <c>wrk</c>: N connections, each sending the next request as soon as the last is
/// answered. wrk is written in C and costs the shared cores far less per request than a .NET client would, so more of
/// the machine is left to the server under test. A Lua script posts the body and prints the figures as one JSON line.
/// wrk "corrects" its latency percentiles for coordinated omission (it adds samples for the requests an open-loop
/// client would have sent during a slow answer), which raises p99 well above what any request took; at concurrency 1
/// the script therefore also times every request itself, and those per-request figures are the ones reported.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly string _folder;
    private readonly string _script;
    private readonly string _timedScript;

    /// <param name="body">The request body every connection sends.</param>
    /// <param name="contentType">Its content type.</param>
    /// <param name="headers">More request headers (the binary tensor data's header length).</param>
    public LoadGenerator(byte[] body, string contentType, IReadOnlyDictionary<string, string> headers)
    {
        var lines = string.Join("\n", headers.Append(new("Content-Type", contentType)).Select(h => $"headers[\"{h.Key}\"] = \"{h.Value}\""));
        _folder = Directory.CreateTempSubdirectory("lepton-bench-wrk-").FullName;
        var bodyPath = Path.Combine(_folder, "body");
        File.WriteAllBytes(bodyPath, body);
        _script = Path.Combine(_folder, "post.lua");
        File.WriteAllText(_script, $$"""
            wrk.method = "POST"
            local headers = wrk.headers
            {{lines}}
            local f = assert(io.open("{{bodyPath}}", "rb")); wrk.body = f:read("*a"); f:close()
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('LEPTON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"raw":false}\n',
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
            end
            """);

        // One connection per thread: the request in flight is the one the next answer belongs to.
        _timedScript = Path.Combine(_folder, "timed.lua");
        File.WriteAllText(_timedScript, $$"""
            local ffi = require("ffi")
            ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } lepton_timespec; int clock_gettime(int clock, lepton_timespec *t); ]]
            local now_ts = ffi.new("lepton_timespec")
            local function now() ffi.C.clock_gettime(1, now_ts); return tonumber(now_ts.tv_sec) * 1e6 + tonumber(now_ts.tv_nsec) / 1e3 end
            local f = assert(io.open("{{bodyPath}}", "rb")); local body = f:read("*a"); f:close()
            local prepared, started
            local headers = {}
            {{lines}}
            latencies = {}
            local threads = {}
            setup = function(thread) table.insert(threads, thread) end
            init = function(args) prepared = wrk.format("POST", nil, headers, body) end
            request = function() started = now(); return prepared end
            response = function(status, headers, answer) if status == 200 then latencies[#latencies + 1] = now() - started end end
            done = function(summary, latency, requests)
              local e = summary.errors
              local all = {}
              for _, t in ipairs(threads) do for _, v in ipairs(t:get("latencies")) do all[#all + 1] = v end end
              table.sort(all)
              local function p(q) return all[math.max(1, math.ceil(q * #all))] end
              io.write(string.format('LEPTON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"raw":true,"wrk_p99_us":%d}\n',
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                p(0.5), p(0.95), p(0.99), all[#all], latency:percentile(99)))
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
                     "-s", concurrency == 1 ? _timedScript : _script,
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
        var raw = root.GetProperty("raw").GetBoolean();
        return new LatencyStats(concurrency, Get("requests"), failures, Get("requests") / duration,
            Get("p50_us") / 1000.0, Get("p95_us") / 1000.0, Get("p99_us") / 1000.0, Get("max_us") / 1000.0,
            raw ? "per request" : "wrk, corrected for coordinated omission", raw ? Get("wrk_p99_us") / 1000.0 : null);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

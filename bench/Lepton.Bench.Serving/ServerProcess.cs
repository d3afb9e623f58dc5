using System.Diagnostics;
using System.Globalization;
using Lepton.Serving;

namespace Lepton.Bench.Serving;

/// <summary>
/// The server under test in a process of its own (this program with <c>serve-child</c>), so its peak memory is
/// its own and the load generator's allocations do not count.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(string model, bool batching, BenchSettings settings)
    {
        var self = typeof(ServerProcess).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(self);
        foreach (var arg in new[] { "serve-child", model, batching ? "on" : "off", settings.MaxBatch.ToString(CultureInfo.InvariantCulture),
                     settings.MaxDelayMs.ToString(CultureInfo.InvariantCulture), settings.Workers.ToString(CultureInfo.InvariantCulture),
                     settings.ThreadsPerWorker.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ADDRESS ", StringComparison.Ordinal)) return new ServerProcess(process, new Uri(line[8..]));
        }
        throw new InvalidOperationException("The server process exited before it listened.");
    }

    /// <summary>The server's garbage collector so far: collections, total pause and bytes allocated (asked over standard input).</summary>
    public async Task<GcSnapshot> GcAsync()
    {
        await _process.StandardInput.WriteLineAsync("gc");
        await _process.StandardInput.FlushAsync();
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("GC ", StringComparison.Ordinal)) return GcSnapshot.Parse(line[3..]);
        }
        throw new InvalidOperationException("The server process exited.");
    }

    /// <summary>The server's peak resident memory so far (VmHWM), in MiB; NaN where /proc is missing.</summary>
    public double PeakMemoryMiB()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status)) return double.NaN;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Runs in the child: serves the model until the parent closes standard input.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var options = new ServingOptions
        {
            Port = 0,
            Batching = args[2] == "on",
            MaxBatchSize = int.Parse(args[3], CultureInfo.InvariantCulture),
            MaxQueueDelay = TimeSpan.FromMilliseconds(double.Parse(args[4], CultureInfo.InvariantCulture)),
            Workers = int.Parse(args[5], CultureInfo.InvariantCulture),
            ThreadsPerWorker = int.Parse(args[6], CultureInfo.InvariantCulture),
            QueueCapacity = 4096,
            RequireApiKeys = false,
            AuditLogPath = Path.Combine(Path.GetTempPath(), "lepton-bench-serving-audit.jsonl"),
        };
        await using var server = InferenceServer.Create(options, logging => { });
        await server.StartAsync();
        await server.LoadAsync(args[1], name: "bench");
        Console.WriteLine($"ADDRESS {server.Address}");
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "gc") Console.WriteLine("GC " + GcSnapshot.Now());
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(30_000)) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

using System.Diagnostics;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>
/// The extra worker processes of <c>lepton tune --workers N</c>: N − 1 copies of this command with <c>--worker</c>, on the
/// same study in the same tracking store; their trial lines are passed through, prefixed with the worker.
/// </summary>
internal sealed class TuneWorkers : IDisposable
{
    private readonly List<Process> processes = [];

    private TuneWorkers()
    {
    }

    public static TuneWorkers? Start(TuneSettings settings, string? parentRun, IAnsiConsole console)
    {
        if (settings.Workers <= 1) return null;
        var workers = new TuneWorkers();
        var (file, prefix) = Self();
        for (var w = 1; w < settings.Workers; w++)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in prefix) info.ArgumentList.Add(a);
            foreach (var a in WorkerArguments(settings.Arguments)) info.ArgumentList.Add(a);
            if (parentRun is not null)
            {
                info.ArgumentList.Add("--parent-run");
                info.ArgumentList.Add(parentRun);
            }
            var process = Process.Start(info) ?? throw new CliException($"Could not start tuning worker {w} ({file}).");
            var label = w;
            process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data) && e.Data.Contains("trial", StringComparison.Ordinal)) console.MarkupLine(Markup.Escape(e.Data)); };
            process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) console.MarkupLine($"[red]{Markup.Escape($"worker {label}: {e.Data}")}[/]"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            workers.processes.Add(process);
        }
        return workers;
    }

    /// <summary>Waits for every worker; a worker that failed is an error naming its exit code.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        foreach (var process in processes) await process.WaitForExitAsync(cancellationToken);
        var failed = processes.Where(p => p.ExitCode != 0).ToList();
        if (failed.Count > 0) throw new CliException($"{failed.Count} tuning worker{(failed.Count == 1 ? "" : "s")} failed (exit code {string.Join(", ", failed.Select(p => p.ExitCode))}); the study keeps every trial that finished.");
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    /// <summary>This command's arguments for a worker: the same study, one worker, <c>--worker</c>.</summary>
    private static List<string> WorkerArguments(IReadOnlyList<string> arguments)
    {
        var list = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is "--workers" or "--parent-run") { i++; continue; }
            if (arguments[i].StartsWith("--workers=", StringComparison.Ordinal) || arguments[i].StartsWith("--parent-run=", StringComparison.Ordinal) || arguments[i] == "--worker") continue;
            list.Add(arguments[i]);
        }
        list.Add("--worker");
        return list;
    }

    /// <summary>How to start this program again: its own executable, or <c>dotnet lepton.dll</c>.</summary>
    private static (string File, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new CliException("Cannot tell how this lepton was started, so --workers cannot start more.");
        var entry = typeof(TuneWorkers).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? (process, [entry]) : (process, []);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Tracking;
using Lepton.Tuning;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Studies;

namespace Lepton.Bench.Studies;

/// <summary>
/// Worker processes sharing one study in one SQLite file: each a real <see cref="Tuner"/> (default TPE sampler) on a
/// cheap objective that reports 5 values, until the study has the trials asked for. Counts "database is locked"
/// errors, checks the trial numbers, and measures trials per second from the first worker's start to the last one's end.
/// </summary>
internal static class WorkersBenchmark
{
    public static async Task<JsonObject> RunAsync(string folder, int workers, int trials, int workMs)
    {
        Console.WriteLine($"workers: {workers} processes, {trials} trials, {workMs} ms of work per trial…");
        var path = Path.Combine(folder, $"workers-{workers}-{workMs}-{Guid.NewGuid():N}.db");
        var uri = "sqlite:///" + path;
        var self = typeof(WorkersBenchmark).Assembly.Location;
        var wall = Stopwatch.StartNew();
        var processes = Enumerable.Range(0, workers).Select(_ => Process.Start(new ProcessStartInfo("dotnet",
            [self, "worker", uri, trials.ToString(CultureInfo.InvariantCulture), workMs.ToString(CultureInfo.InvariantCulture)])
        { RedirectStandardOutput = true, RedirectStandardError = true })!).ToList();
        var outputs = await Task.WhenAll(processes.Select(async p =>
        {
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (Code: p.ExitCode, Output: await output, Error: await error);
        }));
        wall.Stop();
        foreach (var p in processes) p.Dispose();

        var lockErrors = outputs.Sum(o => CountOf(o.Error, "database is locked") + CountOf(o.Output, "database is locked"));
        var failedWorkers = outputs.Count(o => o.Code != 0);
        var reports = outputs.Where(o => o.Code == 0).Select(o => JsonNode.Parse(o.Output.Trim().Split('\n')[^1])!.AsObject()).ToList();
        var span = reports.Count == 0 ? double.NaN : reports.Max(r => (long)r["end"]!) - reports.Min(r => (long)r["start"]!);

        await using var store = await TrackingStudyStore.OpenAsync(new TrackingSettings(uri, Path.Combine(folder, "artifacts")));
        var study = await store.FindStudyAsync("bench") ?? throw new InvalidOperationException("The workers made no study.");
        var all = await store.TrialsAsync(study.Id);
        var contiguous = all.Select(t => t.Number).SequenceEqual(Enumerable.Range(0, all.Count));
        var result = new JsonObject
        {
            ["workers"] = workers,
            ["work_ms"] = workMs,
            ["asked"] = trials,
            ["trials"] = all.Count,
            ["finished"] = all.Count(t => t.IsFinished),
            ["complete"] = all.Count(t => t.State == TrialState.Complete),
            ["numbers_unique_and_contiguous"] = contiguous,
            ["lock_errors"] = lockErrors,
            ["failed_workers"] = failedWorkers,
            ["trials_per_worker"] = new JsonArray(reports.Select(r => (JsonNode)(int)r["ran"]!).ToArray()),
            ["span_s"] = Math.Round(span / 1000, 3),
            ["trials_per_s"] = Math.Round(all.Count / (span / 1000), 1),
            ["wall_s_with_process_start"] = Math.Round(wall.Elapsed.TotalSeconds, 3),
        };
        foreach (var o in outputs.Where(o => o.Code != 0)) Console.Error.WriteLine($"  a worker failed ({o.Code}): {o.Error}");
        Console.WriteLine($"  {result.ToJsonString()}");
        return result;
    }

    /// <summary>One worker process: tunes the study "bench" until it has <paramref name="trials"/> trials; prints what it ran and when.</summary>
    public static async Task<int> WorkAsync(string uri, int trials, int workMs)
    {
        await using var store = await TrackingStudyStore.OpenAsync(new TrackingSettings(uri, Path.Combine(Path.GetTempPath(), "lepton-bench-unused")));
        var tuner = new Tuner(new TunerOptions
        {
            Store = store,
            StudyName = "bench",
            Trials = trials,
            Seed = Environment.ProcessId,
            Pruner = new NoPruner(),
        });
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var result = await tuner.OptimizeAsync(BenchSpace.Create(), async (trial, token) =>
        {
            var p = BenchSpace.Create().ToDictionary(s => s.Name, s => s.Distribution.ToInternal(trial.Value(s.Name)) ?? 0);
            for (var step = 0; step < 5; step++)
            {
                if (workMs > 0) await Task.Delay(workMs / 5, token);
                await trial.ReportAsync(step, BenchSpace.Curve(p, step), token);
            }

            return BenchSpace.Curve(p, 4);
        });
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Console.WriteLine(new JsonObject { ["ran"] = result.Ran, ["start"] = start, ["end"] = end }.ToJsonString());
        return 0;
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.OrdinalIgnoreCase)) count++;
        return count;
    }
}

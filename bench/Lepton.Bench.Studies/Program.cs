using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Bench.Studies;
using Lepton.Tracking;

// Usage: lepton-bench-studies all [--postgres CONNECTION] [--out docs/benchmarks.md] [--results FILE] [--existing 1000] [--measured 200] [--trials 200]
//        lepton-bench-studies worker TRACKING_URI TRIALS WORK_MS   (started by `all`)
// bench/studies/run.sh starts a throwaway PostgreSQL server and runs `all`.
if (args.Length >= 4 && args[0] == "worker")
    return await WorkersBenchmark.WorkAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
if (args.Length == 0 || args[0] != "all")
{
    Console.Error.WriteLine("usage: lepton-bench-studies all [--postgres CONNECTION] [--out docs/benchmarks.md] [--results FILE] [--existing N] [--measured N] [--trials N]");
    return 2;
}

string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

var postgres = Option("--postgres", "");
var outFile = Option("--out", "docs/benchmarks.md");
var resultsFile = Option("--results", "bench/results/studies.json");
var existing = int.Parse(Option("--existing", "1000"), CultureInfo.InvariantCulture);
var measured = int.Parse(Option("--measured", "200"), CultureInfo.InvariantCulture);
var trials = int.Parse(Option("--trials", "200"), CultureInfo.InvariantCulture);
var folder = Path.Combine(Path.GetTempPath(), $"lepton-bench-studies-{Guid.NewGuid():N}");
Directory.CreateDirectory(folder);
var started = DateTimeOffset.UtcNow;
try
{
    var overhead = new JsonArray
    {
        await OverheadBenchmark.RunAsync("SQLite", new TrackingSettings("sqlite:///" + Path.Combine(folder, "overhead.db"), folder), existing, measured),
    };
    if (postgres.Length > 0) overhead.Add(await OverheadBenchmark.RunAsync("PostgreSQL", new TrackingSettings(postgres, folder), existing, measured));
    var workers = new JsonArray();
    foreach (var workMs in new[] { 0, 50 })
    {
        foreach (var n in new[] { 1, 4 }) workers.Add(await WorkersBenchmark.RunAsync(folder, n, trials, workMs));
    }

    var results = new JsonObject
    {
        ["date"] = started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["commit"] = Environment.GetEnvironmentVariable("LEPTON_COMMIT") ?? "?",
        ["machine"] = Machine.Describe(),
        ["seconds"] = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds),
        ["load_average"] = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?",
        ["overhead"] = overhead,
        ["workers"] = workers,
    };
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsFile))!);
    await File.WriteAllTextAsync(resultsFile, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    StudiesReport.Write(outFile, results);
    Console.WriteLine($"wrote {resultsFile} and the study store section of {outFile}");
    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

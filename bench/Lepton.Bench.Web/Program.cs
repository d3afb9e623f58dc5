using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Bench.Web;
using Lepton.Tracking;
using Lepton.Web;
using Microsoft.Playwright;

// lepton-bench-web [figures] [--loads 15] [--runs 10000] [--out bench/results/dashboard.json] [--md docs/benchmarks.md]
// From the repository root; bench/dashboard/figures.sh builds and runs it. Needs Debian's chromium.
var loads = Arg("--loads", 15);
var wideRuns = Arg("--runs", 10_000);
var WideRows = Arg("--wide-rows", 5_000);
var outPath = Text("--out", "bench/results/dashboard.json");
var mdPath = Text("--md", "docs/benchmarks.md");
const string Chromium = "/usr/bin/chromium";
if (!File.Exists(Chromium))
{
    Console.Error.WriteLine($"{Chromium} is missing: sudo apt-get install chromium (figures.sh does when run as root).");
    return 1;
}

// lepton-bench-web screenshots [--tracking URI] [--artifacts DIR] [--out docs/images] [--serve URL --image PNG]: the pages photographed for docs/dashboard.md.
if (args.Length > 0 && args[0] == "screenshots")
    return await Screenshots.RunAsync(Text("--tracking", TrackingSettings.FromEnvironment().TrackingUri), args.Contains("--artifacts") ? Text("--artifacts", "") : null, Text("--out", "docs/images"), Chromium,
        args.Contains("--serve") ? Text("--serve", "") : null, args.Contains("--image") ? Text("--image", "") : null);

var folder = Directory.CreateTempSubdirectory("lepton-bench-web-").FullName;
try
{
    var settings = TrackingSettings.InFolder(folder);
    StoreFill fill;
    WideData wide;
    await using (var tracking = await TrackingClient.OpenAsync(settings))
    {
        Console.WriteLine($"Filling {folder}: two runs with 100,000-point metrics, {wideRuns:N0} runs × {StoreFill.SharedMetrics} metrics ...");
        fill = await StoreFill.WriteAsync(tracking, wideRuns);
        Console.WriteLine($"Profiling two tables of {WideData.NumericColumns + WideData.CategoricalColumns:N0} columns × {WideRows:N0} rows ...");
        wide = await WideData.WriteAsync(tracking, folder, WideRows);
    }

    Console.WriteLine($"  filled in {fill.FillSeconds:0} s");
    await using var app = await DashboardServer.CreateAsync(new DashboardServerOptions { Port = 0, TrackingUri = settings.TrackingUri, ArtifactRoot = settings.ArtifactRoot });
    await app.StartAsync();
    var address = DashboardServer.AddressOf(app);
    using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    var figures = new Figures(browser, address);
    var loadBefore = LoadAverage();

    // Warm-up: the server's first requests compile the pages and the reads.
    await figures.ChartsAsync($"/runs/{fill.LongRun}", 1, 2);
    await figures.FirstRowsAsync($"/runs?experiment={fill.WideExperiment}", 2);

    var results = new JsonObject
    {
        ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        ["chromium"] = browser.Version,
        ["loads"] = loads,
        ["wide_runs"] = wideRuns,
        ["fill_seconds"] = fill.FillSeconds,
        ["load_average_before"] = loadBefore,
    };

    var cases = new JsonArray();
    foreach (var (name, path, charts) in new[]
    {
        ("1 metric × 100,000 points, thinned on the server", $"/runs/{fill.LongRun}", 1),
        ("1 metric × 100,000 points, whole (no thinning)", $"/runs/{fill.LongRun}?points=all", 1),
        ("10 metrics × 100,000 points, thinned on the server", $"/runs/{fill.TenRun}", 10),
        ("10 metrics × 100,000 points, whole (no thinning)", $"/runs/{fill.TenRun}?points=all", 10),
    })
    {
        var (drawn, bytes) = await figures.ChartsAsync(path, charts, loads);
        Console.WriteLine($"  {name}: drawn {drawn.Median:0} ms (p95 {drawn.P95:0}), {bytes / 1024:N0} KiB");
        cases.Add(new JsonObject { ["case"] = name, ["charts"] = charts, ["drawn"] = Json(drawn), ["kib"] = Math.Round(bytes / 1024) });
    }

    results["charts"] = cases;
    var thinned = await Figures.ServerAsync(http, $"/ui/api/runs/{fill.LongRun}/series?key=loss&maxPoints=2000", 50);
    var zoomed = await Figures.ServerAsync(http, $"/ui/api/runs/{fill.LongRun}/series?key=loss&maxPoints=2000&minStep=40000&maxStep=41500", 50);
    var whole = await Figures.ServerAsync(http, $"/ui/api/runs/{fill.LongRun}/series?key=loss", 10);
    Console.WriteLine($"  series: thinned {thinned.Time.Median:0.0} ms, zoomed {zoomed.Time.Median:0.0} ms, whole {whole.Time.Median:0.0} ms");
    results["series"] = new JsonArray(
        Server("thinned to 2,000 points (a chart's request)", thinned),
        Server("a zoomed range of 1,500 steps, whole", zoomed),
        Server("all 100,000 points", whole));

    var runsPath = $"/runs?experiment={fill.WideExperiment}";
    var firstRows = await figures.FirstRowsAsync(runsPath, loads);
    var sort = await figures.SortAsync(runsPath, "metrics.m0", loads);
    var runsHtml = await Figures.ServerAsync(http, runsPath, 20);
    var sortedHtml = await Figures.ServerAsync(http, runsPath + "&order=metrics.m7%20desc", 20);
    var deepHtml = await Figures.ServerAsync(http, runsPath + "&order=metrics.m7%20desc&offset=9000", 20);
    Console.WriteLine($"  runs: first rows {firstRows.Median:0} ms, sort {sort.Median:0} ms; server {runsHtml.Time.Median:0} / {sortedHtml.Time.Median:0} / {deepHtml.Time.Median:0} ms");
    results["runs"] = new JsonObject
    {
        ["first_rows"] = Json(firstRows),
        ["sort"] = Json(sort),
        ["server"] = new JsonArray(
            Server("first page, newest first", runsHtml),
            Server("first page ordered by a metric", sortedHtml),
            Server("page at offset 9,000 ordered by a metric", deepHtml)),
    };
    var datasetPath = $"/data/{wide.Reference}";
    var driftPath = $"/data/drift?reference={wide.Reference}&current={wide.Current}";
    var datasetPaint = await figures.FirstRowsAsync(datasetPath, loads);
    var driftPaint = await figures.FirstRowsAsync(driftPath, loads);
    var datasetHtml = await Figures.ServerAsync(http, datasetPath, 10);
    var driftHtml = await Figures.ServerAsync(http, driftPath, 10);
    Console.WriteLine($"  data: profile {wide.ProfileMs:0} ms + percentiles {wide.PercentilesMs:0} ms; dataset page {datasetPaint.Median:0} ms, drift page {driftPaint.Median:0} ms; server {datasetHtml.Time.Median:0} / {driftHtml.Time.Median:0} ms");
    results["data"] = new JsonObject
    {
        ["columns"] = wide.Columns,
        ["rows"] = wide.Rows,
        ["profile_ms"] = Math.Round(wide.ProfileMs),
        ["percentiles_ms"] = Math.Round(wide.PercentilesMs),
        ["profile_kib"] = Math.Round(wide.ProfileBytes / 1024.0),
        ["dataset_paint"] = Json(datasetPaint),
        ["drift_paint"] = Json(driftPaint),
        ["server"] = new JsonArray(Server("a dataset's profile", datasetHtml), Server("drift between two datasets", driftHtml)),
    };
    results["load_average_after"] = LoadAverage();

    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
    File.WriteAllText(outPath, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    DashboardReport.Write(mdPath, results);
    Console.WriteLine($"Wrote {outPath} and the dashboard section of {mdPath}.");
    return 0;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static JsonObject Json(Timings t) => new() { ["median_ms"] = Math.Round(t.Median, 1), ["p95_ms"] = Math.Round(t.P95, 1), ["min_ms"] = Math.Round(t.Min, 1), ["max_ms"] = Math.Round(t.Max, 1), ["n"] = t.Count };

static JsonObject Server(string name, (Timings Time, long Bytes) figure) => new() { ["case"] = name, ["time"] = Json(figure.Time), ["kib"] = Math.Round(figure.Bytes / 1024.0, 1) };

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string Text(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

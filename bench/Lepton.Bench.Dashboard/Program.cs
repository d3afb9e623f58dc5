using System.Globalization;
using System.Text.Json;
using Lepton.Bench.Dashboard;

// lepton-bench-dashboard [--loads 15] [--out bench/results/dashboard-choice.json] [--md bench/dashboard/choice.md]
// Run from the repository root (bench/dashboard/choice.sh does npm ci, build, then this).
var loads = IntArg("--loads", 15);
var outPath = StringArg("--out", "bench/results/dashboard-choice.json");
var mdPath = StringArg("--md", "bench/dashboard/choice.md");
var frontEnd = Path.GetFullPath("bench/dashboard");
if (!File.Exists(Path.Combine(frontEnd, "node_modules/uplot/dist/uPlot.iife.min.js")))
{
    Console.Error.WriteLine($"uPlot is missing under {frontEnd}/node_modules: run `npm ci --prefix bench/dashboard` from the repository root (choice.sh does).");
    return 1;
}

PageCase[] cases =
[
    new("html", 1, 0), new("blazor-server", 1, 0), new("blazor-wasm", 1, 0),
    new("html", 1, 1000), new("blazor-server", 1, 1000), new("blazor-wasm", 1, 1000),
    new("html", 10, 0), new("blazor-server", 10, 0),
    new("html", 10, 1000), new("blazor-server", 10, 1000),
];

var loadBefore = LoadAverage();
var started = DateTimeOffset.UtcNow;
var store = new SeriesStore();
await using var host = await DashboardHost.StartAsync(store, frontEnd);
await using var browser = await Browser.LaunchAsync(host.Url);
Console.WriteLine($"{host.Url}, chromium {browser.Version}, load {loadBefore}");

var errors = cases.ToDictionary(c => c, _ => new List<string>());
var cold = cases.ToDictionary(c => c, _ => new List<PageLoad>());
var warm = cases.ToDictionary(c => c, _ => new List<PageLoad>());

// Warm the server (JIT, the store's first thinning) with one discarded load of each page.
foreach (var c in cases) await ColdLoad(c, null);
Console.WriteLine("warmed up");

var circuitCost = new List<CircuitCost.Result>();
foreach (var max in new[] { 1000, 0 }) circuitCost.Add(await CircuitCost.MeasureAsync(browser, host.Circuits, max, open: 10));
Console.WriteLine(string.Join("; ", circuitCost));
var server = await ServerFigures.MeasureAsync(host.Url, rounds: 50);
Console.WriteLine(server);

// Warm: one browser context per page, primed once, then every load a new tab in it (HTTP cache and V8's code cache
// filled). Cold: a new context (empty cache) each load. Cases interleave so that drift hits them all alike.
var warmContexts = new Dictionary<PageCase, Microsoft.Playwright.IBrowserContext>();
foreach (var c in cases)
{
    warmContexts[c] = await browser.NewContextAsync();
    await TryLoad(c, warmContexts[c], null);
}
for (var i = 0; i < loads; i++)
{
    foreach (var c in cases)
    {
        await ColdLoad(c, cold[c]);
        await TryLoad(c, warmContexts[c], warm[c]);
    }
    Console.WriteLine($"round {i + 1}/{loads} done, load {LoadAverage()}");
}
foreach (var context in warmContexts.Values) await context.CloseAsync();
var loadAfter = LoadAverage();

var rows = cases.Select(c => new CaseResult(
    c.Variant, c.Charts, c.Points, c.Path,
    Stats.Of(cold[c].Select(l => l.DrawnMs)), Stats.Of(warm[c].Select(l => l.DrawnMs)),
    Median(cold[c].Select(l => (double)(l.HttpBytes + l.SocketBytesReceived))),
    Median(warm[c].Select(l => (double)(l.HttpBytes + l.SocketBytesReceived))),
    Median(cold[c].Select(l => (double)l.SocketBytesReceived)),
    Median(cold[c].Select(l => (double)l.LargestSocketFrame)),
    Stats.Of(cold[c].Concat(warm[c]).Select(l => l.ZoomInMs)), Stats.Of(cold[c].Concat(warm[c]).Select(l => l.ZoomOutMs)),
    errors[c].Distinct().Take(5).ToArray(), errors[c].Count)
{
    ZoomInSample = [.. cold[c].Concat(warm[c]).Select(l => l.ZoomInMs)],
    ZoomOutSample = [.. cold[c].Concat(warm[c]).Select(l => l.ZoomOutMs)],
}).ToArray();

var result = new Result(started, DateTimeOffset.UtcNow, Environment.ProcessorCount, loadBefore, loadAfter, browser.Version,
    Environment.Version.ToString(), loads, rows, server, [.. circuitCost]);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
ChoiceMarkdown.Write(mdPath, result);
Console.WriteLine($"wrote {outPath} and {mdPath}");
return 0;

async Task ColdLoad(PageCase c, List<PageLoad>? into)
{
    var context = await browser.NewContextAsync();
    try { await TryLoad(c, context, into); }
    finally { await context.CloseAsync(); }
}

async Task TryLoad(PageCase c, Microsoft.Playwright.IBrowserContext context, List<PageLoad>? into)
{
    try
    {
        var load = await browser.LoadAsync(context, c, errors[c]);
        into?.Add(load);
    }
    catch (Exception e) when (e is Microsoft.Playwright.PlaywrightException or TimeoutException)
    {
        errors[c].Add($"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        Console.Error.WriteLine($"{c.Name}: {e.Message.Split('\n')[0]}");
    }
}

static double Median(IEnumerable<double> sample) => Stats.Of(sample).Median;

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

int IntArg(string name, int fallback) => int.Parse(StringArg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string StringArg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

using System.Globalization;
using System.Text;

namespace Lepton.Bench.Dashboard;

/// <summary>
/// Writes the figures as markdown tables between the markers of bench/dashboard/choice.md, keeping the hand-written
/// text around them (the tables are appended when the file has no markers).
/// </summary>
internal static class ChoiceMarkdown
{
    private const string Begin = "<!-- figures:begin (written by bench/dashboard/choice.sh) -->";
    private const string End = "<!-- figures:end -->";

    public static void Write(string path, Result result) => MarkedSection.Write(path, Begin, End, $"{Begin}\n{Figures(result)}{End}");

    private static string Figures(Result r)
    {
        var s = new StringBuilder();
        s.AppendLine(Invariant($"Measured {r.Started:yyyy-MM-dd HH:mm} UTC on {r.Cores} cores (load average {r.LoadBefore} before, {r.LoadAfter} after), chromium {r.Chromium}, .NET {r.Dotnet}; {r.LoadsPerCase} cold and {r.LoadsPerCase} warm loads per page, interleaved."));
        s.AppendLine();
        s.AppendLine("**Navigation start → every chart drawn** (ms; cold: a new browser context per load, empty cache; warm: a new tab in a context that loaded the page before). Bytes: received over HTTP (headers included) plus WebSocket payloads, median per load.");
        s.AppendLine();
        s.AppendLine("| Page | Points per chart | Cold median | Cold p95 | Warm median | Warm p95 | Bytes cold | Bytes warm | Errors |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in r.Cases)
        {
            s.AppendLine(Invariant($"| {Label(c.Variant)}, {c.Charts} chart{(c.Charts > 1 ? "s" : "")} | {c.Points} | {c.ColdDrawnMs.Median:0} | {c.ColdDrawnMs.P95:0} | {c.WarmDrawnMs.Median:0} | {c.WarmDrawnMs.P95:0} | {Size(c.ColdBytes)} | {Size(c.WarmBytes)} | {c.ErrorCount} |"));
        }
        s.AppendLine();
        s.AppendLine("**One zoom** (uPlot `setScale` on chart 0 until its draw hook; same uPlot code in every variant, so pooled over the one-chart pages' loads):");
        s.AppendLine();
        s.AppendLine("| Points drawn | To the middle 10% of steps, median (p95) ms | Back to all steps, median (p95) ms |");
        s.AppendLine("|---|---:|---:|");
        foreach (var points in new[] { "100k", "1k" })
        {
            var pool = r.Cases.Where(c => c.Charts == 1 && c.Points == points).ToArray();
            var zoomIn = Stats.Of(pool.SelectMany(c => c.ZoomInSample));
            var zoomOut = Stats.Of(pool.SelectMany(c => c.ZoomOutSample));
            s.AppendLine(Invariant($"| {points} | {zoomIn.Median:0.0} ({zoomIn.P95:0.0}) | {zoomOut.Median:0.0} ({zoomOut.P95:0.0}) |"));
        }
        s.AppendLine();
        s.AppendLine(Invariant($"**Server** (in process, loopback HttpClient, 50 requests): `CurveThinning.MinMaxPerBucket` of 100,000 points to 1,000: median {r.Server.ThinMs.Median:0.00} ms (p95 {r.Server.ThinMs.P95:0.00})."));
        s.AppendLine();
        s.AppendLine("| `/api/series/{m}?max=` | Response median (p95) ms | JSON | gzip (not sent on loopback) |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (var e in r.Server.Endpoints)
        {
            s.AppendLine(Invariant($"| {(e.Points == "1k" ? "1000" : "0 (all 100k)")} | {e.ResponseMs.Median:0.0} ({e.ResponseMs.P95:0.0}) | {Size(e.JsonBytes)} | {Size(e.GzipBytes)} |"));
        }
        s.AppendLine();
        s.AppendLine("**Blazor Server's circuit** (one-chart pages open at once, each its own browser context: growth of the server's managed heap after a full GC and of its working set, per circuit, and what the server allocated per page; then once the contexts closed and the circuits with them, up to 30 s):");
        s.AppendLine();
        s.AppendLine("| Points | Pages (circuits open) | Heap per open circuit | Working set per open circuit | Allocated per page | Circuits open after close | Heap per page after close | Largest WebSocket message | Socket bytes per load |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in r.Circuits)
        {
            var page = r.Cases.First(x => x.Variant == "blazor-server" && x.Charts == 1 && x.Points == c.Points);
            s.AppendLine(Invariant($"| {c.Points} | {c.Pages} ({c.CircuitsOpen}) | {c.HeapMiBPerCircuit:0.00} MiB | {c.WorkingSetMiBPerCircuit:0.00} MiB | {c.AllocatedMiBPerPage:0.0} MiB | {c.CircuitsOpenAfterClose} | {c.HeapMiBPerPageAfterClose:0.00} MiB | {Size(page.LargestSocketFrame)} | {Size(page.ColdSocketBytes)} |"));
        }
        var errors = r.Cases.Where(c => c.ErrorCount > 0).ToArray();
        if (errors.Length > 0)
        {
            s.AppendLine();
            s.AppendLine("Errors seen:");
            foreach (var c in errors) s.AppendLine(Invariant($"- {Label(c.Variant)} {c.Charts}×{c.Points}: {string.Join("; ", c.Errors)}"));
        }
        return s.ToString();
    }

    private static string Label(string variant) => variant switch
    {
        "html" => "(a) HTML + script",
        "blazor-server" => "(b) Blazor Server",
        "blazor-wasm" => "(c) Blazor WebAssembly",
        _ => variant,
    };

    private static string Size(double bytes) => bytes switch
    {
        >= 1024 * 1024 => Invariant($"{bytes / 1024 / 1024:0.00} MiB"),
        >= 1024 => Invariant($"{bytes / 1024:0} KiB"),
        _ => Invariant($"{bytes:0} B"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using Microsoft.Playwright;

namespace Lepton.Bench.Dashboard;

/// <summary>
/// What Blazor Server's circuits cost the server: managed heap (after a full compacting GC) and working set with
/// <c>open</c> pages of one chart each connected at once, per circuit, and what the server allocated per page; then
/// again once their browser contexts closed (blazor.web.js sends a disconnect beacon on unload, so the server drops a
/// circuit at once rather than keep it the 3 minutes it keeps one whose connection was lost).
/// </summary>
internal static class CircuitCost
{
    public sealed record Result(string Points, int Pages, int CircuitsOpen, double HeapMiBPerCircuit, double WorkingSetMiBPerCircuit,
        double AllocatedMiBPerPage, int CircuitsOpenAfterClose, double HeapMiBPerPageAfterClose);

    public static async Task<Result> MeasureAsync(Browser browser, CircuitCounter circuits, int maxPoints, int open)
    {
        // Earlier pages' circuits go when their disconnect beacon is handled: start from none open.
        await Settle(circuits);
        var (heap0, ws0) = Memory();
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var contexts = new List<IBrowserContext>();
        var page = new PageCase("blazor-server", 1, maxPoints);
        for (var i = 0; i < open; i++)
        {
            var context = await browser.NewContextAsync();
            contexts.Add(context);
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(browser.BaseUrl + page.Path);
            await tab.WaitForFunctionAsync("() => window.__drawn !== undefined", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        }
        var allocated1 = GC.GetTotalAllocatedBytes(precise: true);
        var (heap1, ws1) = Memory();
        var circuitsOpen = circuits.Open;
        foreach (var context in contexts) await context.CloseAsync();
        var openAfterClose = await Settle(circuits);
        var (heap2, _) = Memory();
        const double mib = 1024 * 1024;
        return new Result(page.Points, open, circuitsOpen, Math.Round((heap1 - heap0) / mib / open, 2), Math.Round((ws1 - ws0) / mib / open, 2),
            Math.Round((allocated1 - allocated0) / mib / open, 2), openAfterClose, Math.Round((heap2 - heap0) / mib / open, 2));
    }

    /// <summary>Waits up to 30 s for every circuit to close; returns how many are still open.</summary>
    private static async Task<int> Settle(CircuitCounter circuits)
    {
        for (var waited = 0; circuits.Open > 0 && waited < 30_000; waited += 250) await Task.Delay(250);
        return circuits.Open;
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(false), process.WorkingSet64);
    }
}

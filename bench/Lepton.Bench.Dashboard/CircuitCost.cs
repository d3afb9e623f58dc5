using System.Diagnostics;
using Microsoft.Playwright;

namespace Lepton.Bench.Dashboard;

/// <summary>
/// What Blazor Server's circuits cost the server: managed heap (after a full compacting GC) and working set with
/// <c>open</c> pages of one chart each connected at once, per circuit; and again 2 s after their browser contexts
/// closed (blazor.web.js sends a disconnect beacon on unload, so the server may drop a circuit at once rather than keep
/// it the 3 minutes it keeps one whose connection was lost).
/// </summary>
internal static class CircuitCost
{
    public sealed record Result(string Points, int Pages, int CircuitsOpen, double HeapMiBPerCircuit, double WorkingSetMiBPerCircuit,
        int CircuitsOpenAfterClose, double HeapMiBPerPageAfterClose);

    public static async Task<Result> MeasureAsync(Browser browser, CircuitCounter circuits, int maxPoints, int open)
    {
        var (heap0, ws0) = Memory();
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
        var (heap1, ws1) = Memory();
        var circuitsOpen = circuits.Open;
        foreach (var context in contexts) await context.CloseAsync();
        await Task.Delay(2000);
        var (heap2, _) = Memory();
        const double mib = 1024 * 1024;
        return new Result(page.Points, open, circuitsOpen, Math.Round((heap1 - heap0) / mib / open, 2), Math.Round((ws1 - ws0) / mib / open, 2),
            circuits.Open, Math.Round((heap2 - heap0) / mib / open, 2));
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

using System.Diagnostics;
using Microsoft.Playwright;

namespace Lepton.Bench.Web;

/// <summary>Times the dashboard's pages in Debian's chromium: each load in a new browser context (nothing cached), as a first visit.</summary>
internal sealed class Figures(IBrowser browser, Uri address)
{
    private const int Width = 1280;

    /// <summary>Navigation start to the last of the page's charts drawn (the front end's <c>__chartsDrawnAt</c>).</summary>
    public async Task<(Timings Drawn, double Bytes)> ChartsAsync(string path, int charts, int loads)
    {
        var times = new List<double>();
        var bytes = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            // Tall enough that every chart is in view at once, so all of them load.
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Width, Height = 900 + 320 * charts } });
            var page = await context.NewPageAsync();
            var transferred = 0.0;
            page.RequestFinished += async (_, request) =>
            {
                try
                {
                    var sizes = await request.SizesAsync();
                    transferred += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
                }
                catch (PlaywrightException)
                {
                    // the page closed first
                }
            };
            await page.GotoAsync(new Uri(address, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            await page.WaitForFunctionAsync($"() => Number(document.body.dataset.chartsDrawn || 0) >= {charts}", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
            times.Add(await page.EvaluateAsync<double>("() => window.__chartsDrawnAt"));
            await page.WaitForTimeoutAsync(50);
            bytes.Add(transferred);
        }

        return (Timings.Of(times), bytes.Order().ElementAt(bytes.Count / 2));
    }

    /// <summary>The runs page: navigation start to the first contentful paint (the rows are in the server's HTML, so they are the first paint).</summary>
    public async Task<Timings> FirstRowsAsync(string path, int loads)
    {
        var times = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Width, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(address, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            times.Add(await FirstPaintAsync(page));
        }

        return Timings.Of(times);
    }

    /// <summary>
    /// A click on a metric's column header to the sorted rows painted: the click's time to the new page's navigation
    /// start (the browser's own work) plus that page's first contentful paint.
    /// </summary>
    public async Task<Timings> SortAsync(string path, string column, int loads)
    {
        var times = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Width, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(address, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            var header = page.Locator("#runs thead a", new PageLocatorOptions { HasTextString = column });
            var clickedAt = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            await header.ClickAsync();
            await page.WaitForURLAsync("**order=*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Load });
            var origin = await page.EvaluateAsync<double>("() => performance.timeOrigin");
            times.Add(origin - clickedAt + await FirstPaintAsync(page));
        }

        return Timings.Of(times);
    }

    private static async Task<double> FirstPaintAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('first-contentful-paint').length > 0");
        return await page.EvaluateAsync<double>("() => performance.getEntriesByName('first-contentful-paint')[0].startTime");
    }

    /// <summary>One HTTP GET, timed from sending to the last byte read, repeated; the body's size of the last.</summary>
    public static async Task<(Timings Time, long Bytes)> ServerAsync(HttpClient http, string path, int rounds)
    {
        var times = new List<double>();
        long size = 0;
        for (var i = 0; i < rounds + 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync(path);
            if (i >= 3) times.Add(clock.Elapsed.TotalMilliseconds);
            size = body.Length;
        }

        return (Timings.Of(times), size);
    }
}

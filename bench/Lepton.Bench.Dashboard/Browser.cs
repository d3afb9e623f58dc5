using System.Text.Json;
using Microsoft.Playwright;

namespace Lepton.Bench.Dashboard;

/// <summary>Debian's chromium through Playwright (it cannot download its own browser here), loading pages and timing them.</summary>
internal sealed class Browser(IPlaywright playwright, IBrowser browser, string baseUrl) : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private const int TimeoutMs = 120_000;

    public static async Task<Browser> LaunchAsync(string baseUrl)
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: run `apt-get install -y chromium`.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new Browser(playwright, browser, baseUrl);
    }

    public string Version => browser.Version;

    public string BaseUrl => baseUrl;

    public Task<IBrowserContext> NewContextAsync() =>
        browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

    /// <summary>Opens <paramref name="page"/> in a new tab of <paramref name="context"/>, waits for every chart drawn, zooms chart 0 in and out.</summary>
    public async Task<PageLoad> LoadAsync(IBrowserContext context, PageCase page, List<string> errors)
    {
        var tab = await context.NewPageAsync();
        try
        {
            tab.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
            tab.PageError += (_, e) => { lock (errors) errors.Add(e); };
            var cdp = await context.NewCDPSessionAsync(tab);
            long http = 0, received = 0, sent = 0, largest = 0;
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
                Interlocked.Add(ref http, (long)e!.Value.GetProperty("encodedDataLength").GetDouble());
            cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, e) =>
            {
                var size = PayloadBytes(e!.Value);
                Interlocked.Add(ref received, size);
                lock (errors) largest = Math.Max(largest, size);
            };
            cdp.Event("Network.webSocketFrameSent").OnEvent += (_, e) => Interlocked.Add(ref sent, PayloadBytes(e!.Value));
            await cdp.SendAsync("Network.enable");

            await tab.GotoAsync(baseUrl + page.Path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = TimeoutMs });
            await tab.WaitForFunctionAsync("() => window.__drawn !== undefined", null,
                new PageWaitForFunctionOptions { Timeout = TimeoutMs, PollingInterval = 5 });
            var drawn = await tab.EvaluateAsync<double>("window.__drawn");
            var zoomIn = await tab.EvaluateAsync<double>("benchChart.zoom(0.45, 0.55)");
            var zoomOut = await tab.EvaluateAsync<double>("benchChart.zoom(0, 1)");
            await cdp.DetachAsync();
            return new PageLoad(drawn, Interlocked.Read(ref http), Interlocked.Read(ref received), Interlocked.Read(ref sent),
                largest, zoomIn, zoomOut);
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    /// <summary>Payload bytes of a CDP WebSocket frame: text as UTF-8, binary (opcode 2) as base64.</summary>
    private static long PayloadBytes(JsonElement frame)
    {
        var response = frame.GetProperty("response");
        var data = response.GetProperty("payloadData").GetString() ?? "";
        return response.GetProperty("opcode").GetDouble() == 2
            ? data.Length / 4 * 3 - data.Reverse().TakeWhile(c => c == '=').Count()
            : System.Text.Encoding.UTF8.GetByteCount(data);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}

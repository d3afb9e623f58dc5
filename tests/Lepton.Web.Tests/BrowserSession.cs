using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Lepton.Web.Tests;

/// <summary>
/// Debian's chromium through Playwright on one dashboard page: records every request that leaves the dashboard (the
/// pages must work offline), every script error and every dialog (an escaped value never opens one).
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const int Width = 1280;
    public const int Height = 900;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public ConcurrentBag<string> External { get; } = [];

    public ConcurrentBag<string> Errors { get; } = [];

    public ConcurrentBag<string> Dialogs { get; } = [];

    /// <summary>When set, a confirm() is accepted (and recorded); otherwise every dialog is dismissed.</summary>
    public bool AcceptDialogs { get; set; }

    public static Task<BrowserSession> OpenAsync(DashboardStore store, string path) => OpenAsync(store.Address, path);

    public static async Task<BrowserSession> OpenAsync(Uri address, string path)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = FactIfChromiumAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = Width, Height = Height } });
        page.SetDefaultTimeout(15_000);
        var session = new BrowserSession(playwright, browser, page);
        var origin = address.GetLeftPart(UriPartial.Authority);
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(origin, StringComparison.Ordinal) || route.Request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            session.External.Add(route.Request.Url);
            await route.AbortAsync();
        });
        page.PageError += (_, error) => session.Errors.Add(error);
        page.Console += (_, message) =>
        {
            // A report's own script refused by its sandboxed frame is the sandbox working, not a failure of the page.
            if (message.Type == "error" && !message.Text.StartsWith("Blocked script execution", StringComparison.Ordinal)) session.Errors.Add(message.Text);
        };
        page.Dialog += async (_, dialog) =>
        {
            session.Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            if (session.AcceptDialogs && dialog.Type == "confirm") await dialog.AcceptAsync();
            else await dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(address, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return session;
    }

    /// <summary>Brings every chart into view (they load as they near it), waits until all have drawn (or failed) and returns how many there are.</summary>
    public async Task<int> ChartsDrawnAsync()
    {
        var figures = await Page.Locator("[data-chart]").CountAsync();
        await Page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        await Page.WaitForFunctionAsync($"() => Number(document.body.dataset.chartsDrawn || 0) >= {figures}");
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        return figures;
    }

    /// <summary>Saves the page as a PNG under the test output's screenshots/ folder.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = false)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>No request left the dashboard and no script failed.</summary>
    public void AssertClean()
    {
        Assert.Empty(External);
        Assert.Empty(Errors);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

using System.Collections.Concurrent;
using Microsoft.Playwright;
using SkiaSharp;

namespace Lepton.Data.Reports.Tests;

/// <summary>Opens the report in Debian's chromium through Playwright: what a person would see, offline.</summary>
[Collection(SampleReportCollection.Name)]
public sealed class BrowserTests(SampleReport report)
{
    private const int Width = 1280;
    private const int Height = 900;

    [FactIfChromium]
    public async Task The_report_opens_offline_in_chromium_with_every_section_card_and_chart()
    {
        await using var session = await Open();
        var page = session.Page;

        foreach (var id in new[] { "overview", "findings", "columns", "missing", "correlations", "spread", "scatter" })
            Assert.True(await page.Locator($"section#{id}").IsVisibleAsync(), $"section #{id} is not visible");
        Assert.Equal(report.Profile.Columns.Count, await page.Locator(".column-card").CountAsync());
        Assert.Equal(report.Findings.Count, await page.Locator(".finding").CountAsync());

        var widths = await page.EvalOnSelectorAllAsync<int[]>("img", "images => images.map(i => i.complete ? i.naturalWidth : 0)");
        Assert.Equal(report.Charts.Count, widths.Length);
        Assert.All(widths, w => Assert.True(w > 0, "an image did not load"));
        Assert.Empty(session.External);
    }

    [FactIfChromium]
    public async Task A_chart_downloads_as_a_png_file()
    {
        await using var session = await Open();
        var link = session.Page.Locator("#missing a.png");

        var download = await session.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());

        Assert.Equal("missing-values.png", download.SuggestedFilename);
        var saved = Path.Combine(report.Folder, "downloaded.png");
        await download.SaveAsAsync(saved);
        using var image = SKBitmap.Decode(saved);
        Assert.True(image is { Width: > 100, Height: > 100 }, "the downloaded chart is not an image");
        Assert.Empty(session.External);
    }

    [FactIfChromium]
    public async Task The_column_filter_hides_the_other_cards()
    {
        await using var session = await Open();

        await session.Page.FillAsync("#column-filter", "inco");

        Assert.Equal(1, await session.Page.Locator(".column-card:visible").CountAsync());
        Assert.True(await session.Page.Locator(".column-card[data-name='income']").IsVisibleAsync());
    }

    [FactIfChromium]
    public async Task The_screenshot_is_the_viewport_size_and_not_blank()
    {
        await using var session = await Open();
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "data-report.png");
        File.Copy(report.HtmlPath, Path.Combine(folder, "data-report.html"), overwrite: true);

        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });

        using var shot = SKBitmap.Decode(path);
        Assert.Equal(Width, shot.Width);
        Assert.Equal(Height, shot.Height);
        // A rendered page has a header, tiles and text: many colours, and no single colour covering almost everything.
        var counts = new Dictionary<uint, int>();
        for (var y = 0; y < shot.Height; y += 3)
        {
            for (var x = 0; x < shot.Width; x += 3)
            {
                var key = (uint)shot.GetPixel(x, y);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var total = counts.Values.Sum();
        Assert.True(counts.Count > 200, $"only {counts.Count} colours in {path}: the page looks blank");
        Assert.True(counts.Values.Max() < total * 0.9, $"one colour covers {counts.Values.Max() * 100 / total}% of {path}: the page looks blank");
        // The header band is the dark indigo of the title, not the page background.
        var header = shot.GetPixel(20, 20);
        Assert.True(header.Blue > header.Red + 40, $"the header at (20, 20) is {header}, not the report's indigo: {path}");
    }

    private async Task<BrowserSession> Open()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = FactIfChromiumAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = Width, Height = Height }, AcceptDownloads = true });
        var session = new BrowserSession(playwright, browser, page);
        // Anything but the file itself and inline data is a request to the network: record it and refuse it.
        await page.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            if (url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            session.External.Add(url);
            await route.AbortAsync();
        });
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) session.External.Add(request.Url);
        };
        await page.GotoAsync(new Uri(report.HtmlPath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return session;
    }

    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;
        public ConcurrentBag<string> External { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}

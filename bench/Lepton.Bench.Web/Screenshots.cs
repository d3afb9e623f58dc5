using System.Text.RegularExpressions;
using Lepton.Tracking;
using Lepton.Web;
using Microsoft.Playwright;

namespace Lepton.Bench.Web;

/// <summary>
/// `lepton-bench-web screenshots --tracking URI [--out docs/images]`: the dashboard over a real store (one filled by
/// `lepton quickstart`, `lepton train`, `lepton experiment`) photographed page by page for docs/dashboard.md.
/// </summary>
internal static partial class Screenshots
{
    public static async Task<int> RunAsync(string trackingUri, string? artifactRoot, string folder, string chromium, string? serve, string? image)
    {
        Directory.CreateDirectory(folder);
        var options = new DashboardServerOptions { Port = 0, TrackingUri = trackingUri, ArtifactRoot = artifactRoot };
        if (serve is not null) options.Serving.Add(new ServingEndpoint(new Uri(serve)));
        await using var app = await DashboardServer.CreateAsync(options);
        await app.StartAsync();
        var address = DashboardServer.AddressOf(app);
        using var http = new HttpClient { BaseAddress = address };
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        async Task Shoot(string name, string path, bool full = false, Func<Task>? before = null)
        {
            await page.GotoAsync(new Uri(address, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            var charts = await page.Locator("[data-chart]").CountAsync();
            if (charts > 0)
            {
                await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
                await page.WaitForFunctionAsync($"() => Number(document.body.dataset.chartsDrawn || 0) >= {Math.Min(charts, 6)}");
                await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            }

            if (before is not null) await before();
            var file = Path.Combine(folder, $"dashboard-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = full });
            Console.WriteLine($"  {file}");
        }

        var home = await http.GetStringAsync("/");
        var experiments = ExperimentLink().Matches(home).Select(m => m.Groups[1].Value).ToList();
        await Shoot("experiments", "/");
        // The experiment with the most runs makes the fullest table.
        var best = experiments.OrderByDescending(e => RunRow().Matches(http.GetStringAsync($"/runs?experiment={e}").Result).Count).First();
        await Shoot("runs", $"/runs?experiment={best}");
        var runsPage = await http.GetStringAsync($"/runs?experiment={best}");
        var runs = RunRow().Matches(runsPage).Select(m => m.Groups[1].Value).ToList();

        // The run with the most charts.
        var charted = new List<(string Run, int Charts)>();
        foreach (var experiment in experiments)
        {
            foreach (var run in RunRow().Matches(await http.GetStringAsync($"/runs?experiment={experiment}")).Select(m => m.Groups[1].Value))
                charted.Add((run, ChartFigure().Matches(await http.GetStringAsync($"/runs/{run}")).Count));
        }

        var richest = charted.OrderByDescending(c => c.Charts).First().Run;
        await Shoot("run", $"/runs/{richest}");
        await Shoot("run-charts", $"/runs/{richest}", before: async () => await page.Locator("#metrics").ScrollIntoViewIfNeededAsync());
        await Shoot("run-artifacts", $"/runs/{richest}", before: async () => await page.Locator("#artifacts").ScrollIntoViewIfNeededAsync());
        await Shoot("model-summary", $"/runs/{richest}/artifacts/model.lepton?view=summary");
        if (runs.Count >= 2) await Shoot("compare", "/compare?" + string.Join('&', runs.Take(4).Select(r => $"runs={r}")), full: true);
        var models = ModelLink().Matches(home).Select(m => m.Groups[1].Value).ToList();
        await Shoot("models", "/models");
        var study = StudyLink().Match(await http.GetStringAsync("/studies"));
        if (study.Success) await Shoot("study", study.Groups[1].Value, full: true, before: async () => await page.Locator("#history canvas").WaitForAsync());
        // The model with the most versions shows the most lineage.
        var fullest = new List<(string Model, int Versions)>();
        foreach (var model in models) fullest.Add((model, VersionSection().Matches(await http.GetStringAsync($"/models/{model}")).Count));
        if (models.Count > 0) await Shoot("model", $"/models/{fullest.OrderByDescending(m => m.Versions).First().Model}");
        // A version with an evaluation recorded by lepton evaluate (its page draws the latest report).
        foreach (var model in models)
        {
            var evaluated = EvaluatedVersion().Match(await http.GetStringAsync($"/models/{model}"));
            if (!evaluated.Success) continue;
            await Shoot("version", System.Net.WebUtility.HtmlDecode(evaluated.Groups[1].Value), full: true);
            break;
        }

        // The data a run recorded with its profile, and the drift between the two the data page offers first.
        var data = await http.GetStringAsync("/data");
        await Shoot("data", "/data");
        var profiled = DatasetLink().Matches(data).Select(m => m.Groups[1].Value).FirstOrDefault(p => http.GetStringAsync(p).Result.Contains("id=\"profile\"", StringComparison.Ordinal));
        if (profiled is not null) await Shoot("dataset", profiled, full: true);
        if (data.Contains("id=\"drift-form\"", StringComparison.Ordinal))
        {
            await page.GotoAsync(new Uri(address, "/data").AbsoluteUri);
            await page.Locator("#drift-form button").ClickAsync();
            await page.WaitForURLAsync("**/data/drift?*");
            await Shoot("drift", new Uri(page.Url).PathAndQuery, full: true);
        }
        if (serve is null) return 0;

        // The playground first: its prediction is a request the deployments page's live table then shows.
        var playground = await http.GetStringAsync("/playground");
        var choice = PlaygroundLink().Match(playground);
        if (choice.Success && image is not null)
        {
            await Shoot("playground", System.Net.WebUtility.HtmlDecode(choice.Groups[1].Value), before: async () =>
            {
                await page.SetInputFilesAsync("input[name='image']", image);
                await page.GetByRole(AriaRole.Button, new() { NameString = "Predict" }).ClickAsync();
                await page.Locator("#answer .prediction").WaitForAsync();
            });
        }

        await Shoot("deployments", "/deployments", before: async () => await page.Locator("[data-rates] table").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 }));
        return 0;
    }

    [GeneratedRegex("href=\"/runs\\?experiment=([^\"]+)\"")]
    private static partial Regex ExperimentLink();

    [GeneratedRegex("<tr data-run=\"([0-9a-f]{32})\"")]
    private static partial Regex RunRow();

    [GeneratedRegex("data-chart ")]
    private static partial Regex ChartFigure();

    [GeneratedRegex("href=\"/models/([^\"#]+)\"")]
    private static partial Regex ModelLink();

    [GeneratedRegex("href=\"(/studies/[0-9a-f]{32})\"")]
    private static partial Regex StudyLink();

    [GeneratedRegex("<section class=\"version\"")]
    private static partial Regex VersionSection();

    [GeneratedRegex("href=\"(/models/[^\"]+/versions/[0-9]+)\">Version [0-9]+[^<]*latest evaluation")]
    private static partial Regex EvaluatedVersion();

    [GeneratedRegex("href=\"(/data/[^\"/?]+)\"")]
    private static partial Regex DatasetLink();

    [GeneratedRegex("href=\"(/playground\\?server=[^\"]+)\"")]
    private static partial Regex PlaygroundLink();
}

using Microsoft.Playwright;

namespace Lepton.Web.Tests;

/// <summary>Each page clicked through in Debian's chromium, checking what a person would see; offline, no script errors.</summary>
[Collection(DashboardCollection.Name)]
public sealed class BrowserTests(DashboardStore store)
{
    [FactIfChromium]
    public async Task The_home_page_leads_to_an_experiments_runs()
    {
        await using var session = await BrowserSession.OpenAsync(store, "/");

        await session.Page.GetByRole(AriaRole.Link, new() { Name = "fashion", Exact = true }).First.ClickAsync();

        await session.Page.WaitForURLAsync("**/runs?experiment=fashion");
        Assert.Equal(DashboardStore.Runs + 1, await session.Page.Locator("#runs tbody tr").CountAsync());
        await session.ScreenshotAsync("experiments");
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task The_runs_table_sorts_by_a_clicked_metric_filters_and_picks_columns()
    {
        await using var session = await BrowserSession.OpenAsync(store, "/runs?experiment=fashion");
        var page = session.Page;

        await page.Locator("#runs thead a", new() { HasTextString = "metrics.val_accuracy" }).ClickAsync();
        await page.WaitForURLAsync("**order=metrics.val_accuracy*desc*");
        Assert.Equal(store.RunIds[^1], await page.Locator("#runs tbody tr").First.GetAttributeAsync("data-run"));
        Assert.Equal("descending", await page.Locator("#runs thead th[aria-sort='descending']").GetAttributeAsync("aria-sort"));

        await page.FillAsync("#run-filter", "params.optimizer = 'sgd'");
        await page.PressAsync("#run-filter", "Enter");
        await page.WaitForURLAsync("**filter=*");
        Assert.Equal(DashboardStore.Runs / 2, await page.Locator("#runs tbody tr").CountAsync());
        Assert.Contains("of 6", await page.Locator("#run-count").InnerTextAsync());

        await page.Locator("details.column-picker summary").ClickAsync();
        await page.FillAsync("input[data-filter-list='column-choices']", "recipe");
        Assert.Equal(1, await page.Locator("#column-choices label:visible").CountAsync());
        await page.Locator("#column-choices label:visible input").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show these columns" }).ClickAsync();
        await page.WaitForURLAsync("**cols=*");
        Assert.Equal(1, await page.Locator("#runs thead a", new() { HasTextString = "tags.recipe" }).CountAsync());
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task A_runs_charts_draw_a_long_history_thinned_zoom_in_at_full_resolution_and_zoom_back_out()
    {
        await using var session = await BrowserSession.OpenAsync(store, $"/runs/{store.RichRun}");
        var page = session.Page;

        Assert.Equal(3, await session.ChartsDrawnAsync());
        var chart = page.Locator($"figure[data-key='{DashboardStore.LongMetric}']");
        var note = chart.Locator(".chart-note");
        Assert.Matches(@"^[\d,]+ of 100,000 points \(thinned", await note.InnerTextAsync());
        Assert.Equal(1, await chart.Locator("canvas").CountAsync());

        // Drag across a tenth of the plot: the chart reads those steps again, now at full resolution.
        await chart.ScrollIntoViewIfNeededAsync();
        var box = (await chart.Locator(".u-over").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.50f, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.51f, box.Y + box.Height / 2, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync($"() => document.querySelector(\"figure[data-key='{DashboardStore.LongMetric}'] .chart-note\").textContent.includes('zoomed')");
        Assert.Matches(@"^[\d,]+ points in the zoomed range$", await note.InnerTextAsync());

        await page.ClickAsync("#chart-reset");
        Assert.Contains("of 100,000 points", await note.InnerTextAsync());
        await session.ScreenshotAsync("run");
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task Log_scale_smoothing_and_time_axis_redraw_every_chart()
    {
        await using var session = await BrowserSession.OpenAsync(store, $"/runs/{store.RichRun}");
        var page = session.Page;
        await session.ChartsDrawnAsync();

        await page.CheckAsync("#chart-log");
        await page.Locator("#chart-smoothing").FillAsync("0.9");
        Assert.Equal("0.90", await page.InnerTextAsync("#chart-smoothing-value"));
        // Smoothed: each run's raw line stays, faint, beside the smoothed one.
        Assert.True(await page.Locator("figure[data-key='loss'] .u-legend").GetByText("(raw)").CountAsync() > 0);
        await page.SelectOptionAsync("#chart-x", "relative");
        Assert.Contains("seconds", await page.Locator("figure[data-key='loss'] .u-legend").InnerTextAsync());
        Assert.Equal(3, await page.Locator("figure[data-chart] canvas").CountAsync());
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task Hostile_names_show_as_text_and_run_nothing()
    {
        await using var session = await BrowserSession.OpenAsync(store, $"/runs/{store.HostileRun}");
        var page = session.Page;

        Assert.Equal(DashboardStore.Hostile, (await page.Locator("h1").InnerTextAsync()).Replace("failed", "", StringComparison.Ordinal).Trim());
        Assert.Equal("<script>alert(2)</script>", await page.Locator("#tag-table tr", new() { HasTextString = "note" }).Locator("td").InnerTextAsync());
        await page.GotoAsync(new Uri(store.Address, "/runs?experiment=fashion&cols=params.lr,tags.note").AbsoluteUri);
        Assert.Equal(0, await page.Locator("#runs img").CountAsync());
        Assert.Equal(0, await page.Locator("#runs b").CountAsync());
        Assert.Empty(session.Dialogs);
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task Ticking_runs_compares_them_with_curves_parallel_coordinates_and_a_scatter()
    {
        await using var session = await BrowserSession.OpenAsync(store, "/runs?experiment=fashion&order=name%20asc");
        var page = session.Page;

        await page.Locator($"input[name='runs'][value='{store.RunIds[0]}']").CheckAsync();
        await page.Locator($"input[name='runs'][value='{store.RunIds[3]}']").CheckAsync();
        await page.Locator($"input[name='runs'][value='{store.RunIds[6]}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare selected" }).ClickAsync();
        await page.WaitForURLAsync("**/compare?*");

        Assert.Contains("3 runs side by side", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(3, await page.Locator("#parallel polyline").CountAsync());
        Assert.Equal("3", await page.Locator("#scatter").GetAttributeAsync("data-points"));
        await page.SelectOptionAsync("#scatter-y", "metrics.loss");
        Assert.Equal(3, await page.Locator("#scatter circle").CountAsync());
        Assert.Equal(await page.Locator("[data-chart]").CountAsync(), await session.ChartsDrawnAsync());
        Assert.Equal(3, await page.Locator("figure[data-key='val_accuracy'] .u-legend .u-series").CountAsync() - 1);
        await session.ScreenshotAsync("compare", fullPage: true);
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task The_models_page_lists_each_model_with_its_aliases_and_leads_to_its_versions()
    {
        await using var session = await BrowserSession.OpenAsync(store, "/models");
        var page = session.Page;

        var row = page.Locator("#models tbody tr", new() { HasTextString = "fashion" });
        Assert.Contains("production → 1", await row.InnerTextAsync());
        await row.GetByRole(AriaRole.Link, new() { Name = "fashion", Exact = true }).ClickAsync();

        await page.WaitForURLAsync("**/models/fashion");
        Assert.Equal(2, await page.Locator("section.version").CountAsync());
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task Moving_an_alias_asks_first_and_then_shows_the_new_version()
    {
        await using var session = await BrowserSession.OpenAsync(store, "/models/fashion");
        var page = session.Page;
        try
        {
            var row = page.Locator("#aliases tr", new() { HasTextString = "@production" });
            await row.Locator("select").SelectOptionAsync("2");

            // Dismissed, nothing moves.
            await row.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
            Assert.Single(session.Dialogs);
            Assert.Equal(1, (await store.Tracking.Store.GetModelVersionByAliasAsync("fashion", "production")).Version);

            session.AcceptDialogs = true;
            await row.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
            await page.WaitForURLAsync("**/models/fashion#v2");
            Assert.Contains("version 2", await page.Locator("#aliases tr", new() { HasTextString = "@production" }).InnerTextAsync());
            Assert.Equal(2, (await store.Tracking.Store.GetModelVersionByAliasAsync("fashion", "production")).Version);
            // Recorded: the move is the newest line of the alias history, with who made it.
            var latest = page.Locator("#alias-history tbody tr").First;
            Assert.Contains("version 1 → 2", await latest.InnerTextAsync());
            Assert.Contains("@", await latest.Locator("td.mono").InnerTextAsync());
            await session.ScreenshotAsync("model");
            session.AssertClean();
        }
        finally
        {
            await store.Tracking.Store.SetAliasAsync("fashion", "production", 1);
        }
    }

    [FactIfChromium]
    public async Task The_keyboard_reaches_the_content_first_and_focus_is_visible()
    {
        await using var session = await BrowserSession.OpenAsync(store, "/runs?experiment=fashion");
        var page = session.Page;

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.Equal("solid", outline);
        await page.Keyboard.PressAsync("Enter");
        for (var i = 0; i < 3 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "run-filter"; i++) await page.Keyboard.PressAsync("Tab");
        Assert.Equal("run-filter", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [FactIfChromium]
    public async Task The_model_page_leads_to_a_versions_latest_evaluation_with_its_figures_and_full_report()
    {
        var accuracy = store.LatestEvaluation.Classification!.Accuracy.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        await using var session = await BrowserSession.OpenAsync(store, $"/models/{DashboardStore.EvaluatedModel}");
        var page = session.Page;

        var evaluations = page.Locator("#evaluations-v1 tbody tr");
        Assert.Equal(2, await evaluations.CountAsync());
        Assert.Contains($"accuracy {accuracy}", await evaluations.First.InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Version 1's latest evaluation report" }).ClickAsync();

        await page.WaitForURLAsync($"**/models/{DashboardStore.EvaluatedModel}/versions/1");
        Assert.Equal(accuracy, await page.Locator("#evaluation-metrics tbody tr", new() { HasTextString = "accuracy" }).Locator("td").InnerTextAsync());
        // True setosa: 9 taken for setosa, 1 for versicolor; the confusion matrix's header names the predicted classes.
        var setosa = page.Locator("#evaluation-confusion tbody tr", new() { HasTextString = "setosa" }).Locator("td");
        Assert.Equal("9", await setosa.Nth(0).InnerTextAsync());
        Assert.Equal("1", await setosa.Nth(1).InnerTextAsync());
        Assert.Equal("versicolor", await page.Locator("#evaluation-confusion thead th").Nth(2).InnerTextAsync());
        var report = page.GetByRole(AriaRole.Link, new() { Name = "Full HTML report" });
        Assert.Equal($"/runs/{store.LatestEvaluationRun}/artifacts/evaluation.html", await report.GetAttributeAsync("href"));
        // Reached from the keyboard: Tab from the top of the content lands on it.
        await page.Locator("main").FocusAsync();
        for (var i = 0; i < 40 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "full-report"; i++) await page.Keyboard.PressAsync("Tab");
        Assert.Equal("full-report", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await session.ScreenshotAsync("model-version", fullPage: true);
        session.AssertClean();
    }

    [FactIfChromium]
    public async Task Text_on_every_page_has_at_least_aa_contrast()
    {
        foreach (var path in new[] { "/", "/runs?experiment=fashion", $"/runs/{store.RichRun}", "/models/fashion", $"/models/{DashboardStore.EvaluatedModel}", $"/models/{DashboardStore.EvaluatedModel}/versions/1",
            "/studies", "/data", $"/data/{store.ReferenceData}", $"/data/drift?reference={store.ReferenceData}&current={store.CurrentData}" })
        {
            await using var session = await BrowserSession.OpenAsync(store, path);
            // WCAG 2 contrast of each text element's colour against the first opaque background up its ancestors.
            var worst = await session.Page.EvaluateAsync<double[]>(ContrastScript);
            Assert.True(worst[0] >= 4.5, $"{path}: text with contrast {worst[0]:0.00} (below 4.5)");
        }
    }

    private const string ContrastScript = """
        () => {
          const parse = c => { const m = c.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
          const lum = ({ r, g, b }) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.a > 0.9) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          let worst = 21;
          for (const el of document.querySelectorAll('body *')) {
            if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden' || style.display === 'none' || el.closest('.u-legend, svg, .skip')) continue;
            const fg = lum(parse(style.color)), bg = lum(background(el));
            const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
            worst = Math.min(worst, ratio);
          }
          return [worst];
        }
        """;
}

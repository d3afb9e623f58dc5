using System.Text.RegularExpressions;

namespace Lepton.Web.Tests;

/// <summary>The studies of <c>lepton tune</c>, read from the runs it records: the list, trials, history, importance and plots.</summary>
[Collection(DashboardCollection.Name)]
public sealed class StudyTests(DashboardStore store)
{
    [Fact]
    public async Task The_studies_page_lists_the_study_with_its_objective_best_and_trial_counts()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync("/studies");

        Assert.Contains($"href=\"/studies/{store.StudyRun}\">{DashboardStore.Study}</a>", html);
        Assert.Contains("val_accuracy <span class=\"muted\">maximize</span>", html);
        Assert.Contains("<td class=\"num\">0.84</td>", html);
        Assert.Contains("7 / 1 / –", html);
    }

    [Fact]
    public async Task A_studys_page_has_every_trial_its_parameters_and_the_recorded_importance()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/studies/{store.StudyRun}");

        Assert.Equal(DashboardStore.Trials, Regex.Matches(html, "<tr data-run=").Count);
        Assert.Contains("<td>pruned</td>", html);
        Assert.Contains("<th scope=\"col\">layers</th><th scope=\"col\">lr</th>", html);
        Assert.Matches("<th scope=\"row\">lr</th><td><meter[^>]+value=\"0.8\"", html);
        Assert.Contains("data-study", html);
    }

    [Fact]
    public async Task A_run_that_is_not_a_study_is_a_404_that_points_to_its_run_page()
    {
        using var client = Http.Client(store);
        Assert.Contains($"/runs/{store.RichRun}", await client.PageAsync($"/studies/{store.RichRun}", System.Net.HttpStatusCode.NotFound));
    }

    [FactIfChromium]
    public async Task The_history_parallel_coordinates_and_slice_draw_in_the_browser()
    {
        await using var session = await BrowserSession.OpenAsync(store, $"/studies/{store.StudyRun}");
        var page = session.Page;

        await page.WaitForFunctionAsync("() => document.querySelector('#history').dataset.drawn !== undefined");
        Assert.Equal(DashboardStore.Trials.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#history").GetAttributeAsync("data-drawn"));
        Assert.Equal(DashboardStore.Trials, await page.Locator("#parallel polyline").CountAsync());
        // The slice: a parameter against the objective; the pruned trial has no value, so no point.
        Assert.Equal((DashboardStore.Trials - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#scatter").GetAttributeAsync("data-points"));
        await session.ScreenshotAsync("study", fullPage: true);
        session.AssertClean();
    }
}

using System.Net;

namespace Lepton.Web.Tests;

/// <summary>Each page answers with what it should show, read from the store, and bad requests get a page that says what was wrong.</summary>
[Collection(DashboardCollection.Name)]
public sealed class PageTests(DashboardStore store)
{
    [Fact]
    public async Task The_home_page_lists_the_experiment_with_its_run_count_and_the_models()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync("/");

        Assert.Contains("/runs?experiment=fashion", html);
        Assert.Contains($"<td class=\"num\">{DashboardStore.Runs + 1}</td>", html);
        Assert.Contains("/models/fashion", html);
    }

    [Fact]
    public async Task The_runs_table_pages_through_every_run_once()
    {
        using var client = Http.Client(store);
        var seen = new List<string>();
        for (var offset = 0; offset < DashboardStore.Runs + 1; offset += 5)
        {
            var html = await client.PageAsync($"/runs?experiment=fashion&size=5&offset={offset}");
            seen.AddRange(Http.RowRuns(html));
        }

        Assert.Equal(DashboardStore.Runs + 1, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains($"Runs 1–5 of {DashboardStore.Runs + 1}", await client.PageAsync("/runs?experiment=fashion&size=5"));
    }

    [Fact]
    public async Task Sorting_by_a_metric_orders_the_rows_and_the_header_offers_the_other_direction()
    {
        using var client = Http.Client(store);
        var descending = Http.RowRuns(await client.PageAsync("/runs?experiment=fashion&order=metrics.val_accuracy%20desc"));
        var ascending = Http.RowRuns(await client.PageAsync("/runs?experiment=fashion&order=metrics.val_accuracy%20asc"));

        // val_accuracy grows with the run's index; the hostile run's 0.1 is the lowest.
        Assert.Equal(store.RunIds[^1], descending[0]);
        Assert.Equal(store.HostileRun, ascending[0]);
        var html = await client.PageAsync("/runs?experiment=fashion&order=metrics.val_accuracy%20desc");
        Assert.Contains("aria-sort=\"descending\"", html);
        Assert.Contains("order=metrics.val_accuracy%20asc", html);
    }

    [Fact]
    public async Task The_filter_grammar_narrows_the_rows_and_a_bad_filter_says_why_on_the_page()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync("/runs?experiment=fashion&filter=" + Uri.EscapeDataString("params.optimizer = 'adam' and metrics.val_accuracy > 0.5"));
        Assert.Equal(DashboardStore.Runs / 2, Http.RowRuns(html).Count);

        var bad = await client.PageAsync("/runs?experiment=fashion&filter=" + Uri.EscapeDataString("metrics.val_accuracy >> 3"));
        Assert.Contains("id=\"filter-error\"", bad);
        Assert.Empty(Http.RowRuns(bad));
    }

    [Fact]
    public async Task Chosen_columns_are_shown_and_the_picker_offers_every_name()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync("/runs?experiment=fashion&cols=params.optimizer,tags.recipe");

        Assert.Contains(">params.optimizer</a></th>", html);
        Assert.Contains(">tags.recipe</a></th>", html);
        Assert.DoesNotContain(">metrics.loss</a></th>", html);
        foreach (var name in new[] { "metrics.loss", "metrics.val_accuracy", $"metrics.{DashboardStore.LongMetric}", "params.lr", "tags.recipe" })
            Assert.Contains($"data-name=\"{name}\"", html);
        await client.PageAsync("/runs?experiment=fashion&cols=bogus", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_run_page_shows_parameters_lineage_datasets_charts_and_artifact_previews()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/runs/{store.RichRun}");

        Assert.Contains("fashion-mnist/train", html);
        Assert.Contains("/models/fashion#v1", html);
        Assert.Contains($"data-key=\"{DashboardStore.LongMetric}\"", html);
        Assert.Contains("data-key=\"val_accuracy\"", html);
        Assert.Contains("<img src=\"/runs/" + store.RichRun + "/artifacts/plots/confusion.png\"", html);
        // The CSV's head as a table, its quoted fields whole.
        Assert.Contains("<th scope=\"col\">note, quoted</th>", html);
        Assert.Contains("<td>say &quot;hi&quot;</td>", html);
        Assert.Contains("<iframe class=\"report\"", html);
        Assert.Matches("<iframe class=\"report\" src=\"[^\"]+\" sandbox[ =]", html);
        Assert.Contains("?view=summary", html);
    }

    [Fact]
    public async Task The_model_summary_of_a_lepton_file_lists_its_layers_and_classes_without_the_engine()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/runs/{store.RichRun}/artifacts/model.lepton?view=summary");

        Assert.Contains("<td>dense</td><td>Dense</td>", html);
        Assert.Contains("cat, dog, bird", html);
        // 4·8 + 8 + 8·3 + 3 weights.
        Assert.Contains("<strong>67</strong> parameters", html);
    }

    [Fact]
    public async Task Compare_sets_two_to_fifty_runs_side_by_side_with_the_best_marked_and_differences_highlighted()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/compare?runs={store.RunIds[0]}&runs={store.RunIds[5]}");

        Assert.Contains("2 runs side by side", html);
        Assert.Contains("class=\"num best\"", html);
        Assert.Contains("data-differs=\"true\"><th scope=\"row\">lr</th>", html);
        Assert.Contains("data-differs=\"false\"><th scope=\"row\">batch_size</th>", html);
        Assert.Contains("data-compare=", html);

        await client.PageAsync($"/compare?runs={store.RunIds[0]}", HttpStatusCode.BadRequest);
        var tooMany = string.Join('&', Enumerable.Range(0, 51).Select(i => $"runs={i:x32}"));
        Assert.Contains("compare 2 to 50 runs", await client.PageAsync($"/compare?{tooMany}", HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task The_model_page_shows_versions_aliases_and_lineage_to_the_deployment()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync("/models/fashion");

        Assert.Contains("id=\"v1\"", html);
        Assert.Contains("id=\"v2\"", html);
        Assert.Contains("@production", html);
        Assert.Contains("fashion-mnist/train", html);
        Assert.Contains("deployed to <span class=\"mono\">http://127.0.0.1:8080</span>", html);
        Assert.Contains("__lepton_token", html);
    }

    [Fact]
    public async Task Missing_things_are_404_pages_that_name_them()
    {
        using var client = Http.Client(store);
        Assert.Contains("no-such", await client.PageAsync("/runs?experiment=no-such", HttpStatusCode.NotFound));
        Assert.Contains("ffffffffffffffffffffffffffffffff", await client.PageAsync("/runs/ffffffffffffffffffffffffffffffff", HttpStatusCode.NotFound));
        Assert.Contains("nothing.csv", await client.PageAsync($"/runs/{store.RichRun}/artifacts/nothing.csv", HttpStatusCode.NotFound));
        await client.PageAsync("/models/no-such-model", HttpStatusCode.NotFound);
    }
}

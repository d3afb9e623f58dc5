using System.Net;
using Microsoft.Playwright;

namespace Lepton.Web.Tests;

/// <summary>The data pages: the datasets runs recorded, a dataset's profile, and the drift between two, from real profiles of real tables.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DataTests(DashboardStore store)
{
    [Fact]
    public async Task The_data_page_lists_each_recorded_dataset_and_offers_a_drift_comparison()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync("/data");

        Assert.Contains($"href=\"/data/{store.ReferenceData}\">customers-2025.csv</a>", html);
        Assert.Contains($"href=\"/data/{store.CurrentData}\">customers-2026.csv</a>", html);
        Assert.Contains("fashion-mnist/train", html); // recorded without a profile: listed, not offered for drift
        Assert.Contains("<form class=\"filter\" method=\"get\" action=\"/data/drift\" id=\"drift-form\">", html);
        Assert.DoesNotContain($"<option value=\"{new string('a', 64)}\"", html);
    }

    [Fact]
    public async Task A_datasets_page_shows_its_profile_column_by_column_and_the_runs_that_used_it()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/data/{store.ReferenceData}");

        Assert.Contains("<h1>customers-2025.csv</h1>", html);
        Assert.Contains("<dd>customers-2025.csv · 1,500 rows", html);
        Assert.Matches("<tr data-column=\"age\">\\s*<th scope=\"row\">age</th>\\s*<td>integer</td>", html);
        Assert.Contains("<svg class=\"histogram\"", html);
        Assert.Contains("<span class=\"tag\">basic <span class=\"muted\">", html);
        Assert.Contains(">train 2025</a></td><td>customers</td><td>train</td>", html);
    }

    [Fact]
    public async Task The_drift_page_finds_the_column_that_moved_the_one_worth_a_look_and_the_one_that_did_not()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/data/drift?reference={store.ReferenceData}&current={store.CurrentData}");

        Assert.Contains("<tr data-column=\"age\" data-level=\"drift\">", html);
        Assert.Contains("<tr data-column=\"plan\" data-level=\"warning\">", html);
        Assert.Contains("<tr data-column=\"income\" data-level=\"stable\">", html);
        Assert.Contains("1 of 3 compared columns drifted, 1 worth a look", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html); // a category named like markup is text
        Assert.DoesNotContain(DashboardStore.Hostile, html);
    }

    [Fact]
    public async Task Drift_against_a_dataset_without_a_profile_or_an_unknown_hash_says_what_is_wrong()
    {
        using var client = Http.Client(store);
        var bare = new string('a', 64);
        Assert.Contains("was recorded without a profile", await client.PageAsync($"/data/drift?reference={bare}&current={store.CurrentData}", HttpStatusCode.BadRequest));
        Assert.Contains("No run recorded a dataset with hash", await client.PageAsync($"/data/{new string('f', 64)}", HttpStatusCode.NotFound));
        Assert.Contains("Say which two datasets", await client.PageAsync("/data/drift", HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_versions_page_leads_to_the_drift_of_its_evaluation_data_against_its_training_data()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync($"/models/{DashboardStore.DataExperiment}/versions/1");

        Assert.Contains($"<a id=\"evaluation-drift\" href=\"/data/drift?reference={store.ReferenceData}&amp;current={store.CurrentData}\">", html);
        Assert.Contains($"<a href=\"/data/{store.ReferenceData}\">customers-2025.csv</a>", html); // the lineage's dataset leads to its profile
    }

    [FactIfChromium]
    public async Task From_a_run_to_its_datasets_profile_then_to_the_drift_against_another()
    {
        await using var session = await BrowserSession.OpenAsync(store, "/data");
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "customers-2025.csv", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/data/{store.ReferenceData}");
        Assert.Equal(3, await page.Locator("#profile tbody tr").CountAsync());
        Assert.Equal(20, await page.Locator("#profile tr[data-column='age'] svg.histogram rect").CountAsync());
        await session.ScreenshotAsync("dataset", fullPage: true);

        await page.SelectOptionAsync("#current", store.CurrentData);
        await page.Locator("#drift-form button").PressAsync("Enter"); // by keyboard: focused, then Enter
        await page.WaitForURLAsync("**/data/drift?*");
        Assert.Equal("drift", await page.Locator("#drift tbody tr").First.GetAttributeAsync("data-level"));
        Assert.Equal("age", await page.Locator("#drift tbody tr").First.GetAttributeAsync("data-column"));
        Assert.Equal(20, await page.Locator("#drift tr[data-column='age'] svg.drift-chart rect.bar-current").CountAsync());
        await page.Locator("#drift tr[data-column='plan'] details.figures summary").ClickAsync();
        Assert.Contains("enterprise", await page.Locator("#drift tr[data-column='plan'] details.figures table").InnerTextAsync());
        await session.ScreenshotAsync("drift", fullPage: true);
        session.AssertClean();
    }
}

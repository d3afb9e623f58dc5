using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lepton.Tracking;
using Microsoft.Playwright;

namespace Lepton.Web.Tests;

/// <summary>
/// The deployments page finds the inference servers the tracking store's deployments name, without --serve: what was
/// recorded there and what each has loaded, read without the dashboard's key; a stopped one, or one that wants a key,
/// shown as such.
/// </summary>
[Collection(RecordedCollection.Name)]
public sealed partial class RecordedDeploymentTests(RecordedServers recorded)
{
    private static string Key(Uri address) => address.AbsoluteUri.TrimEnd('/');

    /// <summary>The page's section for the server at <paramref name="address"/>.</summary>
    private static string Section(string html, Uri address)
    {
        var heading = html.IndexOf($">{Key(address)}</h2>", StringComparison.Ordinal);
        Assert.True(heading >= 0, $"No section for {Key(address)} in:\n{html}");
        var start = html.LastIndexOf("<section", heading, StringComparison.Ordinal);
        var end = html.IndexOf("</section>", heading, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public async Task A_server_that_recorded_its_deployment_is_shown_with_what_it_has_loaded_without_serve()
    {
        using var client = Http.Client(recorded.Address);
        var section = Section(await client.PageAsync("/deployments"), recorded.Live.Address);

        Assert.Contains("data-found=\"store\"", section);
        Assert.Contains($"<h3>{RecordedServers.Model}</h3>", section);
        Assert.Contains($"data-model=\"{RecordedServers.Model}\" data-version=\"1\"", section); // recorded there
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", section);
        Assert.Contains("<tr data-version=\"1\">", section); // loaded there
        Assert.DoesNotContain("<form", section); // its traffic is changed only by a dashboard given it with --serve
        Assert.DoesNotContain("name=\"weight.", section);
        Assert.Matches("data-rates=\"/ui/api/deployments/s[0-9a-f]{16}/rates\"", section);
    }

    [Fact]
    public async Task A_found_servers_live_rates_are_read_by_its_id()
    {
        using var client = Http.Client(recorded.Address);
        var section = Section(await client.PageAsync("/deployments"), recorded.Live.Address);
        var rates = RatesUrl().Match(section).Groups[1].Value;

        await client.PageAsync(rates);
        await Task.Delay(100);
        using var second = JsonDocument.Parse(await client.PageAsync(rates));

        Assert.False(second.RootElement.TryGetProperty("error", out var error), error.ToString());
        Assert.True(second.RootElement.GetProperty("seconds").GetDouble() > 0);
    }

    [Fact]
    public async Task A_recorded_server_that_stopped_is_shown_as_not_answering_and_the_page_still_works()
    {
        using var client = Http.Client(recorded.Address);
        var html = await client.PageAsync("/deployments");
        var section = Section(html, recorded.Stopped);

        Assert.Contains("This server is not answering (it may have stopped)", section);
        Assert.Contains($"data-model=\"{RecordedServers.Model}\"", section);
        Assert.DoesNotContain("data-rates", section);
        Assert.Contains($"<h3>{RecordedServers.Model}</h3>", Section(html, recorded.Live.Address));
    }

    [Fact]
    public async Task A_recorded_server_that_wants_a_key_is_shown_as_refusing_the_keyless_dashboard()
    {
        using var client = Http.Client(recorded.Address);
        var section = Section(await client.PageAsync("/deployments"), recorded.Keyed.Address);

        Assert.Contains("This server is refusing the dashboard: it asks for an API key", section);
        Assert.Contains("--serve", section);
        Assert.DoesNotContain("<table", section);
    }

    [Fact]
    public async Task The_dashboards_key_goes_only_to_the_servers_given_with_serve()
    {
        using var client = Http.Client(recorded.Address);
        var html = await client.PageAsync("/deployments");
        var found = RatesUrl().Match(Section(html, recorded.Found.Address)).Groups[1].Value;
        await client.PageAsync(found);
        await client.PageAsync("/ui/api/deployments/0/rates");

        Assert.Contains(recorded.Found.Requests, r => r.Path == "/admin/models");
        Assert.Contains(recorded.Found.Requests, r => r.Path == "/metrics");
        Assert.All(recorded.Found.Requests, r => Assert.Null(r.Authorization));
        Assert.Contains(recorded.Given.Requests, r => r.Path == "/admin/models");
        Assert.All(recorded.Given.Requests, r => Assert.Equal("Bearer " + RecordedServers.DashboardKey, r.Authorization));
        // The configured server is listed first, with its traffic form; the found one after it, without.
        Assert.True(html.IndexOf(Key(recorded.Given.Address), StringComparison.Ordinal) < html.IndexOf(Key(recorded.Found.Address), StringComparison.Ordinal));
        Assert.Contains("data-server=\"0\"", html);
    }

    [Fact]
    public async Task A_found_servers_id_stays_the_same_when_other_servers_are_recorded()
    {
        using var client = Http.Client(recorded.Address);
        var before = RatesUrl().Match(Section(await client.PageAsync("/deployments"), recorded.Live.Address)).Groups[1].Value;
        await using (var tracking = await TrackingClient.OpenAsync(new TrackingSettings(recorded.TrackingAddress.AbsoluteUri, Path.GetTempPath())))
            await tracking.Store.RecordDeploymentAsync(RecordedServers.Model, 1, "lepton serve http://127.0.0.1:1");

        var html = await client.PageAsync("/deployments");

        Assert.Contains("not answering (it may have stopped)", Section(html, new Uri("http://127.0.0.1:1")));
        Assert.Equal(before, RatesUrl().Match(Section(html, recorded.Live.Address)).Groups[1].Value);
        using var rates = JsonDocument.Parse(await client.PageAsync(before));
        Assert.False(rates.RootElement.TryGetProperty("error", out var error), error.ToString());
    }

    [Fact]
    public async Task Rates_are_read_only_from_servers_the_store_names()
    {
        using var client = Http.Client(recorded.Address);

        var missing = await client.PageAsync("/ui/api/deployments/s0123456789abcdef/rates", HttpStatusCode.NotFound);

        Assert.Contains("tracking store", missing);
        Assert.Contains("knows 1", await client.PageAsync("/ui/api/deployments/4/rates", HttpStatusCode.NotFound));
    }

    [FactIfChromium]
    public async Task The_page_shows_a_found_servers_model_in_the_browser()
    {
        await using var session = await BrowserSession.OpenAsync(recorded.Address, "/deployments");

        var section = session.Page.Locator("section[data-found='store']", new PageLocatorOptions { HasText = Key(recorded.Live.Address) });
        await section.Locator("table.loaded tr[data-version='1']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains(RecordedServers.Model, await section.Locator("h3").First.InnerTextAsync());
        Assert.Contains("not answering (it may have stopped)", await session.Page.Locator("section[data-found='store']", new PageLocatorOptions { HasText = Key(recorded.Stopped) }).InnerTextAsync());
        await section.Locator("[data-rates] table").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await session.ScreenshotAsync("deployments-found", fullPage: true);
        session.AssertClean();
    }

    [GeneratedRegex("data-rates=\"([^\"]+)\"")]
    private static partial Regex RatesUrl();
}

using System.Net;
using System.Text.Json;
using Lepton.Serving.Client;
using Microsoft.Playwright;

namespace Lepton.Web.Tests;

/// <summary>The deployments page over a live inference server: its models and versions, a traffic split changed through the admin API, and live rates.</summary>
[Collection(ServedCollection.Name)]
public sealed class DeploymentTests(ServedModels served)
{
    [Fact]
    public async Task The_page_lists_each_servers_models_versions_and_traffic()
    {
        using var client = Http.Client(served.Address);
        var html = await client.PageAsync("/deployments");

        Assert.Contains(served.Server.Address.AbsoluteUri.TrimEnd('/'), html);
        Assert.Contains("<h3>churn</h3>", html);
        Assert.Contains("<h3>shapes</h3>", html);
        Assert.Contains("name=\"weight.1\" value=\"100\"", html);
        Assert.Contains("name=\"weight.2\" value=\"0\"", html);
    }

    [Fact]
    public async Task A_traffic_split_goes_through_the_admin_api_with_the_pages_token_only()
    {
        using var client = Http.Client(served.Address, redirects: false);
        using var serving = new LeptonClient(served.Server.Address);
        try
        {
            using var forged = await client.PostAsync("/deployments/0/traffic", new FormUrlEncodedContent(new Dictionary<string, string> { ["model"] = "churn", ["weight.1"] = "50", ["weight.2"] = "50" }));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal(1.0, (await serving.ListLoadedModelsAsync()).Single(m => m.Name == "churn" && m.Version == "1").Traffic);

            var token = Http.Token(await client.PageAsync("/deployments"));
            using var posted = await client.PostAsync("/deployments/0/traffic", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__lepton_token"] = token, ["model"] = "churn", ["weight.1"] = "75", ["weight.2"] = "25",
            }));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Contains("traffic%20now", posted.Headers.Location?.OriginalString);
            var loaded = await serving.ListLoadedModelsAsync();
            Assert.Equal(0.75, loaded.Single(m => m.Name == "churn" && m.Version == "1").Traffic, 6);
            Assert.Equal(0.25, loaded.Single(m => m.Name == "churn" && m.Version == "2").Traffic, 6);

            // A split the server refuses comes back with its reason; nothing changes.
            using var refused = await client.PostAsync("/deployments/0/traffic", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__lepton_token"] = token, ["model"] = "churn", ["weight.1"] = "0", ["weight.2"] = "0",
            }));
            Assert.Contains("refused", Uri.UnescapeDataString(refused.Headers.Location!.OriginalString));
            Assert.Equal(0.75, (await serving.ListLoadedModelsAsync()).Single(m => m.Name == "churn" && m.Version == "1").Traffic, 6);
        }
        finally
        {
            await serving.SetTrafficAsync("churn", new Dictionary<string, double> { ["1"] = 1, ["2"] = 0 });
        }
    }

    [Fact]
    public async Task Live_rates_come_from_two_readings_of_the_servers_metrics()
    {
        using var client = Http.Client(served.Address);
        using var serving = new LeptonClient(served.Server.Address);
        await client.PageAsync("/ui/api/deployments/0/rates");
        for (var i = 0; i < 20; i++)
            await serving.PredictTableAsync("churn", [new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["x"] = i, ["y"] = 3.5 }], version: "1");
        await Task.Delay(200);

        using var rates = JsonDocument.Parse(await client.PageAsync("/ui/api/deployments/0/rates"));
        var churn = rates.RootElement.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("model").GetString() == "churn" && v.GetProperty("version").GetString() == "1");

        Assert.True(rates.RootElement.GetProperty("seconds").GetDouble() > 0);
        Assert.True(churn.GetProperty("requests_per_second").GetDouble() > 0, rates.RootElement.ToString());
        Assert.True(churn.GetProperty("p50_ms").GetDouble() > 0);
        Assert.Equal(1.0, churn.GetProperty("mean_batch_size").GetDouble(), 6);
    }

    [Fact]
    public async Task An_unknown_server_is_a_404_that_says_which_there_are()
    {
        using var client = Http.Client(served.Address);
        Assert.Contains("knows 1", await client.PageAsync("/ui/api/deployments/3/rates", HttpStatusCode.NotFound));
    }

    [FactIfChromium]
    public async Task The_page_shows_live_rates_as_requests_arrive()
    {
        await using var session = await BrowserSession.OpenAsync(served.Address, "/deployments");
        using var serving = new LeptonClient(served.Server.Address);
        for (var i = 0; i < 10; i++) await serving.PredictTableAsync("churn", [new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["x"] = i, ["y"] = 1 }]);

        await session.Page.Locator("[data-rates] table tbody tr[data-model='churn']").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains("Requests/s", await session.Page.Locator("[data-rates] table thead").InnerTextAsync());
        await session.ScreenshotAsync("deployments");
        session.AssertClean();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lepton.Tracking.Remote;
using Lepton.Tracking.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Serving.Tests;

/// <summary>Serving and the tracking API composed into one app, as ASP.NET Core features compose.</summary>
public sealed class SharedHostTests
{
    [Fact]
    public async Task One_app_hosts_the_tracking_api_and_the_serving_routes_side_by_side()
    {
        using var folder = new TempFolder();
        var builder = Builder();
        builder.Services.AddLeptonTracking(o =>
        {
            o.StoreUri = folder.PathOf("lepton.db");
            o.ArtifactRoot = folder.PathOf("artifacts");
        });
        builder.Services.AddLeptonServing(o =>
        {
            o.KeysPath = folder.PathOf("keys.json");
            o.AuditLogPath = folder.PathOf("audit.jsonl");
        });
        await using var app = builder.Build();
        app.MapLeptonTracking();
        app.MapLeptonServing();
        await app.StartAsync();
        var address = TrackingServer.AddressOf(app);
        Assert.Equal("127.0.0.1", address.Host);
        using var http = new HttpClient { BaseAddress = address };

        // Serving: load a model through the admin API and run it. Its answers keep serving's JSON (nulls left out),
        // although the tracking API has the app's JSON options write nulls.
        var load = await http.PostAsJsonAsync("/admin/models", new { source = TestModels.Classifier(), name = "clf" });
        Assert.True(load.StatusCode == HttpStatusCode.Created, await load.Content.ReadAsStringAsync());
        var infer = await http.PostAsJsonAsync("/v2/models/clf/infer", TestServer.InferBody([1, 2, 3, 4], [1, 4]));
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        var answer = await TestServer.JsonAsync(infer);
        Assert.Equal("clf", answer.GetProperty("model_name").GetString());
        Assert.False(answer.TryGetProperty("id", out _));
        Assert.Equal("1", infer.Headers.GetValues("X-Model-Version").Single());

        // Tracking: the SDK's HTTP store round-trips an experiment (its null description and all).
        await using (var store = new HttpMetadataStore(address))
        {
            var created = await store.GetOrCreateExperimentAsync("shared");
            var found = await store.GetExperimentAsync("shared");
            Assert.Equal(created.Id, found.Id);
            Assert.Null(found.Description);
        }

        // Each API keeps its own errors and its own OpenAPI document.
        var noModel = await TestServer.JsonAsync(await http.GetAsync("/v2/models/nope"));
        Assert.True(noModel.TryGetProperty("error", out _));
        Assert.False(noModel.TryGetProperty("kind", out _));
        var noRun = await http.GetAsync("/api/runs/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, noRun.StatusCode);
        Assert.Equal("not_found", (await TestServer.JsonAsync(noRun)).GetProperty("kind").GetString());
        var serving = Paths(await TestServer.JsonAsync(await http.GetAsync("/openapi.json")));
        var tracking = Paths(await TestServer.JsonAsync(await http.GetAsync("/api/openapi.json")));
        Assert.Contains("/v2/models/{name}/infer", serving);
        Assert.DoesNotContain(serving, p => p.StartsWith("/api/", StringComparison.Ordinal));
        Assert.Contains("/api/experiments", tracking);
        Assert.DoesNotContain(tracking, p => p.StartsWith("/v2", StringComparison.Ordinal));

        await app.StopAsync();
    }

    [Fact]
    public async Task Invalid_serving_options_stop_the_host_at_start_with_the_option_named()
    {
        var builder = Builder();
        builder.Services.AddLeptonServing(o => o.MaxBatchSize = 0);
        await using var app = builder.Build();
        app.MapLeptonServing();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("MaxBatchSize 0 must be between 1 and 65536", error.Message);
    }

    [Fact]
    public async Task Invalid_tracking_options_stop_the_host_at_start_with_the_option_named()
    {
        var builder = Builder();
        builder.Services.AddLeptonTracking(o => o.MaxJsonBodySize = 10);
        await using var app = builder.Build();
        app.MapLeptonTracking();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Invalid tracking server option MaxJsonBodySize", error.Message);
    }

    private static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    private static List<string> Paths(JsonElement document) => document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
}

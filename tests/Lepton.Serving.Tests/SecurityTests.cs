using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lepton.Serving.Tests;

public sealed class SecurityTests
{
    [Fact]
    public void Keys_are_stored_only_as_salted_hashes()
    {
        using var folder = new TempFolder();
        var store = new ApiKeyStore(folder.PathOf("keys.json"), folder.PathOf("audit.jsonl"));
        var (key1, info1) = store.Create("app", ["model:clf"]);
        var (key2, _) = store.Create("app", ["model:clf"]);
        var text = File.ReadAllText(store.Path);
        // The secret is everything after lpk_ID_ (base64url, which may itself hold '_').
        Assert.DoesNotContain(key1[$"lpk_{info1.Id}_".Length..], text);
        Assert.NotEqual(key1, key2);
        Assert.Equal(info1.Id, ApiKeyStore.Verify(store.ReadRecords(), key1)!.Id);
        Assert.Null(ApiKeyStore.Verify(store.ReadRecords(), key1 + "x"));
        Assert.True(store.Revoke(info1.Id));
        Assert.Null(ApiKeyStore.Verify(store.ReadRecords(), key1));
        Assert.Equal(["key.create", "key.create", "key.revoke"], File.ReadAllLines(folder.PathOf("audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()));
        Assert.Throws<ArgumentException>(() => store.Create("x", ["everything"]));
    }

    [Fact]
    public void Keys_created_at_the_same_time_are_all_kept()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("keys.json");
        Parallel.For(0, 16, i => new ApiKeyStore(path).Create($"app{i}", ["model:*"]));
        Assert.Equal(16, new ApiKeyStore(path).List().Count);
    }

    [Fact]
    public async Task Without_a_key_requests_get_401_with_the_wrong_scope_403_never_a_stack_trace()
    {
        using var folder = new TempFolder();
        var store = new ApiKeyStore(folder.PathOf("keys.json"));
        var (admin, _) = store.Create("ops", [ApiKeyStore.AdminScope]);
        var (clf, _) = store.Create("app", ["model:clf"]);
        var (other, otherInfo) = store.Create("other", ["model:other"]);
        var (all, _) = store.Create("all", ["model:*"]);
        await using var server = await TestServer.StartAsync(o => o.KeysPath = store.Path, "clf=" + TestModels.Classifier());

        var none = await server.InferAsync("clf", [1, 2, 3, 4], [1, 4]);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var error = (await TestServer.JsonAsync(none)).GetProperty("error").GetString()!;
        Assert.Contains("API key", error);
        Assert.DoesNotContain(" at ", error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], key: "lpk_nothing_here")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], key: other)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], key: admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], key: clf)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], key: all)).StatusCode);

        var adminList = new HttpRequestMessage(HttpMethod.Get, "/admin/models");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(adminList)).StatusCode);
        var withModelKey = new HttpRequestMessage(HttpMethod.Get, "/admin/models");
        withModelKey.Headers.Add("X-API-Key", clf);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.SendAsync(withModelKey)).StatusCode);
        var withAdminKey = new HttpRequestMessage(HttpMethod.Get, "/admin/models");
        withAdminKey.Headers.Add("X-API-Key", admin);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(withAdminKey)).StatusCode);

        // Health, metrics and the OpenAPI document stay open for probes and scrapers.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/metrics")).StatusCode);

        // A key revoked from the CLI stops working within a second.
        Assert.True(store.Revoke(clf));
        await Task.Delay(1200);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], key: clf)).StatusCode);
        Assert.NotNull(otherInfo);
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_problem_named()
    {
        var options = new ServingOptions { Host = "example.invalid", Port = 70000, MaxBatchSize = 0, Workers = 0, ThreadsPerWorker = 0, QueueCapacity = 0, MaxQueueDelay = TimeSpan.FromMinutes(1) };
        var problems = options.Validate();
        Assert.Equal(7, problems.Count);
        var error = Assert.Throws<ArgumentException>(() => InferenceServer.Create(options));
        Assert.Contains("Host 'example.invalid'", error.Message);
        Assert.Contains("MaxBatchSize 0", error.Message);
        Assert.Contains("ThreadsPerWorker 0", error.Message);
    }

    [Fact]
    public async Task Request_bodies_over_the_limit_get_413()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxRequestBodyBytes = 64 * 1024, "clf=" + TestModels.Classifier());
        var huge = new float[100_000];
        var response = await server.InferAsync("clf", huge, [25_000, 4]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((await TestServer.JsonAsync(response)).TryGetProperty("error", out _));
        Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4])).StatusCode);
    }
}

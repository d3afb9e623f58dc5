using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Serving.Tests;

public sealed class VersionTests
{
    [Fact]
    public async Task A_new_version_takes_over_during_twenty_thousand_requests_without_a_failed_request()
    {
        const int total = 20_000;
        await using var server = await TestServer.StartAsync(o => o.MaxBatchSize = 16, "clf=" + TestModels.Classifier(1));
        var next = 0;
        var codes = new ConcurrentDictionary<HttpStatusCode, int>();
        var versions = new ConcurrentDictionary<string, int>();
        async Task Client()
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                var response = await server.InferAsync("clf", [1, 2, 3, 4], [1, 4]);
                codes.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.IsSuccessStatusCode) versions.AddOrUpdate(response.Headers.GetValues("X-Model-Version").Single(), 1, (_, n) => n + 1);
            }
        }

        var clients = Enumerable.Range(0, 16).Select(_ => Task.Run(Client)).ToList();
        while (Volatile.Read(ref next) < total / 4) await Task.Delay(5);
        var load = await server.Http.PostAsJsonAsync("/admin/models", new { source = TestModels.Classifier(2), name = "clf" });
        Assert.Equal(HttpStatusCode.Created, load.StatusCode);
        Assert.Equal("2", (await TestServer.JsonAsync(load)).GetProperty("version").GetString());
        while (Volatile.Read(ref next) < total / 2) await Task.Delay(5);
        var unload = await server.Http.DeleteAsync("/admin/models/clf/versions/1");
        Assert.Equal(HttpStatusCode.OK, unload.StatusCode);
        await Task.WhenAll(clients);

        Assert.Equal(total, codes.GetValueOrDefault(HttpStatusCode.OK));
        Assert.Single(codes);
        Assert.True(versions.GetValueOrDefault("1") > 0 && versions.GetValueOrDefault("2") > 0);
        Assert.Equal(total, versions.Values.Sum());
    }

    [Fact]
    public async Task A_canary_gets_its_share_of_traffic_and_pinned_requests_go_where_asked()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier(1));
        await server.Http.PostAsJsonAsync("/admin/models", new { source = TestModels.Classifier(2), name = "clf", switch_traffic = false });
        var split = await server.Http.PutAsJsonAsync("/admin/models/clf/traffic", new Dictionary<string, double> { ["1"] = 80, ["2"] = 20 });
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);

        var counts = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var body = await TestServer.JsonAsync(await server.InferAsync("clf", [1, 2, 3, 4], [1, 4]));
            counts.AddOrUpdate(body.GetProperty("model_version").GetString()!, 1, (_, n) => n + 1);
        });
        var share = counts.GetValueOrDefault("2") / 1000.0;
        Assert.InRange(share, 0.14, 0.26);

        var pinned = await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], version: "2");
        Assert.Equal("2", pinned.Headers.GetValues("X-Model-Version").Single());
        var meta = await TestServer.JsonAsync(await server.Http.GetAsync("/v2/models/clf"));
        Assert.Equal(0.2, meta.GetProperty("traffic").GetProperty("2").GetDouble(), 6);
    }

    [Fact]
    public async Task Reload_swaps_in_a_fresh_copy_and_every_admin_action_is_audited()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier(1));
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("/admin/models/clf/versions/1/reload", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.PostAsJsonAsync("/admin/models", new { source = "/no/such/file.lepton" })).StatusCode);
        var notAModel = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.lepton");
        File.WriteAllText(notAModel, "hello");
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.PostAsJsonAsync("/admin/models", new { source = notAModel, name = "broken" })).StatusCode);
        File.Delete(notAModel);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/v2/models/broken")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await server.Http.PostAsJsonAsync("/admin/models", new { source = TestModels.Classifier(1), name = "clf", version = "1" })).StatusCode);
        var list = await TestServer.JsonAsync(await server.Http.GetAsync("/admin/models"));
        Assert.Equal(1.0, list[0].GetProperty("traffic").GetDouble());
        Assert.Equal(HttpStatusCode.OK, (await server.Http.DeleteAsync("/admin/models/clf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4])).StatusCode);

        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.AuditPath)); // it names keys, users and addresses
        var lines = File.ReadAllLines(server.AuditPath);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["model.load", "model.reload", "model.load", "model.load", "model.load", "model.unload"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["ok", "ok", "refused", "refused", "refused", "ok"], entries.Select(e => e.GetProperty("outcome").GetString()));
    }

    [Theory]
    [InlineData("units", "units")]
    [InlineData("weights", "weights")]
    [InlineData("classes", "4 class names for 3 outputs")]
    public async Task A_crafted_model_file_is_refused_with_a_400_naming_the_problem_and_the_server_keeps_serving(string damage, string expected)
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier(1));
        var crafted = Crafted(TestModels.Classifier(1), manifest =>
        {
            switch (damage)
            {
                case "units":
                    // Before model files were checked, a billion units crashed the server natively (SIGSEGV) while loading.
                    manifest["architecture"]!["layers"]![0]!["units"] = 1_000_000_000;
                    break;
                case "weights":
                    manifest.Remove("weights");
                    break;
                case "classes":
                    manifest["class_names"] = new JsonArray("a", "b", "c", "d");
                    break;
            }
        });
        var response = await server.Http.PostAsJsonAsync("/admin/models", new { source = crafted, name = "crafted" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/v2/models/crafted")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("clf", [1, 2, 3, 4], [1, 4])).StatusCode);
        File.Delete(crafted);
    }

    /// <summary>A copy of a model file with its model.json edited and its weights.bin kept, as an attacker would make it.</summary>
    private static string Crafted(string path, Action<JsonObject> edit)
    {
        var entries = new Dictionary<string, byte[]>();
        using (var zip = ZipFile.OpenRead(path))
        {
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries[entry.FullName] = copy.ToArray();
            }
        }
        var manifest = JsonNode.Parse(entries["model.json"])!.AsObject();
        edit(manifest);
        entries["model.json"] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var crafted = Path.Combine(Path.GetTempPath(), $"crafted-{Guid.NewGuid():N}.lepton");
        using (var zip = ZipFile.Open(crafted, ZipArchiveMode.Create))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }
        return crafted;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Serving.Client;
using Lepton.Serving.Protocol;

namespace Lepton.Serving.Tests;

/// <summary>What the dashboard's deployments and playground pages read through the typed client, against a real server.</summary>
public sealed class DashboardClientTests
{
    [Fact]
    public async Task Metadata_says_an_image_model_takes_an_image_of_its_format()
    {
        await using var server = await TestServer.StartAsync(null, "img=" + TestModels.ImageClassifier());
        using var client = new LeptonClient(server.Server.Address);
        var metadata = await client.GetModelAsync("img");
        Assert.Equal(ModelMetadataResponse.ImageInput, metadata.PredictInput);
        Assert.Equal(new ImageInputMetadata(8, 8, 1), metadata.Image);
        Assert.Null(metadata.Columns);
        Assert.Equal(ModelMetadataResponse.ClassificationTask, metadata.Task);
        Assert.Null(metadata.OutputFeatures);
        Assert.Equal(TestModels.Classes, metadata.ClassNames);

        // Snake_case on the wire, beside the protocol's own fields, which keep their names.
        var json = await TestServer.JsonAsync(await server.Http.GetAsync("/v2/models/img"));
        Assert.Equal("image", json.GetProperty("predict_input").GetString());
        Assert.Equal(8, json.GetProperty("image").GetProperty("width").GetInt32());
        Assert.Equal(1, json.GetProperty("image").GetProperty("channels").GetInt32());
        foreach (var field in new[] { "name", "versions", "platform", "inputs", "outputs", "class_names", "traffic", "task" }) Assert.True(json.TryGetProperty(field, out _), field);
        Assert.False(json.TryGetProperty("columns", out _));
    }

    [Fact]
    public async Task Metadata_lists_a_records_models_columns_with_kinds_and_which_are_required()
    {
        await using var server = await TestServer.StartAsync(null, "tab=" + TestModels.TableWithInputs(), "old=" + TestModels.TableClassifier(), "txt=" + TestModels.TextClassifier(), "clf=" + TestModels.Classifier());
        using var client = new LeptonClient(server.Server.Address);

        var tab = await client.GetModelAsync("tab");
        Assert.Equal(ModelMetadataResponse.RecordsInput, tab.PredictInput);
        Assert.Null(tab.Image);
        Assert.Equal([("x", "float", true), ("y", "float", true), ("city", "categorical", false)], tab.Columns!.Select(c => (c.Name, c.Kind, c.Required!.Value)));
        Assert.Equal(["Lyon", "Nice", "Paris"], tab.Columns![2].Values!.Order(StringComparer.Ordinal));
        Assert.Null(tab.Columns[0].Values);
        Assert.Equal(ModelMetadataResponse.ClassificationTask, tab.Task);
        var json = await TestServer.JsonAsync(await server.Http.GetAsync("/v2/models/tab/versions/1"));
        Assert.Equal("""[{"name":"x","kind":"float","required":true},{"name":"y","kind":"float","required":true},{"name":"city","kind":"categorical","required":false,"values":[""" +
            string.Join(",", tab.Columns[2].Values!.Select(v => $"\"{v}\"")) + "]}]", json.GetProperty("columns").GetRawText());

        // A file that does not list the columns it reads: every column the pipeline was fitted on, required unknown.
        var old = await client.GetModelAsync("old");
        Assert.Equal(["x", "y", "city", "label"], old.Columns!.Select(c => c.Name));
        Assert.All(old.Columns!, c => Assert.Null(c.Required));

        var text = await client.GetModelAsync("txt");
        Assert.Equal(ModelMetadataResponse.RecordsInput, text.PredictInput);
        Assert.Equal([new ColumnMetadata("message", "text", true)], text.Columns);
        Assert.Equal(["Lyon", "Nice", "Paris"], old.Columns!.Single(c => c.Name == "city").Values!.Order(StringComparer.Ordinal));

        var plain = await client.GetModelAsync("clf");
        Assert.Equal(ModelMetadataResponse.InstancesInput, plain.PredictInput);
        Assert.Null(plain.Columns);
        Assert.Null(plain.Image);
    }

    [Fact]
    public async Task Table_records_go_through_the_client_for_one_output_and_for_several()
    {
        await using var server = await TestServer.StartAsync(null, "tab=" + TestModels.TableWithInputs(), "multi=" + TestModels.TableWithInputs(multiOutput: true));
        using var client = new LeptonClient(server.Server.Address);
        IReadOnlyDictionary<string, JsonNode?>[] records =
        [
            new Dictionary<string, JsonNode?> { ["x"] = 3.5, ["y"] = 80, ["city"] = "Lyon" },
            new Dictionary<string, JsonNode?> { ["x"] = "12", ["y"] = 20.25, ["city"] = null },
        ];
        var one = await client.PredictTableAsync("tab", records, top: 2);
        Assert.Equal("1", one.ModelVersion);
        Assert.Equal(2, one.Predictions.Count);
        Assert.All(one.Predictions, p => Assert.Contains(p.Label, TestModels.Classes));
        Assert.All(one.Predictions, p => Assert.Equal(2, p.Top.Count));

        // city may be left out: the pipeline defaults it. x may not.
        Assert.Single((await client.PredictTableAsync("tab", [new Dictionary<string, JsonNode?> { ["x"] = 1, ["y"] = 2 }])).Predictions);
        var missing = await Assert.ThrowsAsync<LeptonClientException>(() => client.PredictTableAsync("tab", [new Dictionary<string, JsonNode?> { ["y"] = 2, ["city"] = "Nice" }]));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("'x'", missing.Message);

        var metadata = await client.GetModelAsync("multi");
        Assert.Equal(ModelMetadataResponse.MultiOutputTask, metadata.Task);
        Assert.Equal([("kind", "classification"), ("score", "regression")], metadata.OutputFeatures!.Select(f => (f.Name, f.Kind)));
        Assert.Equal(TestModels.Classes, metadata.OutputFeatures![0].ClassNames);
        Assert.Null(metadata.OutputFeatures[1].ClassNames);
        var several = await client.PredictTableOutputsAsync("multi", records);
        Assert.Equal(2, several.Predictions.Count);
        Assert.All(several.Predictions, p =>
        {
            Assert.Contains(p["kind"].Label, TestModels.Classes);
            Assert.NotNull(p["score"].Value);
        });
    }

    [Fact]
    public async Task Listing_versions_and_setting_traffic_need_the_admin_key()
    {
        using var folder = new TempFolder();
        var store = new ApiKeyStore(folder.PathOf("keys.json"));
        var (admin, _) = store.Create("ops", [ApiKeyStore.AdminScope]);
        var (model, _) = store.Create("app", ["model:*"]);
        await using var server = await TestServer.StartAsync(o => o.KeysPath = store.Path, "clf=" + TestModels.Classifier(1));
        await server.Server.LoadAsync(TestModels.Classifier(2), name: "clf", version: "2", switchTraffic: false);

        using var anonymous = new LeptonClient(server.Server.Address);
        var none = await Assert.ThrowsAsync<LeptonClientException>(() => anonymous.ListLoadedModelsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("API key", none.Message);
        using var modelKey = new LeptonClient(server.Server.Address, model);
        var forbidden = await Assert.ThrowsAsync<LeptonClientException>(() => modelKey.SetTrafficAsync("clf", new Dictionary<string, double> { ["1"] = 50, ["2"] = 50 }));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("admin", forbidden.Message);

        using var client = new LeptonClient(server.Server.Address, admin);
        var loaded = await client.ListLoadedModelsAsync();
        Assert.Equal(["1", "2"], loaded.Select(s => s.Version).Order(StringComparer.Ordinal));
        Assert.All(loaded, s => Assert.Equal("clf", s.Name));
        Assert.Equal(1.0, loaded.Single(s => s.Version == "1").Traffic);

        var split = await client.SetTrafficAsync("clf", new Dictionary<string, double> { ["1"] = 90, ["2"] = 10 });
        Assert.Equal(0.9, split["1"], 6);
        Assert.Equal(0.1, split["2"], 6);
        Assert.Equal(0.1, (await client.ListLoadedModelsAsync()).Single(s => s.Version == "2").Traffic, 6);
        Assert.Equal(0.1, (await modelKey.GetModelAsync("clf")).Traffic["2"], 6);

        var bad = await Assert.ThrowsAsync<LeptonClientException>(() => client.SetTrafficAsync("clf", new Dictionary<string, double> { ["7"] = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("7", bad.Message);
    }

    [Fact]
    public async Task Metrics_read_through_the_client_match_the_servers_text_and_give_rates()
    {
        await using var server = await TestServer.StartAsync(null, "clf=" + TestModels.Classifier());
        using var client = new LeptonClient(server.Server.Address);
        var before = await client.GetMetricsAsync();
        for (var i = 0; i < 5; i++) await client.PredictAsync("clf", [[1, 2, 3, i]]);
        var invalid = await Assert.ThrowsAsync<LeptonClientException>(() => client.PredictAsync("clf", [[1, 2]]));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var after = await client.GetMetricsAsync();

        Assert.Contains(("clf", "1"), after.Versions);
        var requests = after.RequestsByCode("clf", "1");
        Assert.Equal(await server.MetricAsync("""lepton_inference_requests_total{model="clf",version="1",code="200"}"""), requests["200"]);
        Assert.True(requests["200"] >= 5);
        var errors = after.ErrorsByReason("clf", "1").GetValueOrDefault("invalid_input") + after.ErrorsByReason("clf", "").GetValueOrDefault("invalid_input");
        Assert.Equal(1, errors);

        var latency = after.RequestDuration("clf", "1");
        Assert.Equal(await server.MetricAsync("""lepton_request_duration_seconds_count{model="clf",version="1"}"""), latency.Count);
        Assert.Equal(await server.MetricAsync("""lepton_request_duration_seconds_sum{model="clf",version="1"}"""), latency.Sum, 9);
        Assert.True(double.IsPositiveInfinity(latency.Buckets[^1].UpperBound));
        Assert.Equal(latency.Count, latency.Buckets[^1].Count);
        Assert.True(latency.Buckets.Zip(latency.Buckets.Skip(1)).All(p => p.First.UpperBound < p.Second.UpperBound && p.First.Count <= p.Second.Count));
        var batches = after.BatchSize("clf", "1");
        Assert.True(batches.Count >= 5);
        Assert.Equal(await server.MetricAsync("""lepton_batch_size_sum{model="clf",version="1"}"""), batches.Sum);

        var rates = ServingRates.Between(before, after, 2.0).Single(r => r.Model == "clf" && r.Version == "1");
        var increase = requests["200"] + requests.Where(r => r.Key != "200").Sum(r => r.Value) - before.RequestsByCode("clf", "1").Values.Sum();
        Assert.Equal(increase / 2.0, rates.RequestsPerSecond, 9);
        Assert.NotNull(rates.LatencyP50);
        Assert.InRange(rates.LatencyP50!.Value, 0, rates.LatencyP99!.Value);
        Assert.InRange(rates.LatencyP95!.Value, rates.LatencyP50.Value, rates.LatencyP99.Value);
        Assert.Equal(1.0, rates.MeanBatchSize);
    }
}

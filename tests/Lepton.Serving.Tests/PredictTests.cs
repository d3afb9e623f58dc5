using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;
using Lepton.Serving.Client;
using static TorchSharp.torch;

namespace Lepton.Serving.Tests;

public sealed class PredictTests
{
    private static string Image(TempFolder folder, int seed)
    {
        var path = folder.PathOf($"image-{seed}.png");
        using var scope = NewDisposeScope();
        TestModels.Format.SavePng(rand([1, 8, 8], generator: new Generator((ulong)seed)), path);
        return path;
    }

    [Fact]
    public async Task An_uploaded_image_is_preprocessed_as_the_model_file_says_and_classified()
    {
        using var folder = new TempFolder();
        var path = Image(folder, 3);
        await using var server = await TestServer.StartAsync(models: "img=" + TestModels.ImageClassifier());

        using var model = Model.Load(TestModels.ImageClassifier());
        float[] expected;
        using (var scope = NewDisposeScope()) expected = model.PredictProbabilities(TestModels.Format.Load(path).unsqueeze(0)).data<float>().ToArray();

        var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(path)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "image", "x.png" } };
        var multipart = await server.Http.PostAsync("/models/img/predict?top=3", form);
        var raw = await server.Http.PostAsync("/models/img/predict?top=3", new ByteArrayContent(File.ReadAllBytes(path)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        foreach (var response in new[] { multipart, raw })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await TestServer.JsonAsync(response);
            Assert.Equal("1", body.GetProperty("model_version").GetString());
            var prediction = body.GetProperty("predictions")[0];
            var best = Array.IndexOf(expected, expected.Max());
            Assert.Equal(TestModels.Classes[best], prediction.GetProperty("label").GetString());
            Assert.Equal(expected.Max(), prediction.GetProperty("probability").GetSingle(), 5);
            Assert.Equal(3, prediction.GetProperty("top").GetArrayLength());
        }
    }

    [Fact]
    public async Task An_image_that_would_decode_to_a_huge_bitmap_is_refused_before_decoding()
    {
        await using var server = await TestServer.StartAsync(models: "img=" + TestModels.ImageClassifier());
        var response = await server.Http.PostAsync("/models/img/predict", new ByteArrayContent(HostileRequestTests.HugePngHeader()) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("30000x30000", (await TestServer.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Json_instances_are_classified_with_class_names()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        var response = await server.Http.PostAsJsonAsync("/models/clf/predict", new { instances = new[] { new[] { 1f, 2, 3, 4 }, new[] { -1f, 0, 1, 0 } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await TestServer.JsonAsync(response)).GetProperty("predictions");
        Assert.Equal(2, predictions.GetArrayLength());
        Assert.Contains(predictions[0].GetProperty("label").GetString(), TestModels.Classes);
        Assert.Equal(1.0, predictions[0].GetProperty("top").EnumerateArray().Sum(c => c.GetProperty("probability").GetDouble()), 4);

        var records = await server.Http.PostAsJsonAsync("/models/clf/predict", new { instances = new object[] { new { input = new[] { 1f, 2, 3, 4 } } } });
        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        Assert.Equal(predictions[0].GetProperty("label").GetString(), (await TestServer.JsonAsync(records)).GetProperty("predictions")[0].GetProperty("label").GetString());
        var unknown = await server.Http.PostAsJsonAsync("/models/clf/predict", new { instances = new object[] { new { pixels = new[] { 1f, 2, 3, 4 } } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'pixels'", (await TestServer.JsonAsync(unknown)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Records_named_as_the_training_table_go_through_the_pipeline_saved_in_the_model()
    {
        await using var server = await TestServer.StartAsync(models: "table=" + TestModels.TableClassifier());
        var records = new object[] { new { x = 3.5, y = 80.0, city = "Lyon" }, new { city = "Nice", y = 12.5, x = 20.0 } };
        var response = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = records });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await TestServer.JsonAsync(response)).GetProperty("predictions");
        Assert.Equal(2, predictions.GetArrayLength());

        // The same records through the saved pipeline and the model in this process.
        using var model = Model.Load(TestModels.TableClassifier());
        var table = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        var features = table.FeaturesOf([JsonNode.Parse("""{"x": 3.5, "y": 80.0, "city": "Lyon"}""")!.AsObject(), JsonNode.Parse("""{"x": 20.0, "y": 12.5, "city": "Nice"}""")!.AsObject()]);
        Assert.Equal(table.Features.Count * 2, features.Length);
        using var scope = NewDisposeScope();
        var expected = model.PredictProbabilities(tensor(features, [2, table.Features.Count])).data<float>().ToArray();
        for (var row = 0; row < 2; row++)
        {
            var best = Enumerable.Range(0, 3).MaxBy(c => expected[row * 3 + c]);
            Assert.Equal(TestModels.Classes[best], predictions[row].GetProperty("label").GetString());
            Assert.Equal(expected[row * 3 + best], predictions[row].GetProperty("probability").GetSingle(), 1e-5f);
        }

        var missing = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = new object[] { new { x = 1.0, city = "Paris" } } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("'y'", (await TestServer.JsonAsync(missing)).GetProperty("error").GetString());
        var notRecord = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = new object[] { new { x = 1.0, y = 2.0, city = "Paris" }, new[] { 1f, 2f } } });
        Assert.Equal(HttpStatusCode.BadRequest, notRecord.StatusCode);
        Assert.Contains("instances[1]", (await TestServer.JsonAsync(notRecord)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_model_whose_feature_list_does_not_match_its_pipeline_is_refused_at_load()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("mismatched.lepton");
        using (var model = Model.Load(TestModels.TableClassifier()))
        {
            model.Metadata.Preprocessing[TablePreprocessing.FeaturesKey] = new JsonArray("x", "population");
            model.Save(path);
        }
        await using var server = await TestServer.StartAsync();
        var load = await server.Http.PostAsJsonAsync("/admin/models", new { source = path, name = "bad" });
        Assert.Equal(HttpStatusCode.BadRequest, load.StatusCode);
        Assert.Contains("'population'", (await TestServer.JsonAsync(load)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/v2/models/bad")).StatusCode);
    }

    [Fact]
    public async Task The_client_calls_a_model_by_name_in_three_lines()
    {
        using var folder = new TempFolder();
        var image = Image(folder, 4);
        using var keys = new TempFolder();
        var (key, _) = new ApiKeyStore(keys.PathOf("keys.json")).Create("app", ["model:*"]);
        await using var server = await TestServer.StartAsync(o => o.KeysPath = keys.PathOf("keys.json"), "img=" + TestModels.ImageClassifier(), "clf=" + TestModels.Classifier());

        using var client = new LeptonClient(server.Server.Address, key);
        var result = await client.PredictImageAsync("img", image);
        Assert.Contains(result.Predictions[0].Label, TestModels.Classes);
        Assert.Equal("1", result.ModelVersion);

        var features = await client.PredictAsync("clf", [[1f, 2, 3, 4]]);
        Assert.Equal("clf", features.ModelName);
        var record = await client.PredictRecordsAsync("clf", [new Dictionary<string, float[]> { ["input"] = [1f, 2, 3, 4] }]);
        Assert.Equal(features.Predictions[0].Label, record.Predictions[0].Label);
        var tensor = await client.InferAsync("clf", "input", [1, 2, 3, 4, 5, 6, 7, 8], [2, 4]);
        Assert.Equal([2L, 3L], tensor.Outputs[0].Shape);
        var metadata = await client.GetModelAsync("clf");
        Assert.Equal(TestModels.Classes, metadata.ClassNames);
        using var openapi = await client.GetOpenApiAsync();
        Assert.True(openapi.RootElement.GetProperty("paths").TryGetProperty("/v2/models/{name}/infer", out _));

        var error = await Assert.ThrowsAsync<LeptonClientException>(() => client.InferAsync("clf", "input", [1, 2, 3], [1, 3]));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        using var anonymous = new LeptonClient(server.Server.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LeptonClientException>(() => anonymous.PredictImageAsync("img", image))).StatusCode);
    }

    [Fact]
    public async Task Concurrent_record_requests_each_get_the_answer_for_their_own_records_and_a_wrong_kind_is_a_400_naming_the_step()
    {
        await using var server = await TestServer.StartAsync(models: "table=" + TestModels.TableClassifier());
        using var model = Model.Load(TestModels.TableClassifier());
        using var table = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        string[] cities = ["Paris", "Lyon", "Nice"];
        var requests = Enumerable.Range(0, 24).Select(i => Enumerable.Range(0, 1 + i % 5)
            .Select(r => new JsonObject { ["x"] = i * 0.75 + r, ["y"] = 90.0 - i * 2 - r, ["city"] = cities[(i + r) % 3] }).ToList()).ToList();
        var expected = requests.Select(records =>
        {
            var features = table.FeaturesOf(records);
            using var scope = NewDisposeScope();
            var p = model.PredictProbabilities(tensor(features, [records.Count, table.Features.Count])).data<float>().ToArray();
            return Enumerable.Range(0, records.Count).Select(row => TestModels.Classes[Enumerable.Range(0, 3).MaxBy(c => p[row * 3 + c])]).ToList();
        }).ToList();

        var answers = await Task.WhenAll(requests.Select(async records =>
        {
            var response = await server.Http.PostAsJsonAsync("/models/table/predict", new JsonObject { ["instances"] = new JsonArray([.. records.Select(r => r.DeepClone())]) });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var predictions = (await TestServer.JsonAsync(response)).GetProperty("predictions");
            return predictions.EnumerateArray().Select(p => p.GetProperty("label").GetString()!).ToList();
        }));
        for (var i = 0; i < requests.Count; i++) Assert.Equal(expected[i], answers[i]);

        var date = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = new object[] { new { x = "2024-01-03", y = 2.0, city = "Paris" } } });
        Assert.Equal(HttpStatusCode.BadRequest, date.StatusCode);
        Assert.Contains("cannot be applied", (await TestServer.JsonAsync(date)).GetProperty("error").GetString());
    }
}

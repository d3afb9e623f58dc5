using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Lepton.Export.Onnx;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Lepton.Tracking;
using Onnx;

namespace Lepton.Serving.Tests;

/// <summary>
/// The same routes, batching and metrics over ONNX Runtime: a <c>.lepton</c> model served with
/// <see cref="InferenceRuntime.Onnx"/> answers as it does on TorchSharp, an <c>.onnx</c> file serves (Lepton's with its
/// class names, a foreign one as plain tensors), and files ONNX Runtime cannot run are refused with a clear error.
/// </summary>
public sealed class OnnxRuntimeTests : IDisposable
{
    private const float Tolerance = 1e-4f;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<TestServer> Start(InferenceRuntime runtime, string model, Action<ServingOptions>? configure = null) =>
        TestServer.StartAsync(o => { o.Runtime = runtime; configure?.Invoke(o); }, "m=" + model);

    public static TheoryData<string, int> TensorModels => new()
    {
        { "classifier", 4 },
        { "cnn", 64 },
        { "table", 5 },
    };

    private static string ModelFile(string kind) => kind switch
    {
        "classifier" => TestModels.Classifier(),
        "cnn" => TestModels.Cnn(),
        "table" => TestModels.TableClassifier(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(TensorModels))]
    public async Task Open_Inference_Protocol_answers_are_the_same_on_onnx_runtime_as_on_torch(string kind, int width)
    {
        var path = ModelFile(kind);
        await using var torch = await Start(InferenceRuntime.Torch, path);
        await using var onnx = await Start(InferenceRuntime.Onnx, path);
        var random = new Random(7);
        var data = Enumerable.Range(0, 5 * width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        long[] shape = kind == "cnn" ? [5, 1, 8, 8] : [5, width];

        var expected = await Outputs(await torch.InferAsync("m", data, shape));
        var actual = await Outputs(await onnx.InferAsync("m", data, shape));

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.Contains("probabilities", actual.Keys);
        foreach (var (name, values) in expected) AssertClose(values, actual[name]);
    }

    [Fact]
    public async Task Predict_answers_are_the_same_on_onnx_runtime_for_images_records_and_text()
    {
        var cases = new (string Path, JsonObject Body)[]
        {
            (TestModels.Cnn(), new JsonObject { ["instances"] = new JsonArray(Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonArray(Enumerable.Range(0, 64).Select(j => (JsonNode)((i * 64 + j) % 11 / 10.0)).ToArray())).ToArray()) }),
            (TestModels.TableWithInputs(), Records(new JsonObject { ["x"] = 3.5, ["y"] = 60, ["city"] = "Lyon" }, new JsonObject { ["x"] = 21, ["y"] = -4 })),
            (TestModels.LstmText(), Records(new JsonObject { ["message"] = "refund my card payment please" }, new JsonObject { ["message"] = "my parcel is late" })),
        };
        foreach (var (path, body) in cases)
        {
            await using var torch = await Start(InferenceRuntime.Torch, path);
            await using var onnx = await Start(InferenceRuntime.Onnx, path);
            var expected = await torch.PredictionsAsync(body);
            var actual = await onnx.PredictionsAsync(body);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Label, actual[i].Label);
                AssertClose(expected[i].Probabilities, actual[i].Probabilities);
            }
        }
    }

    [Fact]
    public async Task Metadata_metrics_and_status_say_which_runtime_runs_the_model()
    {
        await using var onnx = await Start(InferenceRuntime.Onnx, TestModels.Classifier());
        await using var torch = await Start(InferenceRuntime.Torch, TestModels.Classifier());

        var metadata = await TestServer.JsonAsync(await onnx.Http.GetAsync("/v2/models/m"));
        Assert.Equal("onnx", metadata.GetProperty("runtime").GetString());
        Assert.Equal("lepton_onnxruntime", metadata.GetProperty("platform").GetString());
        Assert.Equal("torch", (await TestServer.JsonAsync(await torch.Http.GetAsync("/v2/models/m"))).GetProperty("runtime").GetString());
        Assert.Equal(1, await onnx.MetricAsync("lepton_model_runtime{model=\"m\",version=\"1\",runtime=\"onnx\"}"));
        Assert.Equal(1, await torch.MetricAsync("lepton_model_runtime{model=\"m\",version=\"1\",runtime=\"torch\"}"));
        var status = await onnx.Server.LoadAsync(TestModels.Classifier(2), "m", switchTraffic: false);
        Assert.Equal("onnx", status.Runtime);
    }

    [Fact]
    public async Task A_registry_model_serves_on_onnx_runtime_under_its_name_and_version()
    {
        using var home = new TempFolder();
        var saved = Environment.GetEnvironmentVariable(LeptonHome.Variable);
        Environment.SetEnvironmentVariable(LeptonHome.Variable, home.Path);
        try
        {
            var store = "sqlite:///" + home.PathOf("lepton.db");
            await using (var tracking = await TrackingClient.OpenAsync(TrackingSettings.FromEnvironment() with { TrackingUri = store }))
            {
                var version = await tracking.Registry.RegisterFileAsync("fashion", TestModels.Classifier(2));
                await tracking.Registry.SetAliasAsync("fashion", "production", version.Version);
            }
            await using var torch = await Start(InferenceRuntime.Torch, TestModels.Classifier(2));
            await using var server = await TestServer.StartAsync(o => { o.TrackingUri = store; o.Runtime = InferenceRuntime.Onnx; }, "fashion@production");

            var response = await server.InferAsync("fashion", [1, 2, 3, 4], [1, 4]);
            Assert.Equal("1", response.Headers.GetValues("X-Model-Version").Single());
            AssertClose((await Outputs(await torch.InferAsync("m", [1, 2, 3, 4], [1, 4])))["probabilities"], (await Outputs(response))["probabilities"]);
            Assert.Equal(1, await server.MetricAsync("lepton_model_runtime{model=\"fashion\",version=\"1\",runtime=\"onnx\"}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(LeptonHome.Variable, saved);
        }
    }

    [Fact]
    public async Task Concurrent_requests_are_batched_into_one_onnx_runtime_run()
    {
        await using var server = await Start(InferenceRuntime.Onnx, TestModels.Classifier(), o => { o.MaxQueueDelay = TimeSpan.FromMilliseconds(300); o.MaxBatchSize = 64; });
        var rows = Enumerable.Range(0, 8).Select(i => new[] { i * 0.1f, -i * 0.2f, 0.3f, i * 0.05f }).ToArray();

        var responses = await Task.WhenAll(rows.Select(r => server.InferAsync("m", r, [1, 4])));

        var each = await Task.WhenAll(responses.Select(Outputs));
        var runs = await server.MetricAsync("lepton_batch_requests_count{model=\"m\",version=\"1\"}");
        var requests = await server.MetricAsync("lepton_batch_requests_sum{model=\"m\",version=\"1\"}");
        Assert.Equal(8, requests);
        Assert.True(runs < 8, $"8 concurrent requests took {runs} runs; batching should have joined some");
        // Each request got its own row: the same as running it alone.
        for (var i = 0; i < rows.Length; i++)
        {
            var alone = await Outputs(await server.InferAsync("m", rows[i], [1, 4]));
            AssertClose(alone["output"], each[i]["output"]);
        }
    }

    [Fact]
    public async Task An_onnx_file_exported_by_lepton_serves_with_its_class_names_and_answers_as_the_model_does()
    {
        var onnxPath = _folder.PathOf("classifier.onnx");
        using (var model = Model.Load(TestModels.Classifier())) OnnxExport.Save(model, onnxPath);
        await using var torch = await Start(InferenceRuntime.Torch, TestModels.Classifier());
        await using var onnx = await TestServer.StartAsync(null, "m=" + onnxPath);

        var metadata = await TestServer.JsonAsync(await onnx.Http.GetAsync("/v2/models/m"));
        Assert.Equal(TestModels.Classes, metadata.GetProperty("class_names").EnumerateArray().Select(c => c.GetString()).ToArray());
        Assert.Equal("onnx", metadata.GetProperty("runtime").GetString());
        float[] data = [0.5f, -1, 2, 0.25f, 1, 1, -0.5f, 0];
        var expected = await Outputs(await torch.InferAsync("m", data, [2, 4]));
        var actual = await Outputs(await onnx.InferAsync("m", data, [2, 4]));
        AssertClose(expected["output"], actual["output"]);
        // The file's logits become probabilities as the model's loss made them (softmax).
        AssertClose(expected["probabilities"], actual["probabilities"]);
    }

    [Fact]
    public async Task A_foreign_onnx_file_with_float_inputs_serves_as_plain_tensors()
    {
        var path = _folder.PathOf("relu.onnx");
        File.WriteAllBytes(path, Graph("x", TensorProto.Types.DataType.Float, "Relu").ToByteArray());
        await using var server = await TestServer.StartAsync(null, "relu=" + path);

        var metadata = await TestServer.JsonAsync(await server.Http.GetAsync("/v2/models/relu"));
        Assert.Equal("x", metadata.GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal("[-1,3]", metadata.GetProperty("inputs")[0].GetProperty("shape").GetRawText());
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/relu/infer") { Content = JsonContent.Create(TestServer.InferBody([-1, 2, -3, 4, 0.5f, -6], [2, 3], "x")) };
        var outputs = await Outputs(await server.Http.SendAsync(request));
        Assert.Equal([0, 2, 0, 4, 0.5f, 0], outputs["output"]);
    }

    [Fact]
    public async Task Files_onnx_runtime_cannot_run_are_refused_naming_the_file_and_the_reason()
    {
        await using var server = await TestServer.StartAsync();
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => server.Server.LoadAsync(_folder.PathOf("nowhere.onnx")));
        Assert.Contains("nowhere.onnx", missing.Message);

        var garbage = _folder.Write("garbage.onnx", "this is not a protobuf");
        var notOnnx = await Assert.ThrowsAsync<ModelFileException>(() => server.Server.LoadAsync(garbage));
        Assert.Contains(garbage, notOnnx.Message);
        Assert.Contains("is not an ONNX model ONNX Runtime can load", notOnnx.Message);

        var ids = _folder.PathOf("ids.onnx");
        File.WriteAllBytes(ids, Graph("token_ids", TensorProto.Types.DataType.Int64, "Identity").ToByteArray());
        var notFloat = await Assert.ThrowsAsync<ModelFileException>(() => server.Server.LoadAsync(ids));
        Assert.Contains("'token_ids'", notFloat.Message);
        Assert.Contains("Int64", notFloat.Message);
        Assert.Contains("float32", notFloat.Message);
        Assert.False(server.Server.Host.IsReady);
    }

    /// <summary>A one-node graph <paramref name="op"/>(input) of shape [N, 3], written as a foreign tool would (no Lepton metadata).</summary>
    private static ModelProto Graph(string input, TensorProto.Types.DataType type, string op)
    {
        static ValueInfoProto Value(string name, TensorProto.Types.DataType type) => new()
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" }, new TensorShapeProto.Types.Dimension { DimValue = 3 } } } } },
        };
        var graph = new GraphProto { Name = "foreign", Input = { Value(input, type) }, Output = { Value("y", type) } };
        graph.Node.Add(new NodeProto { OpType = op, Input = { input }, Output = { "y" } });
        var model = new ModelProto { IrVersion = 8, ProducerName = "elsewhere", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    private static JsonObject Records(params JsonObject[] records) => new() { ["instances"] = new JsonArray(records) };

    private static async Task<Dictionary<string, float[]>> Outputs(HttpResponseMessage response)
    {
        var json = await TestServer.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray());
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"value {i}: torch {expected[i]}, onnx {actual[i]}");
    }
}

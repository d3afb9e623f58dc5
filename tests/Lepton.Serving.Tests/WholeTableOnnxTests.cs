using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Export.Onnx;
using Lepton.Nn.Models;

namespace Lepton.Serving.Tests;

/// <summary>
/// <c>lepton serve model.onnx</c> for the file <c>lepton export</c> writes for a table model (raw columns in, its
/// pipeline in the graph): the same records answered as the <c>.lepton</c> model answers them, one tensor per column
/// over the Open Inference Protocol, and a 400 naming the column for a missing column or a value of the wrong type.
/// </summary>
public sealed class WholeTableOnnxTests : IDisposable
{
    private const float Tolerance = 1e-5f;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The table model with raw columns x, y (numbers) and city (text), exported whole.</summary>
    private string Exported()
    {
        var path = _folder.PathOf("table.onnx");
        using var model = Model.Load(TestModels.TableWithInputs());
        OnnxExport.Save(model, path);
        return path;
    }

    private static JsonObject Records(params JsonObject[] records) => new() { ["instances"] = new JsonArray(records) };

    private static readonly JsonObject[] Rows =
    [
        new() { ["x"] = 3.5, ["y"] = 60, ["city"] = "Lyon" },
        new() { ["x"] = 21, ["y"] = -4, ["city"] = "Nice" },
        new() { ["x"] = "7.25", ["y"] = 31.6, ["city"] = "Paris" },
        new() { ["x"] = 0, ["y"] = 100, ["city"] = "Marseille" },
        new() { ["x"] = 29.5, ["y"] = 4.75, ["city"] = "Lyon", ["extra"] = true },
    ];

    [Fact]
    public async Task An_exported_table_model_answers_records_as_its_lepton_file_does()
    {
        await using var lepton = await TestServer.StartAsync(null, "m=" + TestModels.TableWithInputs());
        await using var onnx = await TestServer.StartAsync(null, "m=" + Exported());

        var expected = await lepton.PredictionsAsync(Records([.. Rows.Select(r => (JsonObject)r.DeepClone())]));
        var actual = await onnx.PredictionsAsync(Records([.. Rows.Select(r => (JsonObject)r.DeepClone())]));

        Assert.Equal(Rows.Length, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Label, actual[i].Label);
            AssertClose(expected[i].Probabilities, actual[i].Probabilities);
        }
    }

    [Fact]
    public async Task Its_metadata_lists_the_raw_columns_as_the_inputs_records_name()
    {
        await using var onnx = await TestServer.StartAsync(null, "m=" + Exported());

        var metadata = await TestServer.JsonAsync(await onnx.Http.GetAsync("/v2/models/m"));

        Assert.Equal("records", metadata.GetProperty("predict_input").GetString());
        Assert.Equal("onnx", metadata.GetProperty("runtime").GetString());
        var inputs = metadata.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("datatype").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["x"] = "FP64", ["y"] = "FP64", ["city"] = "BYTES" }, inputs);
        var columns = metadata.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["x", "y", "city"], columns.Select(c => c.GetProperty("name").GetString()));
        Assert.All(columns, c => Assert.True(c.GetProperty("required").GetBoolean()));
        Assert.Equal(["Lyon", "Nice", "Paris"], columns[2].GetProperty("values").EnumerateArray().Select(v => v.GetString()).Order());
        Assert.Equal(TestModels.Classes, metadata.GetProperty("class_names").EnumerateArray().Select(c => c.GetString()).ToArray());
    }

    [Fact]
    public async Task The_open_inference_protocol_takes_one_tensor_per_column()
    {
        await using var lepton = await TestServer.StartAsync(null, "m=" + TestModels.TableWithInputs());
        await using var onnx = await TestServer.StartAsync(null, "m=" + Exported());
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(
                new JsonObject { ["name"] = "x", ["shape"] = new JsonArray(3, 1), ["datatype"] = "FP64", ["data"] = new JsonArray(3.5, 21, 7.25) },
                new JsonObject { ["name"] = "y", ["shape"] = new JsonArray(3), ["datatype"] = "FP64", ["data"] = new JsonArray(60, -4, 31.6) },
                new JsonObject { ["name"] = "city", ["shape"] = new JsonArray(3), ["datatype"] = "BYTES", ["data"] = new JsonArray("Lyon", "Nice", "Paris") }),
        };

        var response = await onnx.Http.PostAsJsonAsync("/v2/models/m/infer", body);
        var json = await TestServer.JsonAsync(response);
        var expected = await lepton.PredictionsAsync(Records([.. Rows.Take(3).Select(r => (JsonObject)r.DeepClone())]));

        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        var probabilities = json.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        Assert.Equal("[3,3]", probabilities.GetProperty("shape").GetRawText());
        var values = probabilities.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        for (var i = 0; i < 3; i++) AssertClose(expected[i].Probabilities, values[(i * 3)..(i * 3 + 3)]);
    }

    [Fact]
    public async Task A_missing_column_or_a_value_of_the_wrong_type_is_a_400_naming_the_column()
    {
        await using var onnx = await TestServer.StartAsync(null, "m=" + Exported());

        var noCity = await Error(onnx.Http.PostAsJsonAsync("/models/m/predict", Records(new JsonObject { ["x"] = 1, ["y"] = 2 })));
        var textForNumber = await Error(onnx.Http.PostAsJsonAsync("/models/m/predict", Records(new JsonObject { ["x"] = 1, ["y"] = 2, ["city"] = "Lyon" }, new JsonObject { ["x"] = "ten", ["y"] = 2, ["city"] = "Nice" })));
        var notRecords = await Error(onnx.Http.PostAsJsonAsync("/models/m/predict", new JsonObject { ["instances"] = new JsonArray(new JsonArray(1, 2, 3)) }));
        var missingTensor = await Error(onnx.Http.PostAsJsonAsync("/v2/models/m/infer", new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "x", ["shape"] = new JsonArray(1), ["datatype"] = "FP64", ["data"] = new JsonArray(1) }),
        }));
        var numbersForText = await Error(onnx.Http.PostAsJsonAsync("/v2/models/m/infer", new JsonObject
        {
            ["inputs"] = new JsonArray(
                new JsonObject { ["name"] = "x", ["shape"] = new JsonArray(1), ["datatype"] = "FP64", ["data"] = new JsonArray(1) },
                new JsonObject { ["name"] = "y", ["shape"] = new JsonArray(1), ["datatype"] = "FP64", ["data"] = new JsonArray(1) },
                new JsonObject { ["name"] = "city", ["shape"] = new JsonArray(1), ["datatype"] = "FP32", ["data"] = new JsonArray(1) }),
        }));

        Assert.Contains("'city'", noCity);
        Assert.Contains("'x'", textForNumber);
        Assert.Contains("row 1", textForNumber);
        Assert.Contains("'ten'", textForNumber);
        Assert.Contains("instances[0] is array", notRecords);
        Assert.Contains("Input 'y' is missing", missingTensor);
        Assert.Contains("Input 'city' has datatype FP32; the model takes BYTES", numbersForText);
    }

    private static async Task<string> Error(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        var json = await TestServer.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {json}");
        return json.GetProperty("error").GetString()!;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"value {i}: .lepton {expected[i]}, .onnx {actual[i]}");
    }
}

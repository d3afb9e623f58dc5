using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Serving.Tests;

/// <summary>Models trained on text, served through the pipeline in their file: records, plain strings and Open Inference Protocol BYTES tensors.</summary>
public sealed class TextTests
{
    private static readonly string[] Messages = ["please refund my card payment", "I cannot reset my password", "the parcel delivery is late"];

    /// <summary>The class probabilities the model in this process gives the records, through the saved pipeline.</summary>
    private static float[][] Expected(string path, JsonObject[] records)
    {
        using var model = Model.Load(path);
        using var table = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        using var scope = NewDisposeScope();
        var inputs = table.SplitByInput(table.FeaturesOf(records)).Select((values, i) => tensor(values, [records.Length, table.InputSizes[i]])).ToArray();
        var probabilities = model.PredictProbabilities(inputs);
        return [.. Enumerable.Range(0, records.Length).Select(r => probabilities[r].data<float>().ToArray())];
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Records_with_a_text_field_are_tokenized_as_in_training_for_a_model_of_text_and_numbers()
    {
        var path = TestModels.TextClassifier(withNumber: true);
        await using var server = await TestServer.StartAsync(models: "tickets=" + path);
        var records = Messages.Select((m, i) => new JsonObject { ["message"] = m, ["priority"] = i + 1 }).ToArray();

        var response = await server.Http.PostAsJsonAsync("/models/tickets/predict", new JsonObject { ["instances"] = new JsonArray([.. records.Select(r => (JsonNode)r.DeepClone())]) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await TestServer.JsonAsync(response)).GetProperty("predictions");
        var expected = Expected(path, records);
        for (var r = 0; r < records.Length; r++)
        {
            var top = predictions[r].GetProperty("top");
            foreach (var score in top.EnumerateArray())
                Assert.Equal(expected[r][score.GetProperty("index").GetInt32()], score.GetProperty("probability").GetSingle(), 5);
        }
    }

    [Fact]
    public async Task A_model_of_one_text_column_takes_a_BYTES_tensor_named_after_it_and_plain_strings()
    {
        var path = TestModels.TextClassifier();
        await using var server = await TestServer.StartAsync(models: "text=" + path);

        var metadata = await TestServer.JsonAsync(await server.Http.GetAsync("/v2/models/text"));
        var input = metadata.GetProperty("inputs")[0];
        Assert.Equal("message", input.GetProperty("name").GetString());
        Assert.Equal("BYTES", input.GetProperty("datatype").GetString());
        Assert.Equal([-1], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "message",
                ["shape"] = new JsonArray(3),
                ["datatype"] = "BYTES",
                ["data"] = new JsonArray([.. Messages.Select(m => (JsonNode)m)]),
            }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "probabilities" }),
        };
        var response = await server.Http.PostAsJsonAsync("/v2/models/text/infer", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = (await TestServer.JsonAsync(response)).GetProperty("outputs")[0];
        Assert.Equal([3, 3], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var values = output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expected = Expected(path, [.. Messages.Select(m => new JsonObject { ["message"] = m })]);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++) Assert.Equal(expected[r][c], values[r * 3 + c], 5);
        }

        // [rows, 1] is the same tensor; plain strings on the simple route are the same records.
        body["inputs"]![0]!["shape"] = new JsonArray(3, 1);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsJsonAsync("/v2/models/text/infer", body)).StatusCode);
        var simple = await server.Http.PostAsJsonAsync("/models/text/predict", new { instances = Messages });
        Assert.Equal(HttpStatusCode.OK, simple.StatusCode);
        var first = (await TestServer.JsonAsync(simple)).GetProperty("predictions")[0].GetProperty("probability").GetSingle();
        Assert.Equal(expected[0].Max(), first, 5);
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"message","shape":[2],"datatype":"BYTES","data":["a refund",5]}]}""", "inputs[0].data[1] is a number; BYTES data must be strings")]
    [InlineData("""{"inputs":[{"name":"message","shape":[2,2],"datatype":"BYTES","data":["a","b","c","d"]}]}""", "Input 'message' has shape [2, 2]; the model takes [-1] or [-1, 1]")]
    [InlineData("""{"inputs":[{"name":"message","shape":[3],"datatype":"BYTES","data":["a","b"]}]}""", "inputs[0].data has 2 strings but shape [3] needs 3")]
    [InlineData("""{"inputs":[{"name":"message","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "Input 'message' has datatype FP32; the model takes BYTES")]
    [InlineData("""{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["a"]}]}""", "Input 'message' is missing")]
    [InlineData("""{"inputs":[{"name":"message","shape":[1],"datatype":"BYTES","data":"refund"}]}""", "inputs[0].data must be a list of strings")]
    public async Task Bad_text_tensors_are_a_400_that_names_the_problem(string body, string expected)
    {
        await using var server = await TestServer.StartAsync(models: "text=" + TestModels.TextClassifier());
        var response = await server.Http.PostAsync("/v2/models/text/infer", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await TestServer.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_BYTES_tensor_for_a_model_of_numbers_is_a_400_naming_the_datatype()
    {
        await using var server = await TestServer.StartAsync(models: "table=" + TestModels.TableClassifier());
        var response = await server.Http.PostAsync("/v2/models/table/infer",
            Json("""{"inputs":[{"name":"input","shape":[1],"datatype":"BYTES","data":["x"]}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await TestServer.JsonAsync(response)).GetProperty("error").GetString();
        Assert.Contains("datatype BYTES; the model takes FP32", error);
    }
}

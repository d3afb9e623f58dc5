using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static TorchSharp.torch;

namespace Lepton.Serving.Tests;

/// <summary><c>"parameters": {"explain": true}</c> and <c>?explain=true</c> on the predict route: integrated gradients per example.</summary>
public sealed class ExplainTests
{
    [Fact]
    public async Task Records_get_one_attribution_per_column_that_add_up_to_the_probability_s_change()
    {
        await using var server = await TestServer.StartAsync(models: "table=" + TestModels.TableClassifier());
        var records = new object[] { new { x = 3.5, y = 80.0, city = "Lyon" }, new { city = "Nice", y = 12.5, x = 20.0 } };

        var response = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = records, parameters = new { explain = true } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await TestServer.JsonAsync(response)).GetProperty("predictions");
        foreach (var prediction in predictions.EnumerateArray())
        {
            var explanation = prediction.GetProperty("explanation");
            Assert.Equal("integrated_gradients", explanation.GetProperty("method").GetString());
            Assert.Equal(prediction.GetProperty("label").GetString(), explanation.GetProperty("class").GetString());
            Assert.Equal(prediction.GetProperty("probability").GetDouble(), explanation.GetProperty("output").GetDouble(), 5);
            var columns = explanation.GetProperty("columns").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(["city", "x", "y"], columns.Keys.Order(StringComparer.Ordinal));
            var change = explanation.GetProperty("output").GetDouble() - explanation.GetProperty("baseline_output").GetDouble();
            Assert.True(Math.Abs(columns.Values.Sum() - change) <= 0.01 * Math.Max(Math.Abs(change), 1e-2), $"attributions {columns.Values.Sum()} for a change of {change}");
            Assert.False(explanation.TryGetProperty("inputs", out _));
        }

        var plain = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = records });
        Assert.False((await TestServer.JsonAsync(plain)).GetProperty("predictions")[0].TryGetProperty("explanation", out _));
    }

    [Fact]
    public async Task An_image_gets_one_attribution_per_pixel_and_text_one_for_its_column()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("image.png");
        using (NewDisposeScope()) TestModels.Format.SavePng(rand([1, 8, 8], generator: new Generator(4)), path);
        await using var server = await TestServer.StartAsync(models: ["img=" + TestModels.ImageClassifier(), "text=" + TestModels.TextClassifier()]);

        var image = await server.Http.PostAsync("/models/img/predict?explain=true", new ByteArrayContent(File.ReadAllBytes(path)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        var text = await server.Http.PostAsJsonAsync("/models/text/predict", new { instances = new[] { "refund my card payment please", "parcel delivery is late" }, parameters = new { explain = true } });

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        var explanation = (await TestServer.JsonAsync(image)).GetProperty("predictions")[0].GetProperty("explanation");
        var pixels = explanation.GetProperty("inputs").EnumerateObject().Single().Value;
        Assert.Equal(64, pixels.GetArrayLength());
        var change = explanation.GetProperty("output").GetDouble() - explanation.GetProperty("baseline_output").GetDouble();
        Assert.True(Math.Abs(pixels.EnumerateArray().Sum(v => v.GetDouble()) - change) <= 0.01 * Math.Max(Math.Abs(change), 1e-2));
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        foreach (var prediction in (await TestServer.JsonAsync(text)).GetProperty("predictions").EnumerateArray())
        {
            var words = prediction.GetProperty("explanation");
            var column = Assert.Single(words.GetProperty("columns").EnumerateObject());
            Assert.Equal("message", column.Name);
            var textChange = words.GetProperty("output").GetDouble() - words.GetProperty("baseline_output").GetDouble();
            Assert.True(Math.Abs(column.Value.GetDouble() - textChange) <= 0.01 * Math.Max(Math.Abs(textChange), 1e-2), $"{column.Value.GetDouble()} for {textChange}");
        }
    }

    [Fact]
    public async Task Explanations_that_cannot_be_given_are_400s_saying_why()
    {
        await using var server = await TestServer.StartAsync(models: "table=" + TestModels.TableClassifier());
        await using var onnx = await TestServer.StartAsync(o => o.Runtime = InferenceRuntime.Onnx, "table=" + TestModels.TableClassifier());
        var record = new { x = 3.5, y = 80.0, city = "Lyon" };

        var word = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = new[] { record }, parameters = new { explain = "yes" } });
        var query = await server.Http.PostAsJsonAsync("/models/table/predict?explain=maybe", new { instances = new[] { record } });
        var many = await server.Http.PostAsJsonAsync("/models/table/predict", new { instances = Enumerable.Repeat(record, 33).ToArray(), parameters = new { explain = true } });
        var runtime = await onnx.Http.PostAsJsonAsync("/models/table/predict", new { instances = new[] { record }, parameters = new { explain = true } });

        foreach (var (response, expected) in new[] { (word, "must be true or false, not string"), (query, "not 'maybe'"), (many, "at most 32 per request"), (runtime, "--runtime torch") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, (await TestServer.JsonAsync(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }
}

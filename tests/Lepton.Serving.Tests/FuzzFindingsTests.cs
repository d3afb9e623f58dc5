using System.Text;
using System.Text.Json;
using Lepton.Serving.Apis;

namespace Lepton.Serving.Tests;

/// <summary>Regressions found by the fuzz tests (tests/Lepton.Fuzz.Tests), each with the smallest input that failed.</summary>
public sealed class FuzzFindingsTests
{
    // 0xE9 alone is not UTF-8; System.Text.Json parses it and throws InvalidOperationException only when the text is read.
    private static byte[] NotUtf8(string json) => Encoding.ASCII.GetBytes(json).Select(b => b == (byte)'~' ? (byte)0xE9 : b).ToArray();

    [Theory]
    [InlineData("""{"inputs":[{"name":"~","shape":[1],"datatype":"FP32","data":[1]}]}""")]
    [InlineData("""{"id":"~","inputs":[{"name":"input","shape":[1],"datatype":"FP32","data":[1]}]}""")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1],"datatype":"FP32","data":[1]}],"outputs":[{"name":"~"}]}""")]
    public void An_infer_body_with_text_that_is_not_utf8_is_a_400(string json)
    {
        var error = Assert.Throws<ServingException>(() => InferRequestReader.Read(NotUtf8(json), null, 1000));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Traffic_weights_naming_a_version_that_is_not_utf8_are_a_400()
    {
        using var document = JsonDocument.Parse(NotUtf8("""{"~": 1}"""));
        var error = Assert.Throws<ServingException>(() => AdminApi.Weights(document.RootElement));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_instances_with_a_name_that_is_not_utf8_get_400_and_records_of_the_wrong_kind_too()
    {
        await using var server = await TestServer.StartAsync(null, "clf=" + TestModels.Classifier(), "table=" + TestModels.TableClassifier());

        var response = await server.Http.PostAsync("/models/clf/predict",
            new ByteArrayContent(NotUtf8("""{"instances":[{"~":[1,2,3,4]}]}""")) { Headers = { { "Content-Type", "application/json" } } });
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("not valid UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // x was a number in training; a date there used to fail in DuckDB's cast with a 500.
        response = await server.Http.PostAsync("/models/table/predict",
            new StringContent("""{"instances":[{"x":"2024-01-03","y":2,"city":"Paris"}]}""", Encoding.UTF8, "application/json"));
        var error = await response.Content.ReadAsStringAsync();
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("cannot be applied to this table", error, StringComparison.Ordinal);
    }
}

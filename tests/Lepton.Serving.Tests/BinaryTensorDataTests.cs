using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lepton.Serving.Protocol;

namespace Lepton.Serving.Tests;

/// <summary>The Open Inference Protocol's binary tensor data extension: a JSON header, then raw little-endian tensors.</summary>
public sealed class BinaryTensorDataTests
{
    private static readonly float[] Input = [0.5f, -1.25f, 3f, 0.125f, 2f, -0.5f, 1f, 4f];

    [Fact]
    public async Task Binary_inputs_and_outputs_give_the_same_answers_as_json()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        Assert.Contains("binary_tensor_data", (await TestServer.JsonAsync(await server.Http.GetAsync("/v2"))).GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        var json = await TestServer.JsonAsync(await server.InferAsync("clf", Input, [2, 4]));
        var expected = json.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expectedProbabilities = json.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();

        // Binary in, JSON out.
        var header = """{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","parameters":{"binary_data_size":32}}]}""";
        var response = await PostAsync(server, header, Bytes(Input));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await TestServer.JsonAsync(response);
        AssertClose(expected, answer.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray());

        // Binary in, the probabilities out as binary and the raw output as JSON.
        header = """{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","parameters":{"binary_data_size":32}}],"outputs":[{"name":"output"},{"name":"probabilities","parameters":{"binary_data":true}}]}""";
        response = await PostAsync(server, header, Bytes(Input));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var document = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        var outputs = document.RootElement.GetProperty("outputs");
        AssertClose(expected, outputs[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray());
        Assert.False(outputs[1].TryGetProperty("data", out _));
        Assert.Equal(expectedProbabilities.Length * 4, outputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(jsonLength + expectedProbabilities.Length * 4, body.Length);
        var probabilities = Enumerable.Range(0, expectedProbabilities.Length).Select(i => BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(jsonLength + i * 4))).ToArray();
        AssertClose(expectedProbabilities, probabilities);
    }

    [Fact]
    public async Task Binary_requests_that_do_not_add_up_get_400_naming_the_problem()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        async Task<string> ErrorOf(string header, byte[] binary, string? declared = null)
        {
            var response = await PostAsync(server, header, binary, declared);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await TestServer.JsonAsync(response)).GetProperty("error").GetString()!;
        }

        const string Good = """{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","parameters":{"binary_data_size":32}}]}""";
        Assert.Contains("binary_data_size is 28 bytes, but its shape holds 8 FP32 values (32 bytes)",
            await ErrorOf(Good.Replace("32}", "28}", StringComparison.Ordinal), Bytes(Input)[..28]));
        Assert.Contains("declares 32 bytes of binary data, but the body has only 16 left", await ErrorOf(Good, Bytes(Input)[..16]));
        Assert.Contains("4 bytes after the tensors", await ErrorOf(Good, [.. Bytes(Input), 1, 2, 3, 4]));
        Assert.Contains("both \"data\" and binary data",
            await ErrorOf("""{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[1,2,3,4,5,6,7,8],"parameters":{"binary_data_size":32}}]}""", Bytes(Input)));
        Assert.Contains("binary value [2] is NaN", await ErrorOf(Good, Bytes([0, 1, float.NaN, 3, 4, 5, 6, 7])));
        Assert.Contains("is INT32; binary data is taken for FP32 inputs", await ErrorOf(Good.Replace("FP32", "INT32", StringComparison.Ordinal), Bytes(Input)));
        Assert.Contains("Inference-Header-Content-Length header must be", await ErrorOf(Good, Bytes(Input), declared: "100000"));
        Assert.Contains("Inference-Header-Content-Length header must be", await ErrorOf(Good, Bytes(Input), declared: "-5"));
        Assert.Contains("binary_data must be true or false",
            await ErrorOf(Good.Replace("}]}", """}],"outputs":[{"name":"output","parameters":{"binary_data":"yes"}}]}""", StringComparison.Ordinal), Bytes(Input)));
        var json = await server.Http.PostAsync("/v2/models/clf/infer", new StringContent(Good, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("no Inference-Header-Content-Length header", (await TestServer.JsonAsync(json)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, Good, Bytes(Input))).StatusCode);
    }

    // Two forward passes of the same rows may differ in the last bit (the engine's kernels are picked per call).
    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f * Math.Max(1, Math.Abs(expected[i])));
    }

    private static byte[] Bytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static Task<HttpResponseMessage> PostAsync(TestServer server, string header, byte[] binary, string? declared = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var content = new ByteArrayContent([.. json, .. binary]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/clf/infer") { Content = content };
        request.Headers.Add("Inference-Header-Content-Length", declared ?? json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return server.Http.SendAsync(request);
    }
}

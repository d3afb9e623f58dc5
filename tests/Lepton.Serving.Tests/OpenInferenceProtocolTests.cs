using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Serving.Tests;

public sealed class OpenInferenceProtocolTests
{
    [Fact]
    public async Task Server_metadata_health_and_readiness_follow_the_protocol()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        var meta = await TestServer.JsonAsync(await server.Http.GetAsync("/v2"));
        Assert.Equal("lepton", meta.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, meta.GetProperty("extensions").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/health/ready")).StatusCode);
        foreach (var probe in new[] { "/livez", "/readyz", "/healthz" })
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(probe)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/models/clf/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/models/clf/versions/1/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/v2/models/clf/versions/7/ready")).StatusCode);
    }

    [Fact]
    public async Task A_server_without_models_is_live_but_not_ready()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/health/live")).StatusCode);
        var ready = await server.Http.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/readyz")).StatusCode);
        Assert.True((await TestServer.JsonAsync(ready)).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Model_metadata_marks_the_batch_dimension_variable_and_lists_class_names()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        var meta = await TestServer.JsonAsync(await server.Http.GetAsync("/v2/models/clf"));
        Assert.Equal("clf", meta.GetProperty("name").GetString());
        Assert.Equal(["1"], meta.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var input = meta.GetProperty("inputs")[0];
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 4L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(["output", "probabilities"], meta.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal([-1L, 3L], meta.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(TestModels.Classes, meta.GetProperty("class_names").EnumerateArray().Select(c => c.GetString()));
        var version = await TestServer.JsonAsync(await server.Http.GetAsync("/v2/models/clf/versions/1"));
        Assert.Equal(["1"], version.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Infer_returns_the_models_outputs_and_says_which_version_answered()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        float[] data = [0.5f, -1, 2, 0.25f, 1, 1, -1, -1];
        var request = TestServer.InferBody(data, [2, 4]);
        request["id"] = "42";
        var response = await server.Http.PostAsJsonAsync("/v2/models/clf/infer", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Model-Version").Single());
        Assert.True(response.Headers.Contains("X-Request-Id"));
        var body = await TestServer.JsonAsync(response);
        Assert.Equal("clf", body.GetProperty("model_name").GetString());
        Assert.Equal("1", body.GetProperty("model_version").GetString());
        Assert.Equal("42", body.GetProperty("id").GetString());
        var output = body.GetProperty("outputs")[0];
        Assert.Equal("output", output.GetProperty("name").GetString());
        Assert.Equal([2L, 3L], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

        using var model = Model.Load(TestModels.Classifier());
        using var scope = NewDisposeScope();
        var expected = model.Predict(tensor(data, [2, 4])).data<float>().ToArray();
        var actual = output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
        var probabilities = body.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(1.0, probabilities[..3].Sum(), 4);
    }

    [Fact]
    public async Task Only_the_outputs_asked_for_are_returned_and_a_pinned_version_answers()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        var request = TestServer.InferBody([1, 2, 3, 4], [1, 4]);
        request["outputs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "probabilities" });
        var body = await TestServer.JsonAsync(await server.Http.PostAsJsonAsync("/v2/models/clf/versions/1/infer", request));
        Assert.Equal("probabilities", body.GetProperty("outputs").EnumerateArray().Single().GetProperty("name").GetString());
    }

    [Fact]
    public async Task Invalid_inputs_get_400_naming_the_field_and_the_problem()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        async Task<string> ErrorOf(string json)
        {
            var response = await server.Http.PostAsync("/v2/models/clf/infer", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await TestServer.JsonAsync(response)).GetProperty("error").GetString()!;
        }

        Assert.Contains("shape [1, 5]", await ErrorOf("""{"inputs":[{"name":"input","shape":[1,5],"datatype":"FP32","data":[1,2,3,4,5]}]}"""));
        Assert.Contains("datatype FP64", await ErrorOf("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP64","data":[1,2,3,4]}]}"""));
        Assert.Contains("has 3 values but shape [1, 4] needs 4", await ErrorOf("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3]}]}"""));
        Assert.Contains("Input 'input' is missing", await ErrorOf("""{"inputs":[{"name":"other","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}"""));
        Assert.Contains("no \"inputs\"", await ErrorOf("""{"id":"1"}"""));
        Assert.Contains("inputs[0].data[2] is a string", await ErrorOf("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,"x",4]}]}"""));
        Assert.Contains("not valid JSON", await ErrorOf("""{"inputs":[{"name":"input","""));
    }

    [Fact]
    public async Task Unknown_models_and_routes_get_404_with_a_json_error()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        var missing = await server.InferAsync("nope", [1, 2, 3, 4], [1, 4]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("nope", (await TestServer.JsonAsync(missing)).GetProperty("error").GetString());
        await server.InferAsync("clf", [1, 2, 3, 4], [1, 4], version: "v-random-1");
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.DoesNotContain("nope", metrics);
        Assert.DoesNotContain("v-random-1", metrics);
        Assert.Contains("model=\"_unknown\"", metrics);
        var route = await server.Http.GetAsync("/v3/whatever");
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.True((await TestServer.JsonAsync(route)).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task The_openapi_document_and_metrics_describe_the_server()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        await server.InferAsync("clf", [1, 2, 3, 4], [1, 4]);
        var openapi = await TestServer.JsonAsync(await server.Http.GetAsync("/openapi.json"));
        var paths = openapi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v2/models/{name}/infer", paths);
        Assert.Contains("/models/{name}/predict", paths);
        Assert.Contains("/admin/models", paths.Select(p => p.TrimEnd('/')));
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("lepton_inference_requests_total{model=\"clf\",version=\"1\",code=\"200\"} 1", metrics);
        Assert.Contains("lepton_request_duration_seconds_bucket", metrics);
        Assert.Contains("lepton_batch_size_bucket", metrics);
        Assert.Contains("lepton_queue_depth{model=\"clf\",version=\"1\"}", metrics);
        Assert.Contains("lepton_inference_duration_seconds_count", metrics);
        Assert.Contains("lepton_model_load_seconds{model=\"clf\",version=\"1\"}", metrics);
    }

    [Fact]
    public async Task A_json_body_that_starts_with_a_byte_order_mark_is_read_as_without_one()
    {
        await using var server = await TestServer.StartAsync(models: "clf=" + TestModels.Classifier());
        var json = System.Text.Encoding.UTF8.GetBytes("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""");
        using var plain = new ByteArrayContent(json);
        using var marked = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. json]);
        plain.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        marked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var expected = await TestServer.JsonAsync(await server.Http.PostAsync("/v2/models/clf/infer", plain));
        var response = await server.Http.PostAsync("/v2/models/clf/infer", marked);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected.GetProperty("outputs").GetRawText(), (await TestServer.JsonAsync(response)).GetProperty("outputs").GetRawText());
    }
}

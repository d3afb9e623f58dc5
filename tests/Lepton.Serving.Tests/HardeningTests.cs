using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lepton.Serving.Apis;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Lepton.Serving.Tests;

/// <summary>Regressions found by the hostile harness: malformed multipart bodies, numbers beyond FP32, bad traffic weights, slow bodies.</summary>
public sealed class HardeningTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static ByteArrayContent Multipart(string body, string contentType) =>
        new(Encoding.ASCII.GetBytes(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };

    private static async Task<(int Status, string Error)> ErrorOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.GetProperty("error").GetString()!);
    }

    [Fact]
    public async Task Multipart_bodies_without_a_boundary_or_cut_short_get_400_naming_the_problem_and_are_counted_as_400()
    {
        await using var server = await TestServer.StartAsync(null, "img=" + TestModels.ImageClassifier());

        var (status, error) = await ErrorOf(await server.Http.PostAsync("/models/img/predict", Multipart("--x\r\n", "multipart/form-data")));
        Assert.Equal(400, status);
        Assert.Contains("multipart body has no boundary", error, StringComparison.Ordinal);

        const string cut = "--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG";
        (status, error) = await ErrorOf(await server.Http.PostAsync("/models/img/predict", Multipart(cut, "multipart/form-data; boundary=xyz")));
        Assert.Equal(400, status);
        Assert.Contains("multipart body ends before its closing boundary", error, StringComparison.Ordinal);

        (status, error) = await ErrorOf(await server.Http.PostAsync("/models/img/predict", Multipart("--xyz", "multipart/form-data; boundary=xyz")));
        Assert.Equal(400, status);
        Assert.Contains("multipart body", error, StringComparison.Ordinal);

        Assert.Equal(3, await server.MetricAsync("lepton_inference_requests_total{model=\"img\",version=\"\",code=\"400\"}"));
        Assert.Equal(0, await server.MetricAsync("lepton_inference_requests_total{model=\"img\",version=\"\",code=\"200\"}"));
        Assert.Equal(3, await server.MetricAsync("lepton_inference_errors_total{model=\"img\",version=\"\",reason=\"invalid_input\"}"));
    }

    /// <summary>Sends its bytes a few at a time, far below the server's minimum body data rate.</summary>
    private sealed class SlowContent(int length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("{\"instances\":["u8.ToArray());
            for (var sent = 14; sent < length; sent += 8)
            {
                await stream.WriteAsync("[1,2,3],"u8.ToArray());
                await stream.FlushAsync();
                await Task.Delay(250);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_body_sent_too_slowly_is_answered_408_and_counted_as_408()
    {
        await using var server = await TestServer.StartAsync(
            o => o.ConfigureLimits = limits => limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 2000, gracePeriod: TimeSpan.FromSeconds(1.5)),
            "clf=" + TestModels.Classifier());
        using var http = new HttpClient { BaseAddress = server.Server.Address, Timeout = TimeSpan.FromSeconds(20) };
        var request = new HttpRequestMessage(HttpMethod.Post, "/models/clf/predict") { Content = new SlowContent(4096) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection while the client is still sending; the count below is what matters.
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await server.MetricAsync("lepton_inference_requests_total{model=\"clf\",version=\"\",code=\"408\"}") == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(1, await server.MetricAsync("lepton_inference_requests_total{model=\"clf\",version=\"\",code=\"408\"}"));
        Assert.Equal(0, await server.MetricAsync("lepton_inference_errors_total{model=\"clf\",version=\"\",reason=\"internal\"}"));
    }

    [Theory]
    [InlineData("1e39")]
    [InlineData("-1e39")]
    [InlineData("1e400")]
    [InlineData("3.5e38")]
    public async Task Numbers_beyond_FP32_range_get_400_naming_the_index_on_both_routes(string number)
    {
        await using var server = await TestServer.StartAsync(null, "clf=" + TestModels.Classifier());

        var infer = $$"""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,{{number}},4]}]}""";
        var (status, error) = await ErrorOf(await server.Http.PostAsync("/v2/models/clf/infer", Json(infer)));
        Assert.Equal(400, status);
        Assert.Contains("inputs[0].data[2]", error, StringComparison.Ordinal);
        Assert.Contains("outside FP32's range", error, StringComparison.Ordinal);

        (status, error) = await ErrorOf(await server.Http.PostAsync("/models/clf/predict", Json($$"""{"instances":[[1,2,3,4],[1,{{number}},3,4]]}""")));
        Assert.Equal(400, status);
        Assert.Contains("instances[1][1]", error, StringComparison.Ordinal);
        Assert.Contains("outside FP32's range", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_reader_takes_raw_bytes_for_fuzzing()
    {
        var body = """{"inputs":[{"name":"input","shape":[1,2],"datatype":"FP32","data":[1e39,2]}]}"""u8.ToArray();
        var error = Assert.Throws<ServingException>(() => InferRequestReader.Read(body, null, 1000));
        Assert.Contains("inputs[0].data[0]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ServingException>(() => InferRequestReader.Read("{\"inputs\":"u8.ToArray(), null, 1000));
        Assert.Throws<ServingException>(() => InferRequestReader.Read(body, 5000, 1000));
    }

    [Theory]
    [InlineData("""{"1":"NaN"}""", "NaN")]
    [InlineData("""{"1":1e400}""", "1e400")]
    [InlineData("""{"1":"Infinity"}""", "Infinity")]
    [InlineData("""{"1":-1}""", "-1")]
    [InlineData("""{"1":0}""", "above 0")]
    [InlineData("""{"9":10}""", "9")]
    [InlineData("""{"1":"x"}""", "\"x\"")]
    public async Task Bad_traffic_weights_get_400_naming_the_version_and_value_and_are_audited(string body, string named)
    {
        await using var server = await TestServer.StartAsync(null, "clf=" + TestModels.Classifier());

        var (status, error) = await ErrorOf(await server.Http.PutAsync("/admin/models/clf/traffic", Json(body)));
        Assert.Equal(400, status);
        Assert.Contains(named, error, StringComparison.Ordinal);

        var entry = File.ReadAllLines(server.AuditPath).Select(l => JsonDocument.Parse(l).RootElement).Last();
        Assert.Equal("model.traffic", entry.GetProperty("action").GetString());
        Assert.Equal("refused", entry.GetProperty("outcome").GetString());
        Assert.Contains(named, entry.GetProperty("error").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await server.Http.PutAsync("/admin/models/clf/traffic", Json("""{"1":1}"""))).StatusCode);
        var accepted = File.ReadAllLines(server.AuditPath).Select(l => JsonDocument.Parse(l).RootElement).Last();
        Assert.Equal("ok", accepted.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("::")]
    public async Task A_server_on_a_non_loopback_address_without_keys_refuses_to_start(string host)
    {
        using var folder = new TempFolder();
        var options = new ServingOptions { Host = host, Port = 0, KeysPath = folder.PathOf("keys.json"), AuditLogPath = folder.PathOf("audit.jsonl") };
        await using var server = InferenceServer.Create(options);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
        Assert.Contains("API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("127.8.9.1", false, false)]
    [InlineData("::1", false, false)]
    [InlineData("localhost", false, false)]
    [InlineData("0.0.0.0", true, false)]
    [InlineData("0.0.0.0", false, true)]
    public void Loopback_hosts_keys_or_insecure_let_a_server_start(string host, bool withKey, bool insecure)
    {
        using var folder = new TempFolder();
        var store = new ApiKeyStore(folder.PathOf("keys.json"));
        if (withKey) store.Create("ops", [ApiKeyStore.AdminScope]);
        var options = new ServingOptions { Host = host, KeysPath = store.Path, AllowUnauthenticatedRemote = insecure };
        Assert.Null(InferenceServer.ExposureProblem(options));
    }
}

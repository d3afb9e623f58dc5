using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Lepton.Serving.Tests;

/// <summary>A real server on 127.0.0.1 and a free port, with its own key file and audit log, and an HttpClient for it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private TestServer(InferenceServer server, HttpClient http, TempFolder folder)
    {
        _folder = folder;
        Server = server;
        Http = http;
    }

    public InferenceServer Server { get; }

    public HttpClient Http { get; }

    public string KeysPath => Server.Options.ResolvedKeysPath;

    public string AuditPath => Server.Options.ResolvedAuditLogPath;

    public static async Task<TestServer> StartAsync(Action<ServingOptions>? configure = null, params string[] models)
    {
        var folder = new TempFolder();
        var options = new ServingOptions
        {
            Port = 0,
            KeysPath = folder.PathOf("keys.json"),
            AuditLogPath = folder.PathOf("audit.jsonl"),
            MaxQueueDelay = TimeSpan.FromMilliseconds(5),
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        var server = InferenceServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await server.StartAsync();
        foreach (var model in models)
        {
            var parts = model.Split('=');
            await server.LoadAsync(parts[^1], name: parts.Length > 1 ? parts[0] : null);
        }
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        return new TestServer(server, http, folder);
    }

    public static JsonObject InferBody(float[] data, long[] shape, string input = "input") => new()
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = input,
            ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray(data.Select(v => (JsonNode)v).ToArray()),
        }),
    };

    public Task<HttpResponseMessage> InferAsync(string model, float[] data, long[] shape, string? version = null, string? key = null)
    {
        var path = version is null ? $"/v2/models/{model}/infer" : $"/v2/models/{model}/versions/{version}/infer";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(InferBody(data, shape)) };
        if (key is not null) request.Headers.Authorization = new("Bearer", key);
        return Http.SendAsync(request);
    }

    /// <summary>The value of one Prometheus sample line, e.g. <c>lepton_batch_requests_sum{model="m",version="1"}</c>; 0 when absent.</summary>
    public async Task<double> MetricAsync(string sample)
    {
        var text = await Http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Posts <paramref name="body"/> to model <paramref name="model"/>'s /predict (three classes listed) and returns each prediction's label and its probabilities in class order.</summary>
    public async Task<List<(string Label, float[] Probabilities)>> PredictionsAsync(JsonObject body, string model = "m")
    {
        var response = await Http.PostAsJsonAsync($"/models/{model}/predict?top=3", body);
        var json = await JsonAsync(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, json.ToString());
        return json.GetProperty("predictions").EnumerateArray()
            .Select(p => (p.GetProperty("label").GetString()!, p.GetProperty("top").EnumerateArray().OrderBy(t => t.GetProperty("index").GetInt32()).Select(t => t.GetProperty("probability").GetSingle()).ToArray()))
            .ToList();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}

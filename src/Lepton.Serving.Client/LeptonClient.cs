using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Serving.Protocol;

namespace Lepton.Serving.Client;

/// <summary>
/// Calls models on a Lepton inference server by name: images, feature vectors or tensors in; class names,
/// probabilities and the version that answered out.
/// <code>
/// using var client = new LeptonClient(new Uri("http://127.0.0.1:8080"), apiKey);
/// var result = await client.PredictImageAsync("fashion", "boot.png");
/// Console.WriteLine($"{result.Predictions[0].Label} from version {result.ModelVersion}");
/// </code>
/// </summary>
public sealed class LeptonClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client for the server at <paramref name="baseAddress"/>, sending <paramref name="apiKey"/> when given.</summary>
    public LeptonClient(Uri baseAddress, string? apiKey = null)
        : this(new HttpClient { BaseAddress = baseAddress ?? throw new ArgumentNullException(nameof(baseAddress)) }, apiKey, ownsHttp: true)
    {
    }

    /// <summary>A client over an existing <see cref="HttpClient"/> whose <c>BaseAddress</c> is the server (e.g. from IHttpClientFactory).</summary>
    public LeptonClient(HttpClient http, string? apiKey = null) : this(http, apiKey, ownsHttp: false)
    {
    }

    private LeptonClient(HttpClient http, string? apiKey, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null) throw new ArgumentException("The HttpClient needs a BaseAddress: the server's address.", nameof(http));
        _http = http;
        _ownsHttp = ownsHttp;
        if (apiKey is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>Classifies an image file with <paramref name="model"/> (the server applies the model's own preprocessing).</summary>
    public async Task<PredictResponse> PredictImageAsync(string model, string imagePath, string? version = null, int top = 5, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        var bytes = await File.ReadAllBytesAsync(imagePath, cancellationToken).ConfigureAwait(false);
        return await PredictImageAsync(model, bytes, version, top, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Classifies encoded image bytes (PNG, JPEG, BMP, GIF, WebP) with <paramref name="model"/>.</summary>
    public async Task<PredictResponse> PredictImageAsync(string model, ReadOnlyMemory<byte> image, string? version = null, int top = 5, CancellationToken cancellationToken = default)
    {
        using var content = new ReadOnlyMemoryContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await SendAsync<PredictResponse>(HttpMethod.Post, PredictPath(model, version, top), content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Classifies examples given as numbers (each an example's values, row-major) with a single-input model.</summary>
    public async Task<PredictResponse> PredictAsync(string model, IEnumerable<float[]> instances, string? version = null, int top = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        using var content = JsonContent.Create(new Dictionary<string, object> { ["instances"] = instances.ToList() }, options: ProtocolJson.Options);
        return await SendAsync<PredictResponse>(HttpMethod.Post, PredictPath(model, version, top), content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Classifies records that name each input (<c>{"image": [...], "features": [...]}</c>), for models with several inputs.</summary>
    public async Task<PredictResponse> PredictRecordsAsync(string model, IEnumerable<IReadOnlyDictionary<string, float[]>> records, string? version = null, int top = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var content = JsonContent.Create(new Dictionary<string, object> { ["instances"] = records.ToList() }, options: ProtocolJson.Options);
        return await SendAsync<PredictResponse>(HttpMethod.Post, PredictPath(model, version, top), content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Predicts raw table records named as the training table's columns (<c>{"age": 31, "city": "Paris"}</c>) with a model
    /// saved with its table pipeline; JSON null is a missing value. For a model with one output (its metadata's
    /// <c>task</c> is classification or regression); a model with several answers through <see cref="PredictTableOutputsAsync"/>.
    /// </summary>
    public async Task<PredictResponse> PredictTableAsync(string model, IEnumerable<IReadOnlyDictionary<string, JsonNode?>> records, string? version = null, int top = 5, CancellationToken cancellationToken = default)
    {
        using var content = TableContent(records);
        return await SendAsync<PredictResponse>(HttpMethod.Post, PredictPath(model, version, top), content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Predicts raw table records with a model of several output features (its metadata's <c>task</c> is
    /// <c>multi_output</c>): per record, each output's class and probabilities or its value, by output name.
    /// </summary>
    public async Task<MultiOutputPredictResponse> PredictTableOutputsAsync(string model, IEnumerable<IReadOnlyDictionary<string, JsonNode?>> records, string? version = null, int top = 5, CancellationToken cancellationToken = default)
    {
        using var content = TableContent(records);
        return await SendAsync<MultiOutputPredictResponse>(HttpMethod.Post, PredictPath(model, version, top), content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one input tensor (<paramref name="shape"/> batch first, <paramref name="data"/> row-major) through the model (Open Inference Protocol).</summary>
    public Task<InferResponse> InferAsync(string model, string inputName, float[] data, long[] shape, string? version = null, CancellationToken cancellationToken = default) =>
        InferAsync(model, new Dictionary<string, (float[] Data, long[] Shape)> { [inputName] = (data, shape) }, version, cancellationToken);

    /// <summary>
    /// Runs named input tensors through the model (Open Inference Protocol). The values travel as binary tensor data
    /// after a JSON header, which the server reads several times faster than numbers written out as JSON.
    /// </summary>
    public async Task<InferResponse> InferAsync(string model, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> inputs, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["inputs"] = inputs.Select(i => new Dictionary<string, object>
            {
                ["name"] = i.Key, ["shape"] = i.Value.Shape, ["datatype"] = "FP32",
                ["parameters"] = new Dictionary<string, long> { [BinaryTensorData.SizeParameter] = (long)i.Value.Data.Length * sizeof(float) },
            }).ToList(),
        }, ProtocolJson.Options);
        using var content = new ByteArrayContent(BinaryTensorData.Compose(header, inputs.Values.Select(i => i.Data)));
        content.Headers.ContentType = new MediaTypeHeaderValue(BinaryTensorData.ContentType);
        content.Headers.Add(BinaryTensorData.HeaderLengthHeader, header.Length.ToString(CultureInfo.InvariantCulture));
        return await SendAsync<InferResponse>(HttpMethod.Post, ModelPath(model, version) + "/infer", content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A model's versions, inputs, outputs and class names.</summary>
    public Task<ModelMetadataResponse> GetModelAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        SendAsync<ModelMetadataResponse>(HttpMethod.Get, ModelPath(model, version), null, cancellationToken);

    /// <summary>Every loaded model version with its source, traffic share and queue depth (<c>GET /admin/models</c>; needs a key with the admin scope when the server uses keys).</summary>
    public async Task<IReadOnlyList<ModelStatus>> ListLoadedModelsAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<ModelStatus>>(HttpMethod.Get, "admin/models", null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Splits <paramref name="model"/>'s unpinned traffic between its loaded versions by weight (<c>{"3": 90, "4": 10}</c>;
    /// needs the admin scope) and returns the split the server now applies, version → share (0–1).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, double>> SetTrafficAsync(string model, IReadOnlyDictionary<string, double> weights, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(weights);
        using var content = JsonContent.Create(weights, options: ProtocolJson.Options);
        var answer = await SendAsync<TrafficAnswer>(HttpMethod.Put, "admin/models/" + Uri.EscapeDataString(model) + "/traffic", content, cancellationToken).ConfigureAwait(false);
        return answer.Traffic;
    }

    /// <summary>Reads the server's Prometheus metrics (<c>GET /metrics</c>) into samples, with the per-version counts and histograms a dashboard shows.</summary>
    /// <exception cref="FormatException">The answer is not in the Prometheus text format.</exception>
    public async Task<ServingMetricsSnapshot> GetMetricsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ServingMetricsSnapshot.Parse(text, DateTimeOffset.UtcNow);
    }

    /// <summary>The server's OpenAPI document, which lists every route it serves.</summary>
    public async Task<JsonDocument> GetOpenApiAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("openapi.json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the server has a model loaded and is not shutting down.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("v2/health/ready", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(ProtocolJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new LeptonClientException(response.StatusCode, "The server answered with an empty body.");
    }

    private static JsonContent TableContent(IEnumerable<IReadOnlyDictionary<string, JsonNode?>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var instances = new JsonArray(records.Select(r =>
        {
            ArgumentNullException.ThrowIfNull(r, nameof(records));
            return (JsonNode)new JsonObject(r.Select(c => KeyValuePair.Create(c.Key, c.Value?.DeepClone())));
        }).ToArray());
        return JsonContent.Create(new JsonObject { ["instances"] = instances }, options: ProtocolJson.Options);
    }

    private sealed record TrafficAnswer(string Model, IReadOnlyDictionary<string, double> Traffic);

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string message;
        try
        {
            message = JsonSerializer.Deserialize<ErrorResponse>(text, ProtocolJson.Options)?.Error ?? text;
        }
        catch (JsonException)
        {
            message = text;
        }
        throw new LeptonClientException(response.StatusCode, $"HTTP {(int)response.StatusCode}: {message}");
    }

    private static string ModelPath(string model, string? version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var path = "v2/models/" + Uri.EscapeDataString(model);
        return version is null ? path : path + "/versions/" + Uri.EscapeDataString(version);
    }

    private static string PredictPath(string model, string? version, int top)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var path = "models/" + Uri.EscapeDataString(model);
        if (version is not null) path += "/versions/" + Uri.EscapeDataString(version);
        return path + "/predict?top=" + top.ToString(CultureInfo.InvariantCulture);
    }
}

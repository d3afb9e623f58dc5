using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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

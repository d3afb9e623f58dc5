using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lepton.Serving.Hosting;
using Lepton.Serving.Observability;
using Lepton.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Lepton.Serving.Apis;

/// <summary>The Open Inference Protocol v2 REST routes: server and model metadata, health, readiness and inference.</summary>
internal static class OpenInferenceApi
{
    public const string VersionHeader = "X-Model-Version";
    public const string TimeoutHeader = "X-Lepton-Timeout-Ms";

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol v2");
        v2.MapGet("/", () => TypedResults.Json(new ServerMetadata("lepton", Version, ["binary_tensor_data"]), ProtocolJson.Options))
            .Produces<ServerMetadata>().WithName("ServerMetadata").WithSummary("The server's name, version and protocol extensions.");
        v2.MapGet("/health/live", () => TypedResults.Ok())
            .WithName("ServerLive").WithSummary("200 while the server process answers.");
        v2.MapGet("/health/ready", Results<Ok, JsonHttpResult<ErrorResponse>> (ModelHost host, IHostApplicationLifetime lifetime) => ReadyResult(host, lifetime))
            .WithName("ServerReady").WithSummary("200 when at least one model is loaded and the server is not shutting down.");

        // The probe names other servers use (BentoML's /livez and /readyz, Photon's /healthz), so existing manifests work.
        app.MapGet("/livez", () => TypedResults.Ok()).WithTags("Health").WithName("Livez").WithSummary("Same as /v2/health/live.");
        app.MapGet("/healthz", () => TypedResults.Ok()).WithTags("Health").WithName("Healthz").WithSummary("Same as /v2/health/live.");
        app.MapGet("/readyz", Results<Ok, JsonHttpResult<ErrorResponse>> (ModelHost host, IHostApplicationLifetime lifetime) => ReadyResult(host, lifetime))
            .WithTags("Health").WithName("Readyz").WithSummary("Same as /v2/health/ready.");

        var models = v2.MapGroup("/models/{name}").RequireModelKey();
        models.MapGet("/", (string name, ModelHost host) => Metadata(host, name, null)).Produces<ModelMetadataResponse>().WithName("ModelMetadata").WithSummary("A model's versions, inputs and outputs (-1 marks a variable dimension), and what /models/{name}/predict takes and answers.");
        models.MapGet("/versions/{version}", (string name, string version, ModelHost host) => Metadata(host, name, version)).Produces<ModelMetadataResponse>().WithName("ModelVersionMetadata").WithSummary("One version's inputs and outputs.");
        models.MapGet("/ready", (string name, ModelHost host) => Ready(host, name, null)).WithName("ModelReady").WithSummary("200 when the model can answer.");
        models.MapGet("/versions/{version}/ready", (string name, string version, ModelHost host) => Ready(host, name, version)).WithName("ModelVersionReady").WithSummary("200 when the version can answer.");
        models.MapPost("/infer", (string name, HttpContext context, ModelHost host, ServingOptions options, ServingMetrics metrics) => InferAsync(context, host, options, metrics, name, null))
            .WithName("ModelInfer").WithSummary("Runs named, typed input tensors through the model (the version is chosen by traffic weight).")
            .Accepts<JsonElement>("application/json", BinaryTensorData.ContentType).Produces<InferResponse>(200, "application/json", BinaryTensorData.ContentType).Produces<ErrorResponse>(400).Produces<ErrorResponse>(429).Produces<ErrorResponse>(504);
        models.MapPost("/versions/{version}/infer", (string name, string version, HttpContext context, ModelHost host, ServingOptions options, ServingMetrics metrics) => InferAsync(context, host, options, metrics, name, version))
            .WithName("ModelVersionInfer").WithSummary("Runs input tensors through one pinned version.")
            .Accepts<JsonElement>("application/json", BinaryTensorData.ContentType).Produces<InferResponse>(200, "application/json", BinaryTensorData.ContentType).Produces<ErrorResponse>(400).Produces<ErrorResponse>(429).Produces<ErrorResponse>(504);
        return app;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    internal static string Version => typeof(OpenInferenceApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static JsonHttpResult<ModelMetadataResponse> Metadata(ModelHost host, string name, string? version)
    {
        var slot = host.Slot(name);
        var model = host.Route(name, version);
        IReadOnlyList<string> versions;
        lock (slot.Gate) versions = version is null ? slot.Versions.Keys.Order(StringComparer.Ordinal).ToList() : [version];
        var outputs = model.Heads.Count > 0
            ? model.Heads.Select(h => new TensorMetadata(h.Name, "FP32", [-1, h.Width], h.IsClassification ? h.ClassNames : null)).ToList()
            : model.OutputNames.Select(o => new TensorMetadata(o, "FP32", [-1, .. model.OutputSampleShape])).ToList();
        var metadata = new ModelMetadataResponse(
            name, versions, model.Runtime == InferenceRuntime.Onnx ? "lepton_onnxruntime" : "lepton_torchsharp",
            model.WireInputs.Select(i => new TensorMetadata(i.Name, i.Datatype, i.BatchedShape)).ToList(),
            outputs, model.ClassNames, slot.Routes.Weights) { Runtime = ModelHost.RuntimeLabel(model.Runtime) };
        return TypedResults.Json(PredictSignature.Describe(metadata, model), ProtocolJson.Options);
    }

    private static Results<Ok, JsonHttpResult<ErrorResponse>> ReadyResult(ModelHost host, IHostApplicationLifetime lifetime) =>
        host.IsReady && !lifetime.ApplicationStopping.IsCancellationRequested
            ? TypedResults.Ok()
            : TypedResults.Json(new ErrorResponse("Not ready: no model is loaded, or the server is shutting down."), ProtocolJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static Ok Ready(ModelHost host, string name, string? version)
    {
        host.Route(name, version);
        return TypedResults.Ok();
    }

    private static Task<IResult> InferAsync(HttpContext context, ModelHost host, ServingOptions options, ServingMetrics metrics, string name, string? version) =>
        MeasuredRequest.RunAsync(context, host, metrics, name, async answered =>
        {
            var request = await ReadRequestAsync(context.Request, options).ConfigureAwait(false);
            var timeout = Timeout(context.Request, request.TimeoutMs, options);
            var (model, result) = InferenceAnswers.ResultOrThrow(name,
                await host.InferAsync(name, version, (m, deadline) => InferRequestReader.ToItem(m, request, deadline), timeout, context.RequestAborted).ConfigureAwait(false));
            answered(model.Version);
            var wanted = request.Outputs ?? model.OutputNames.ToList();
            var tensors = wanted.Select(o => (Name: o, Tensor: model.OutputTensor(o, result))).Select(t => (t.Name, t.Tensor.Values, t.Tensor.Shape)).ToList();
            if (!tensors.Any(t => request.WantsBinary(t.Name)))
                return TypedResults.Json(new InferResponse(name, model.Version, request.Id, tensors.Select(t => new InferOutput(t.Name, t.Shape, "FP32", t.Values)).ToList()), ProtocolJson.Options);

            // The binary tensor data extension: the JSON header, then the binary outputs' bytes in the order listed.
            var outputs = tensors.Select(t => request.WantsBinary(t.Name)
                ? new InferOutput(t.Name, t.Shape, "FP32", null, new Dictionary<string, long> { [BinaryTensorData.SizeParameter] = t.Values.Length * sizeof(float) })
                : new InferOutput(t.Name, t.Shape, "FP32", t.Values)).ToList();
            var header = JsonSerializer.SerializeToUtf8Bytes(new InferResponse(name, model.Version, request.Id, outputs), ProtocolJson.Options);
            var body = BinaryTensorData.Compose(header, tensors.Where(t => request.WantsBinary(t.Name)).Select(t => t.Values));
            context.Response.Headers[BinaryTensorData.HeaderLengthHeader] = header.Length.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Bytes(body, BinaryTensorData.ContentType);
        });

    /// <summary>
    /// Reads a JSON request, or, with an <c>Inference-Header-Content-Length</c> header, a JSON header followed by
    /// binary tensor data.
    /// </summary>
    private static async Task<InferRequest> ReadRequestAsync(HttpRequest http, ServingOptions options)
    {
        var maxElements = options.MaxRequestBodyBytes / 2;
        var declared = http.Headers[BinaryTensorData.HeaderLengthHeader].ToString();
        if (declared.Length == 0) RequireJson(http);
        // The whole body in a pooled buffer: JSON is read straight from its UTF-8 bytes (Utf8InferRequestReader), and
        // the values are copied out, so the buffer goes back to the pool as soon as the request is read.
        using var pooled = await PooledBody.ReadAsync(http, options.MaxRequestBodyBytes, http.HttpContext.RequestAborted).ConfigureAwait(false);
        var body = pooled.Memory;
        // A JSON body may start with a UTF-8 byte order mark, which JSON readers of a stream skip (and these must too).
        if (declared.Length == 0) return InferRequestReader.Read(body.Span.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body, null, maxElements);
        if (!int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var headerLength))
            throw ServingException.BadRequest($"The {BinaryTensorData.HeaderLengthHeader} header must be the length in bytes of the JSON at the start of the body (2 to {body.Length}), not '{declared}'.");
        return InferRequestReader.Read(body, headerLength, maxElements);
    }

    internal static void RequireJson(HttpRequest request)
    {
        var type = request.ContentType;
        if (type is not null && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
            throw new ServingException(StatusCodes.Status415UnsupportedMediaType, $"The body must be JSON (Content-Type: application/json), not '{type}'.");
    }

    internal static TimeSpan Timeout(HttpRequest request, double? fromBody, ServingOptions options)
    {
        if (fromBody is { } ms) return TimeSpan.FromMilliseconds(ms);
        var header = request.Headers[TimeoutHeader].ToString();
        if (header.Length == 0) return options.RequestTimeout;
        if (!double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || value > 3_600_000)
            throw ServingException.BadRequest($"The {TimeoutHeader} header must be a number of milliseconds between 0 and 3600000, not '{header}'.");
        return TimeSpan.FromMilliseconds(value);
    }

    internal static string Reason(int code) => code switch
    {
        400 => "invalid_input",
        401 or 403 => "unauthorized",
        404 => "not_found",
        408 => "body_timeout",
        413 => "too_large",
        415 => "bad_content_type",
        429 => "queue_full",
        503 => "unavailable",
        504 => "deadline_exceeded",
        MeasuredRequest.ClientClosed => "client_closed",
        < 500 => "bad_request",
        _ => "internal",
    };
}

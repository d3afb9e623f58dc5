namespace Lepton.Serving.Client;

/// <summary>The names and labels of the metrics a Lepton server exposes at <c>GET /metrics</c>, defined once for the server and its readers.</summary>
public static class ServingMetricNames
{
    /// <summary>Counter of requests by model, version and HTTP status code.</summary>
    public const string Requests = "lepton_inference_requests_total";

    /// <summary>Counter of error answers by model, version and reason.</summary>
    public const string Errors = "lepton_inference_errors_total";

    /// <summary>Histogram of the time from receiving a request to answering it, in seconds.</summary>
    public const string RequestDuration = "lepton_request_duration_seconds";

    /// <summary>Histogram of samples per forward pass.</summary>
    public const string BatchSize = "lepton_batch_size";

    /// <summary>The label naming the model.</summary>
    public const string ModelLabel = "model";

    /// <summary>The label naming the version (empty for requests no version answered).</summary>
    public const string VersionLabel = "version";

    /// <summary>The label giving the HTTP status code of <see cref="Requests"/>.</summary>
    public const string CodeLabel = "code";

    /// <summary>The label giving the reason of <see cref="Errors"/>.</summary>
    public const string ReasonLabel = "reason";

    /// <summary>Gauge that is 1 for the runtime a loaded version runs on (labels model, version and <see cref="RuntimeLabel"/>), 0 once unloaded.</summary>
    public const string ModelRuntime = "lepton_model_runtime";

    /// <summary>The label giving the engine of <see cref="ModelRuntime"/>: <c>torch</c> (TorchSharp) or <c>onnx</c> (ONNX Runtime).</summary>
    public const string RuntimeLabel = "runtime";
}

using Lepton.Serving.Client;
using Prometheus;

namespace Lepton.Serving.Observability;

/// <summary>
/// The server's Prometheus metrics, per model and version, in a registry of its own (so two servers in one
/// process, as in tests, never share counts).
/// </summary>
internal sealed class ServingMetrics
{
    private static readonly string[] ModelLabels = [ServingMetricNames.ModelLabel, ServingMetricNames.VersionLabel];

    public ServingMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter(ServingMetricNames.Requests, "Inference requests answered, by model, version and HTTP status code.",
            new CounterConfiguration { LabelNames = [ServingMetricNames.ModelLabel, ServingMetricNames.VersionLabel, ServingMetricNames.CodeLabel] });
        Errors = factory.CreateCounter(ServingMetricNames.Errors, "Inference requests answered with an error, by model, version and reason.",
            new CounterConfiguration { LabelNames = [ServingMetricNames.ModelLabel, ServingMetricNames.VersionLabel, ServingMetricNames.ReasonLabel] });
        Latency = factory.CreateHistogram(ServingMetricNames.RequestDuration, "Time from receiving an inference request to answering it.",
            new HistogramConfiguration { LabelNames = ModelLabels, Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        BatchSize = factory.CreateHistogram(ServingMetricNames.BatchSize, "Samples per forward pass.",
            new HistogramConfiguration { LabelNames = ModelLabels, Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        BatchRequests = factory.CreateHistogram("lepton_batch_requests", "Requests combined into one forward pass.",
            new HistogramConfiguration { LabelNames = ModelLabels, Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        QueueDepth = factory.CreateGauge("lepton_queue_depth", "Requests waiting for an inference worker.", new GaugeConfiguration { LabelNames = ModelLabels });
        QueueTime = factory.CreateHistogram("lepton_queue_duration_seconds", "Time a request waited in the queue before its batch ran.",
            new HistogramConfiguration { LabelNames = ModelLabels, Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        InferenceTime = factory.CreateHistogram("lepton_inference_duration_seconds", "Time of one forward pass (a whole batch).",
            new HistogramConfiguration { LabelNames = ModelLabels, Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        LoadTime = factory.CreateGauge("lepton_model_load_seconds", "How long loading and warming up a model version took.", new GaugeConfiguration { LabelNames = ModelLabels });
        Loaded = factory.CreateGauge("lepton_model_loaded", "1 while a model version is loaded.", new GaugeConfiguration { LabelNames = ModelLabels });
        Runtime = factory.CreateGauge(ServingMetricNames.ModelRuntime, "1 for the engine a loaded model version runs on: torch (TorchSharp) or onnx (ONNX Runtime).",
            new GaugeConfiguration { LabelNames = [ServingMetricNames.ModelLabel, ServingMetricNames.VersionLabel, ServingMetricNames.RuntimeLabel] });
        TrafficWeight = factory.CreateGauge("lepton_model_traffic_weight", "The share of a model's unpinned traffic a version receives (0–1).", new GaugeConfiguration { LabelNames = ModelLabels });
    }

    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Counter Errors { get; }

    public Histogram Latency { get; }

    public Histogram BatchSize { get; }

    public Histogram BatchRequests { get; }

    public Gauge QueueDepth { get; }

    public Histogram QueueTime { get; }

    public Histogram InferenceTime { get; }

    public Gauge LoadTime { get; }

    public Gauge Loaded { get; }

    public Gauge TrafficWeight { get; }

    public Gauge Runtime { get; }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Cli.Commands.Compress;

/// <summary>What <c>lepton compress</c> measured, float against int8, all in one run; written by <c>--json</c>.</summary>
internal sealed record CompressionReport
{
    public required string Model { get; init; }

    public required string Output { get; init; }

    public required string Quantization { get; init; }

    public required long FloatBytes { get; init; }

    public required long QuantizedBytes { get; init; }

    /// <summary>Bytes of the file written (a .lepton container of the int8 graph is a little larger or smaller than the bare graph).</summary>
    public required long OutputBytes { get; init; }

    public double SizeRatio => (double)FloatBytes / QuantizedBytes;

    public required IReadOnlyList<NodeLine> Nodes { get; init; }

    public string? Calibration { get; init; }

    public long CalibrationSamples { get; init; }

    public string? Test { get; init; }

    /// <summary>The metric compared (accuracy for a classifier, else RMSE or the first metric).</summary>
    public string? Metric { get; init; }

    public double? FloatMetric { get; init; }

    public double? QuantizedMetric { get; init; }

    public double? MetricDelta => FloatMetric is { } f && QuantizedMetric is { } q ? q - f : null;

    /// <summary>Share of test examples whose predicted class is the same (classifiers).</summary>
    public double? Agreement { get; init; }

    public required Timing FloatTiming { get; init; }

    public required Timing QuantizedTiming { get; init; }

    public double LatencySpeedup => FloatTiming.P50Milliseconds / QuantizedTiming.P50Milliseconds;

    public double ThroughputSpeedup => QuantizedTiming.SamplesPerSecond / FloatTiming.SamplesPerSecond;

    public required int Threads { get; init; }

    public required string Load { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One weighted node: how it was quantized, or why it stays float.</summary>
    internal sealed record NodeLine(string Name, string Op, string? Scheme, string? Reason);

    /// <summary>p50 latency of one example, and throughput at batch 64, in ONNX Runtime.</summary>
    internal sealed record Timing(double P50Milliseconds, double P90Milliseconds, double SamplesPerSecond);
}

using System.Text.Json.Serialization;
using Lepton.Data.Pipelines.Steps;

namespace Lepton.Data.Pipelines;

/// <summary>The JSON form of a fitted pipeline: format version, the columns it was fitted on, defaults and fitted steps.</summary>
internal sealed class PipelineDocument
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("format")]
    public string Format { get; set; } = "lepton.pipeline";

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    [JsonPropertyName("input_columns")]
    public List<string> InputColumns { get; set; } = [];

    /// <summary>Each input column's kind in the training table (absent from pipelines written before it was stored).</summary>
    [JsonPropertyName("input_kinds")]
    public Dictionary<string, string> InputKinds { get; set; } = [];

    [JsonPropertyName("output_columns")]
    public List<string> OutputColumns { get; set; } = [];

    [JsonPropertyName("defaults")]
    public Dictionary<string, ColumnDefault> Defaults { get; set; } = [];

    [JsonPropertyName("steps")]
    public List<PipelineStep> Steps { get; set; } = [];
}

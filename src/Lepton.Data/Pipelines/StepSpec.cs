namespace Lepton.Data.Pipelines;

/// <summary>One step as written in a YAML spec (<c>step:</c> names it; the other keys are its settings).</summary>
internal sealed class StepSpec
{
    public string? Step { get; set; }
    public string? Column { get; set; }
    public List<string>? Columns { get; set; }
    public string? Method { get; set; }
    public string? Value { get; set; }
    public string? Action { get; set; }
    public double? Factor { get; set; }
    public double? Lower { get; set; }
    public double? Upper { get; set; }
    public string? Target { get; set; }
    public int? Folds { get; set; }
    public int? Seed { get; set; }
    public double? Smoothing { get; set; }
    public List<string>? Parts { get; set; }
    public double? Threshold { get; set; }
    public List<string>? Except { get; set; }
    public int? Components { get; set; }
    public bool? InteractionOnly { get; set; }
    public int? Buckets { get; set; }
    public string? Score { get; set; }
    public int? Keep { get; set; }
    public double? Alpha { get; set; }
    public int? MaxFeatures { get; set; }
    public int? MaxTokens { get; set; }
    public int? SequenceLength { get; set; }
    public string? Where { get; set; }
}

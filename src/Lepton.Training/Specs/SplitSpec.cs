using YamlDotNet.Core;

namespace Lepton.Training.Specs;

/// <summary>A spec's <c>preprocessing.split</c>: how rows are divided into training, validation and test.</summary>
internal sealed class SplitSpec
{
    /// <summary>random, stratified, time or group.</summary>
    public string? Type { get; set; }

    /// <summary>The column a time split sorts by or a group split keeps together.</summary>
    public string? Column { get; set; }

    public Mark ColumnPosition { get; set; } = Mark.Empty;

    /// <summary>Shares of all rows for training, validation and test (Ludwig's order), summing to 1.</summary>
    public double[]? Probabilities { get; set; }

    public int? Seed { get; set; }

    public double TestFraction => Probabilities![2];

    /// <summary>The validation share of the rows left after the test rows.</summary>
    public double ValidationFraction => Probabilities![1] / (Probabilities[0] + Probabilities[1]);
}

using Lepton.Training.Features;

namespace Lepton.Cli.Commands.Training;

/// <summary>What <c>lepton train</c> and <c>lepton experiment</c> read the same way: the --task flag (the data: <see cref="DataInput"/>).</summary>
internal static class TrainingInput
{
    /// <summary>The task --task names; null for auto.</summary>
    public static TrainingTask? TaskOf(string? name) =>
        name switch { "classification" => TrainingTask.Classification, "regression" => TrainingTask.Regression, _ => null };
}

namespace Lepton.Training.Explanations;

/// <summary>How <see cref="PermutationImportance"/> shuffles: repeats per column, the seed, the score's direction.</summary>
public sealed class PermutationImportanceOptions
{
    /// <summary>Shuffles per column (scikit-learn's <c>n_repeats</c>, default 5).</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Seed of the first shuffle; each shuffle of each column has its own, derived from it.</summary>
    public int Seed { get; init; }

    /// <summary>True for scores such as accuracy, false for errors such as RMSE or loss.</summary>
    public bool HigherIsBetter { get; init; } = true;
}

namespace Lepton.Training.Trees;

/// <summary>
/// How <see cref="GradientBoostingTrainer"/> grows its trees. The defaults are LightGBM's own, so results compare with
/// LightGBM and scikit-learn elsewhere.
/// </summary>
public sealed class GradientBoostingOptions
{
    /// <summary>Boosting rounds (LightGBM's num_iterations, scikit-learn's n_estimators); a multiclass model grows a tree per class each round.</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>The most leaves a tree may have (num_leaves).</summary>
    public int NumberOfLeaves { get; init; } = 31;

    /// <summary>How much each tree's output counts (learning_rate, shrinkage).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The fewest training rows a leaf may hold (min_data_in_leaf).</summary>
    public int MinimumExamplesPerLeaf { get; init; } = 20;

    /// <summary>The most bins each feature's values are bucketed into (max_bin).</summary>
    public int MaximumBins { get; init; } = 255;

    /// <summary>L2 regularization of leaf values (lambda_l2).</summary>
    public double L2Regularization { get; init; }

    /// <summary>
    /// With validation data, stop when its loss has not improved for this many rounds and keep the best round's trees;
    /// 0 turns early stopping off. Without validation data it does nothing.
    /// </summary>
    public int EarlyStoppingRounds { get; init; } = 10;

    /// <summary>The seed of LightGBM's generators: the same data, options and seed give the same trees.</summary>
    public int Seed { get; init; }

    /// <summary>Threads LightGBM may use; by default the machine's cores, at most 8 (more rarely helps and starves other work).</summary>
    public int? Threads { get; init; }

    internal int ThreadCount => Threads ?? Math.Clamp(Environment.ProcessorCount, 1, 8);

    internal void Validate()
    {
        Check(NumberOfTrees is >= 1 and <= 100_000, nameof(NumberOfTrees), NumberOfTrees, "from 1 to 100000");
        Check(NumberOfLeaves is >= 2 and <= 131_072, nameof(NumberOfLeaves), NumberOfLeaves, "from 2 to 131072");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "a positive number");
        Check(MinimumExamplesPerLeaf >= 1, nameof(MinimumExamplesPerLeaf), MinimumExamplesPerLeaf, "at least 1");
        Check(MaximumBins is >= 2 and <= 65_535, nameof(MaximumBins), MaximumBins, "from 2 to 65535");
        Check(L2Regularization >= 0 && double.IsFinite(L2Regularization), nameof(L2Regularization), L2Regularization, "0 or more");
        Check(EarlyStoppingRounds >= 0, nameof(EarlyStoppingRounds), EarlyStoppingRounds, "0 (off) or more");
        Check(Threads is null or >= 1, nameof(Threads), Threads ?? 0, "at least 1");
    }

    private static void Check(bool ok, string name, object value, string expected)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"GradientBoostingOptions.{name} must be {expected}, but was {value}.");
    }
}

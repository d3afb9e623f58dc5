namespace Lepton.Nn.Metrics;

/// <summary>How <see cref="Precision"/>, <see cref="Recall"/> and <see cref="F1Score"/> combine the classes into one number.</summary>
public enum Averaging
{
    /// <summary>Only class 1, the positive class, of a two-class problem (one sigmoid output or two softmax outputs).</summary>
    Binary,

    /// <summary>The unweighted mean of the per-class scores, over the classes that occur in the targets or predictions.</summary>
    Macro,

    /// <summary>The score of the true positives, false positives and false negatives pooled over all classes.</summary>
    Micro,

    /// <summary>The mean of the per-class scores weighted by each class's number of true examples (its support).</summary>
    Weighted,
}

namespace Lepton.Training.Features;

/// <summary>What the model predicts: a class or a number.</summary>
public enum TrainingTask
{
    /// <summary>One of a few classes (the target's distinct values).</summary>
    Classification,

    /// <summary>A number.</summary>
    Regression,
}

namespace Lepton.Data;

/// <summary>Which examples <c>Fit(validationSplit: …)</c> and <see cref="Dataset.Split(double, ValidationSplitMode, Random?)"/> hold out.</summary>
public enum ValidationSplitMode
{
    /// <summary>The last examples, in order (Keras's validation_split): on date-ordered data, the latest ones.</summary>
    Last,

    /// <summary>Examples drawn at random.</summary>
    Shuffled,

    /// <summary>Drawn at random within each class, so every class keeps its share on both sides (class-index targets only).</summary>
    Stratified,
}

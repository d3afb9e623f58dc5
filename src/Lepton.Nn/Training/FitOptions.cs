using Lepton.Data;
using Lepton.Nn.Callbacks;

namespace Lepton.Nn.Training;

/// <summary>Fit's arguments, checked once.</summary>
internal sealed record FitOptions(
    int Epochs,
    int BatchSize,
    Dataset? ValidationData,
    double ValidationSplit,
    ValidationSplitMode ValidationSplitMode,
    bool Shuffle,
    IReadOnlyDictionary<int, double>? ClassWeight,
    IReadOnlyList<Callback> Callbacks,
    Verbosity Verbose)
{
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Fit needs at least one epoch.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (ValidationSplit < 0 || ValidationSplit >= 1 || double.IsNaN(ValidationSplit))
            throw new ArgumentOutOfRangeException(nameof(ValidationSplit), ValidationSplit, "validationSplit is a fraction from 0 (none) up to, not including, 1.");
        if (!Enum.IsDefined(ValidationSplitMode))
            throw new ArgumentOutOfRangeException(nameof(ValidationSplitMode), ValidationSplitMode, $"validationSplitMode is one of {string.Join(", ", Enum.GetNames<ValidationSplitMode>())}.");
        if (ValidationSplit > 0 && ValidationData is not null)
            throw new ArgumentException("Give either validationData or validationSplit, not both.");
        if (ClassWeight is not null)
        {
            foreach (var (cls, weight) in ClassWeight)
            {
                if (cls < 0) throw new ArgumentException($"Class weight key {cls} is negative; keys are class indices.");
                if (!(weight >= 0) || double.IsInfinity(weight)) throw new ArgumentException($"Class {cls} has weight {weight}; weights must be finite and not negative.");
            }
        }
    }
}

namespace Lepton.Tuning.Pruners;

/// <summary>A pruner's verdict on a trial, and numbers it keeps about the trial for later verdicts.</summary>
/// <param name="Prune">Whether to stop the trial now.</param>
/// <param name="Attributes">Numbers to store with the trial (successive halving's value at each rung it reached); empty for none.</param>
public sealed record PruneDecision(bool Prune, IReadOnlyDictionary<string, double> Attributes)
{
    /// <summary>Go on; nothing to keep.</summary>
    public static PruneDecision Continue { get; } = new(false, new Dictionary<string, double>());

    /// <summary>Stop; nothing to keep.</summary>
    public static PruneDecision Stop { get; } = new(true, new Dictionary<string, double>());
}

namespace Lepton.Bench;

/// <summary>What one timed round of training reported: mean loss and accuracy over its steps, as Fit reports them.</summary>
internal sealed record RoundOutcome(long Samples, double Loss, double Accuracy);

namespace Lepton.Tuning.Studies;

/// <summary>A trial just started, and the study's trials as read right after (the new trial among them): what a sampler draws the trial's parameters from.</summary>
/// <param name="Trial">The new trial: running, no parameters yet.</param>
/// <param name="Trials">The study's trials in number order.</param>
public sealed record StartedTrial(TrialRecord Trial, IReadOnlyList<TrialRecord> Trials);

namespace Lepton.Tuning.Studies;

/// <summary>A study and its trials at one moment: what a sampler draws from and a pruner judges by.</summary>
/// <param name="Study">The study.</param>
/// <param name="Trials">Its trials in number order.</param>
public sealed record StudySnapshot(StudyInfo Study, IReadOnlyList<TrialRecord> Trials)
{
    /// <summary>The trials in <paramref name="states"/>.</summary>
    public IEnumerable<TrialRecord> InState(params TrialState[] states) => Trials.Where(t => states.Contains(t.State));

    /// <summary>Whether <paramref name="a"/> is a better value than <paramref name="b"/> in this study's direction.</summary>
    public bool Better(double a, double b) => Study.Direction == StudyDirection.Minimize ? a < b : a > b;

    /// <summary>The complete trial with the best value, or null.</summary>
    public TrialRecord? Best => InState(TrialState.Complete).Where(t => t.Value is { } v && !double.IsNaN(v))
        .Aggregate((TrialRecord?)null, (best, t) => best is null || Better(t.Value!.Value, best.Value!.Value) ? t : best);
}

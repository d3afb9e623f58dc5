using Lepton.Tuning.Studies;

namespace Lepton.Tracking;

/// <summary>
/// The trials of one study a <see cref="TrackingStudyStore"/> has read, by number (numbers are 0, 1, 2, … and
/// become visible in order). A finished trial never changes, so only trials past the last one seen and those seen
/// running are read again (as Optuna's cached storage does). Not thread-safe: the store locks around it.
/// </summary>
internal sealed class SeenTrials
{
    private readonly List<TrialRecord> trials = [];
    private readonly SortedSet<int> running = [];

    /// <summary>What to read next: trials numbered above the last seen, and the numbers seen running.</summary>
    public (int After, int[] Running) Query() => (trials.Count - 1, running.ToArray());

    /// <summary>Takes in freshly read trials (a read that started earlier may arrive later: a finished trial is never replaced by a running one) and returns every trial.</summary>
    public IReadOnlyList<TrialRecord> Merge(IReadOnlyList<TrialRecord> fresh)
    {
        foreach (var trial in fresh)
        {
            while (trials.Count <= trial.Number) trials.Add(null!); // filled by this same read: numbers are contiguous
            var old = trials[trial.Number];
            if (old is not null && old.IsFinished) continue;
            trials[trial.Number] = trial;
            if (trial.IsFinished) running.Remove(trial.Number);
            else running.Add(trial.Number);
        }

        return trials.ToList();
    }
}

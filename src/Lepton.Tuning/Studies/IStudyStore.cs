using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Studies;

/// <summary>
/// Where studies and their trials live. Several workers (threads, processes, machines) may share one store: starting
/// a trial hands out its number and checks the study's trial limit atomically, and every other write touches one
/// trial's own rows. A finished trial is
/// never written again: writes to it are ignored (a worker whose trial was failed as stale goes on harmlessly), so a
/// store may cache the finished trials it has read.
/// </summary>
public interface IStudyStore
{
    /// <summary>Opens the study named <paramref name="name"/>, or creates it.</summary>
    /// <exception cref="StudyMismatchException">A study of that name exists with another direction or space.</exception>
    Task<StudyInfo> OpenStudyAsync(string name, StudyDirection direction, SearchSpace space, CancellationToken cancellationToken = default);

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    Task<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a trial (the next number, state running, no parameters yet) unless the study has <paramref name="limit"/>
    /// trials already, running or finished: then returns null. The check and the start are one atomic step, so workers
    /// sharing the study never start more than <paramref name="limit"/> trials in all.
    /// </summary>
    Task<TrialRecord?> StartTrialAsync(long studyId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a trial as <see cref="StartTrialAsync"/> does (null at the limit), then reads the study's trials as
    /// <see cref="TrialsAsync"/> does. A store on a server does both in one round trip; this default makes the two calls.
    /// </summary>
    async Task<StartedTrial?> StartTrialAndReadAsync(long studyId, int limit, CancellationToken cancellationToken = default)
    {
        var trial = await StartTrialAsync(studyId, limit, cancellationToken).ConfigureAwait(false);
        return trial is null ? null : new StartedTrial(trial, await TrialsAsync(studyId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Sets the parameters drawn for a running trial (internal values by name).</summary>
    Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default);

    /// <summary>Records the value a running trial reached at <paramref name="step"/> (a repeated step keeps the first value, as Optuna).</summary>
    Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a running trial's value at <paramref name="step"/> as <see cref="ReportAsync"/> does, then returns the
    /// study's trials as <see cref="TrialsAsync"/> does: what a pruner judges the report by. A store on a server does
    /// both in one round trip; this default makes the two calls.
    /// </summary>
    async Task<IReadOnlyList<TrialRecord>> ReportAndReadAsync(long studyId, long trialId, int step, double value, CancellationToken cancellationToken = default)
    {
        await ReportAsync(trialId, step, value, cancellationToken).ConfigureAwait(false);
        return await TrialsAsync(studyId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets numbers a pruner keeps about a trial.</summary>
    Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default);

    /// <summary>Marks a running trial's worker alive now.</summary>
    Task HeartbeatAsync(long trialId, CancellationToken cancellationToken = default);

    /// <summary>Finishes a running trial; a trial finished already (failed as stale, say) stays as it is and this returns false.</summary>
    Task<bool> FinishTrialAsync(long trialId, TrialState state, double? value, string? error = null, CancellationToken cancellationToken = default);

    /// <summary>The study's trials in number order.</summary>
    Task<IReadOnlyList<TrialRecord>> TrialsAsync(long studyId, CancellationToken cancellationToken = default);

    /// <summary>Marks failed every running trial of the study whose heartbeat is older than <paramref name="staleAfter"/>; returns how many.</summary>
    Task<int> FailStaleTrialsAsync(long studyId, TimeSpan staleAfter, CancellationToken cancellationToken = default);
}

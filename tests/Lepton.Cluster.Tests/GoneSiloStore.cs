using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;
using Orleans.Runtime;

namespace Lepton.Cluster.Tests;

/// <summary>
/// A silo's study store that writes nothing once the test has killed that silo: in-process, a killed silo's trial
/// thread lives on, and this makes it behave like the process that SIGKILL would have taken with it (no heartbeat, no
/// result).
/// </summary>
internal sealed class GoneSiloStore(IStudyStore store, ILocalSiloDetails silo, FailoverProbe probe) : IStudyStore
{
    private IStudyStore Live => probe.Killed == silo.SiloAddress.ToParsableString() ? throw new IOException("This silo was killed.") : store;

    public Task<StudyInfo> OpenStudyAsync(string name, StudyDirection direction, SearchSpace space, CancellationToken cancellationToken = default) => Live.OpenStudyAsync(name, direction, space, cancellationToken);

    public Task<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default) => Live.FindStudyAsync(name, cancellationToken);

    public Task<TrialRecord?> StartTrialAsync(long studyId, int limit, CancellationToken cancellationToken = default) => Live.StartTrialAsync(studyId, limit, cancellationToken);

    public Task<StartedTrial?> StartTrialAndReadAsync(long studyId, int limit, CancellationToken cancellationToken = default) => Live.StartTrialAndReadAsync(studyId, limit, cancellationToken);

    public Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default) => Live.SetParametersAsync(trialId, parameters, cancellationToken);

    public Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default) => Live.ReportAsync(trialId, step, value, cancellationToken);

    public Task<IReadOnlyList<TrialRecord>> ReportAndReadAsync(long studyId, long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        Live.ReportAndReadAsync(studyId, trialId, step, value, cancellationToken);

    public Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default) => Live.SetAttributesAsync(trialId, attributes, cancellationToken);

    public Task HeartbeatAsync(long trialId, CancellationToken cancellationToken = default) => Live.HeartbeatAsync(trialId, cancellationToken);

    public Task<bool> FinishTrialAsync(long trialId, TrialState state, double? value, string? error = null, CancellationToken cancellationToken = default) =>
        Live.FinishTrialAsync(trialId, state, value, error, cancellationToken);

    public Task<IReadOnlyList<TrialRecord>> TrialsAsync(long studyId, CancellationToken cancellationToken = default) => Live.TrialsAsync(studyId, cancellationToken);

    public Task<int> FailStaleTrialsAsync(long studyId, TimeSpan staleAfter, CancellationToken cancellationToken = default) => Live.FailStaleTrialsAsync(studyId, staleAfter, cancellationToken);
}

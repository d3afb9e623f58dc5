using System.Diagnostics;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Bench.Studies;

/// <summary>A study store that times each call into <see cref="TrialPhases"/>, so the benchmark sees where a real tuner's trial spends its time.</summary>
internal sealed class TimedStudyStore(IStudyStore inner, TrialPhases phases) : IStudyStore
{
    public Task<StudyInfo> OpenStudyAsync(string name, StudyDirection direction, SearchSpace space, CancellationToken cancellationToken = default) =>
        inner.OpenStudyAsync(name, direction, space, cancellationToken);

    public Task<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default) => inner.FindStudyAsync(name, cancellationToken);

    public async Task<TrialRecord?> StartTrialAsync(long studyId, int limit, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var trial = await inner.StartTrialAsync(studyId, limit, cancellationToken);
        if (trial is not null) phases.NextTrial();
        phases.Add("start", watch.Elapsed.TotalMilliseconds);
        return trial;
    }

    public async Task<StartedTrial?> StartTrialAndReadAsync(long studyId, int limit, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var started = await inner.StartTrialAndReadAsync(studyId, limit, cancellationToken);
        if (started is not null) phases.NextTrial();
        phases.Add("start", watch.Elapsed.TotalMilliseconds);
        return started;
    }

    public Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default) =>
        phases.TimeAsync("set_parameters", () => inner.SetParametersAsync(trialId, parameters, cancellationToken));

    public Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        phases.TimeAsync("report", () => inner.ReportAsync(trialId, step, value, cancellationToken));

    public Task<IReadOnlyList<TrialRecord>> ReportAndReadAsync(long studyId, long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        phases.TimeAsync("report", () => inner.ReportAndReadAsync(studyId, trialId, step, value, cancellationToken));

    public Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default) =>
        phases.TimeAsync("set_attributes", () => inner.SetAttributesAsync(trialId, attributes, cancellationToken));

    public Task HeartbeatAsync(long trialId, CancellationToken cancellationToken = default) =>
        phases.TimeAsync("heartbeat", () => inner.HeartbeatAsync(trialId, cancellationToken));

    public Task<bool> FinishTrialAsync(long trialId, TrialState state, double? value, string? error = null, CancellationToken cancellationToken = default) =>
        phases.TimeAsync("finish", () => inner.FinishTrialAsync(trialId, state, value, error, cancellationToken));

    public Task<IReadOnlyList<TrialRecord>> TrialsAsync(long studyId, CancellationToken cancellationToken = default) =>
        phases.TimeAsync("read", () => inner.TrialsAsync(studyId, cancellationToken));

    public Task<int> FailStaleTrialsAsync(long studyId, TimeSpan staleAfter, CancellationToken cancellationToken = default) =>
        inner.FailStaleTrialsAsync(studyId, staleAfter, cancellationToken);
}

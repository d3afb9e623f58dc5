using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Studies;

/// <summary>
/// A study store in this process's memory (Optuna's in-memory storage): for a tuner run from C# that needs no
/// record, and as the reference the database stores are tested against. Thread-safe; gone when the process ends.
/// </summary>
public sealed class InMemoryStudyStore : IStudyStore
{
    private readonly Lock gate = new();
    private readonly List<StudyInfo> studies = [];
    private readonly Dictionary<long, List<TrialRecord>> trials = [];
    private readonly Dictionary<long, long> studyOfTrial = [];
    private readonly TimeProvider clock;
    private long nextTrialId = 1;

    /// <summary>Creates an empty store; <paramref name="clock"/> (for tests of stale heartbeats) defaults to the system's.</summary>
    public InMemoryStudyStore(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<StudyInfo> OpenStudyAsync(string name, StudyDirection direction, SearchSpace space, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(space);
        lock (gate)
        {
            if (studies.FirstOrDefault(s => s.Name == name) is { } existing)
            {
                StudyCheck.SameStudy(existing, direction, space);
                return Task.FromResult(existing);
            }
            var study = new StudyInfo { Id = studies.Count + 1, Name = name, Direction = direction, Space = SearchSpace.FromJson(space.ToJson()), Created = clock.GetUtcNow() };
            studies.Add(study);
            trials[study.Id] = [];
            return Task.FromResult(study);
        }
    }

    /// <inheritdoc />
    public Task<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (gate) return Task.FromResult(studies.FirstOrDefault(s => s.Name == name));
    }

    /// <inheritdoc />
    public Task<TrialRecord?> StartTrialAsync(long studyId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (gate)
        {
            var list = StudyTrials(studyId);
            if (list.Count >= limit) return Task.FromResult<TrialRecord?>(null);
            var now = clock.GetUtcNow();
            var trial = new TrialRecord { Id = nextTrialId++, Number = list.Count, State = TrialState.Running, Started = now, Heartbeat = now };
            list.Add(trial);
            studyOfTrial[trial.Id] = studyId;
            return Task.FromResult<TrialRecord?>(trial);
        }
    }

    /// <inheritdoc />
    public Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default) =>
        Update(trialId, t => t with { Parameters = new Dictionary<string, double>(parameters) });

    /// <inheritdoc />
    public Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        Update(trialId, t => t.Intermediate.ContainsKey(step) ? t : t with { Intermediate = new Dictionary<int, double>(t.Intermediate) { [step] = value } });

    /// <inheritdoc />
    public Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default) =>
        Update(trialId, t =>
        {
            var merged = new Dictionary<string, double>(t.Attributes);
            foreach (var (key, value) in attributes) merged[key] = value;
            return t with { Attributes = merged };
        });

    /// <inheritdoc />
    public Task HeartbeatAsync(long trialId, CancellationToken cancellationToken = default) =>
        Update(trialId, t => t with { Heartbeat = clock.GetUtcNow() });

    /// <inheritdoc />
    public Task<bool> FinishTrialAsync(long trialId, TrialState state, double? value, string? error = null, CancellationToken cancellationToken = default)
    {
        if (state == TrialState.Running) throw new ArgumentException("A trial finishes complete, pruned or failed, not running.", nameof(state));
        var finished = false;
        Update(trialId, t =>
        {
            if (t.IsFinished) return t;
            finished = true;
            return t with { State = state, Value = value, Error = error, Finished = clock.GetUtcNow() };
        });
        return Task.FromResult(finished);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRecord>> TrialsAsync(long studyId, CancellationToken cancellationToken = default)
    {
        lock (gate) return Task.FromResult<IReadOnlyList<TrialRecord>>(StudyTrials(studyId).ToList());
    }

    /// <inheritdoc />
    public Task<int> FailStaleTrialsAsync(long studyId, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var list = StudyTrials(studyId);
            var now = clock.GetUtcNow();
            var failed = 0;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].State != TrialState.Running || now - list[i].Heartbeat <= staleAfter) continue;
                list[i] = list[i] with { State = TrialState.Failed, Finished = now, Error = StudyCheck.StaleError(list[i].Heartbeat, staleAfter) };
                failed++;
            }
            return Task.FromResult(failed);
        }
    }

    private List<TrialRecord> StudyTrials(long studyId) =>
        trials.TryGetValue(studyId, out var list) ? list : throw new KeyNotFoundException($"The store has no study with id {studyId}.");

    private Task Update(long trialId, Func<TrialRecord, TrialRecord> change)
    {
        lock (gate)
        {
            if (!studyOfTrial.TryGetValue(trialId, out var studyId)) throw new KeyNotFoundException($"The store has no trial with id {trialId}.");
            var list = trials[studyId];
            var index = list.FindIndex(t => t.Id == trialId);
            if (list[index].IsFinished) return Task.CompletedTask; // a finished trial is never written again
            list[index] = change(list[index]);
        }
        return Task.CompletedTask;
    }
}

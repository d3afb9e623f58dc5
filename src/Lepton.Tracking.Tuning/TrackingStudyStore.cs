using System.Text.Json.Nodes;
using Lepton.Tracking.Stores;
using Lepton.Tracking.Studies;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tracking;

/// <summary>
/// Studies and trials in the tracking database, beside runs and models: a SQLite file or a PostgreSQL server that
/// several worker processes (or machines, on PostgreSQL) share. Trial numbers are handed out atomically, writes are
/// short transactions that take the write lock at their start (no "database is locked" on SQLite), and the finished
/// trials a worker has read are kept in memory, so reading a study of thousands of trials costs a query over the
/// few still running.
/// </summary>
public sealed class TrackingStudyStore : IStudyStore, IAsyncDisposable
{
    private readonly SqlMetadataStore store;
    private readonly SqlStudyStore studies;
    private readonly bool ownsStore;
    private readonly TimeProvider clock;
    private readonly Dictionary<long, SeenTrials> seen = [];

    /// <summary>
    /// Keeps studies in an open tracking store (a <see cref="TrackingClient"/>'s <see cref="TrackingClient.Store"/>, say),
    /// which stays its owner's to dispose; <paramref name="clock"/> (for tests of stale heartbeats) defaults to the system's.
    /// </summary>
    public TrackingStudyStore(IMetadataStore store, TimeProvider? clock = null)
        : this(store, clock, ownsStore: false)
    {
    }

    private TrackingStudyStore(IMetadataStore store, TimeProvider? clock, bool ownsStore)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store as SqlMetadataStore ?? throw new TrackingException(TrackingErrorKind.Invalid,
            $"Studies are kept in a SQLite or PostgreSQL tracking database; {store.Description} is not one. Set {TrackingSettings.UriVariable} to a sqlite:/// file or a postgresql:// address.");
        studies = this.store.Studies;
        this.ownsStore = ownsStore;
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>The tracking database's description (a file path or a host, never a password).</summary>
    public string Description => store.Description;

    /// <summary>
    /// Opens the tracking database <paramref name="settings"/> names (the environment's, <c>LEPTON_TRACKING_URI</c>,
    /// when null), bringing its schema up to date; disposing the study store closes it.
    /// </summary>
    public static async Task<TrackingStudyStore> OpenAsync(TrackingSettings? settings = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        settings ??= TrackingSettings.FromEnvironment();
        var opened = await SqlMetadataStore.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        return new TrackingStudyStore(opened, clock, ownsStore: true);
    }

    /// <inheritdoc />
    public async Task<StudyInfo> OpenStudyAsync(string name, StudyDirection direction, SearchSpace space, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(space);
        if (!Enum.IsDefined(direction)) throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown direction.");
        var row = await studies.OpenStudyAsync(name, DirectionText(direction), space.ToJson().ToJsonString(), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var study = ToStudy(row);
        StudyCheck.SameStudy(study, direction, space);
        return study;
    }

    /// <inheritdoc />
    public async Task<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var row = await studies.FindStudyAsync(name, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToStudy(row);
    }

    /// <inheritdoc />
    public async Task<TrialRecord?> StartTrialAsync(long studyId, int limit, CancellationToken cancellationToken = default) =>
        await studies.StartTrialAsync(studyId, limit, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false) is { } row ? ToRecord(row) : null;

    /// <inheritdoc />
    public async Task<StartedTrial?> StartTrialAndReadAsync(long studyId, int limit, CancellationToken cancellationToken = default)
    {
        TrialEntry? started = null;
        var trials = await ReadAsync(studyId, async (after, running) =>
        {
            (started, var rows) = await studies.StartTrialAndReadAsync(studyId, limit, clock.GetUtcNow(), after, running, cancellationToken).ConfigureAwait(false);
            return rows;
        }).ConfigureAwait(false);
        return started is null ? null : new StartedTrial(ToRecord(started), trials);
    }

    /// <inheritdoc />
    public Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return studies.SetParametersAsync(trialId, parameters, cancellationToken);
    }

    /// <inheritdoc />
    public Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        studies.ReportAsync(trialId, step, value, cancellationToken);

    /// <inheritdoc />
    public Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return studies.SetAttributesAsync(trialId, attributes, cancellationToken);
    }

    /// <inheritdoc />
    public Task HeartbeatAsync(long trialId, CancellationToken cancellationToken = default) =>
        studies.HeartbeatAsync(trialId, clock.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    public Task<bool> FinishTrialAsync(long trialId, TrialState state, double? value, string? error = null, CancellationToken cancellationToken = default)
    {
        if (state == TrialState.Running || !Enum.IsDefined(state)) throw new ArgumentException("A trial finishes complete, pruned or failed, not running.", nameof(state));
        return studies.FinishTrialAsync(trialId, StateText(state), value, error, clock.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRecord>> TrialsAsync(long studyId, CancellationToken cancellationToken = default) =>
        ReadAsync(studyId, (after, running) => studies.ReadTrialsAsync(studyId, after, running, cancellationToken));

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRecord>> ReportAndReadAsync(long studyId, long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        ReadAsync(studyId, (after, running) => studies.ReportAndReadAsync(studyId, trialId, step, value, after, running, cancellationToken));

    /// <summary>Reads the trials of the study this store has not seen finished, with <paramref name="read"/>, and returns every trial.</summary>
    private async Task<IReadOnlyList<TrialRecord>> ReadAsync(long studyId, Func<int, int[], Task<IReadOnlyList<TrialEntry>>> read)
    {
        SeenTrials known;
        int after;
        int[] running;
        lock (seen)
        {
            if (!seen.TryGetValue(studyId, out known!)) seen[studyId] = known = new SeenTrials();
            (after, running) = known.Query();
        }

        var rows = await read(after, running).ConfigureAwait(false);
        var records = rows.Select(ToRecord).ToList();
        lock (seen) return known.Merge(records);
    }

    /// <inheritdoc />
    public Task<int> FailStaleTrialsAsync(long studyId, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        if (staleAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "The stale time must be positive.");
        var now = clock.GetUtcNow();
        return studies.FailStaleTrialsAsync(studyId, now - staleAfter, now, heartbeat => StudyCheck.StaleError(heartbeat, staleAfter), cancellationToken);
    }

    /// <summary>Closes the tracking database when this store opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (ownsStore) await store.DisposeAsync().ConfigureAwait(false);
    }

    private static StudyInfo ToStudy(StudyEntry row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Direction = row.Direction == DirectionText(StudyDirection.Maximize) ? StudyDirection.Maximize : StudyDirection.Minimize,
        Space = SearchSpace.FromJson(JsonNode.Parse(row.Space) as JsonArray
            ?? throw new TrackingException(TrackingErrorKind.Corrupt, $"The study '{row.Name}' has a search space that is not a JSON list.")),
        Created = row.Created,
    };

    private static TrialRecord ToRecord(TrialEntry row) => new()
    {
        Id = row.Id,
        Number = row.Number,
        State = ParseState(row.State),
        Value = row.Value,
        Parameters = row.Parameters,
        Intermediate = row.Intermediate,
        Attributes = row.Attributes,
        Started = row.Started,
        Heartbeat = row.Heartbeat,
        Finished = row.Finished,
        Error = row.Error,
    };

    private static string DirectionText(StudyDirection direction) => direction.ToString().ToLowerInvariant();

    private static string StateText(TrialState state) => state.ToString().ToLowerInvariant();

    private static TrialState ParseState(string text) =>
        Enum.TryParse<TrialState>(text, ignoreCase: true, out var state) ? state : throw new TrackingException(TrackingErrorKind.Corrupt, $"A trial has the unknown state '{text}'.");
}

using System.Data.Common;
using Dapper;
using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Studies;

/// <summary>
/// Hyperparameter studies in the tracking database (migration 5): studies, trials, their parameters, intermediate
/// values and attributes. Several processes share one study: a trial's number comes from its study's counter in the
/// transaction that inserts it, every write is one short transaction that holds the write lock from its start
/// (SQLite's IMMEDIATE, PostgreSQL's row lock on the trial), and a finished trial is never written again, so a
/// reader may keep the finished trials it has seen and read only the rest. Lepton.Tracking.Tuning's
/// <c>TrackingStudyStore</c> is the tuner's study store over it; reach it through <see cref="SqlMetadataStore.Studies"/>.
/// </summary>
public sealed class SqlStudyStore
{
    /// <summary>The state of a trial that has not finished.</summary>
    public const string Running = "running";

    private readonly SqlDialect dialect;
    private readonly string description;

    internal SqlStudyStore(SqlDialect dialect, string description)
    {
        this.dialect = dialect;
        this.description = description;
    }

    /// <summary>The study named <paramref name="name"/>, created with these settings when it does not exist.</summary>
    public Task<StudyEntry> OpenStudyAsync(string name, string direction, string space, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(direction);
        ArgumentException.ThrowIfNullOrWhiteSpace(space);
        return WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO studies (name, direction, space, created_at) VALUES (@name, @direction, @space, @now) ON CONFLICT (name) DO NOTHING",
                new { name, direction, space, now = SqlTime.To(now) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var row = await connection.QuerySingleAsync<StudyRow>(new CommandDefinition(
                "SELECT study_id, name, direction, space, created_at FROM studies WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row.ToEntry();
        }, cancellationToken);
    }

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    public async Task<StudyEntry?> FindStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<StudyRow>(new CommandDefinition(
            "SELECT study_id, name, direction, space, created_at FROM studies WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEntry();
    }

    /// <summary>Inserts the study's next trial (running, no parameters); its number is the count of trials before it.</summary>
    public Task<TrialEntry> StartTrialAsync(long studyId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            var at = SqlTime.To(now);
            // The UPDATE takes the study's row lock (PostgreSQL) or runs under the database's write lock (SQLite) until commit.
            var number = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "UPDATE studies SET trial_count = trial_count + 1 WHERE study_id = @studyId RETURNING trial_count - 1",
                new { studyId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
                ?? throw NoStudy(studyId);
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO trials (study_id, number, state, started_at, heartbeat) VALUES (@studyId, @number, @running, @now, @now) RETURNING trial_id",
                new { studyId, number, running = Running, now = at }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new TrialEntry { Id = id, Number = (int)number, State = Running, Started = SqlTime.From(at), Heartbeat = SqlTime.From(at) };
        }, cancellationToken);

    /// <summary>Replaces a running trial's parameters; a finished trial is left as it is.</summary>
    public Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return WriteToRunningAsync(trialId, async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM trial_params WHERE trial_id = @trialId", new { trialId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (parameters.Count == 0) return;
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO trial_params (trial_id, name, value) VALUES (@trialId, @Key, @Value)",
                parameters.Select(p => new { trialId, p.Key, p.Value }).ToList(), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Records a running trial's value at a step, unless that step has one already.</summary>
    public Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        WriteToRunningAsync(trialId, (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO trial_values (trial_id, step, value) VALUES (@trialId, @step, @value) ON CONFLICT (trial_id, step) DO NOTHING",
            new { trialId, step, value = dialect.StoredValue(value) }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Sets (adds or replaces) some of a running trial's attributes.</summary>
    public Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return WriteToRunningAsync(trialId, (connection, transaction) => attributes.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO trial_attributes (trial_id, name, value) VALUES (@trialId, @Key, @Value)
            ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value
            """,
            attributes.Select(a => new { trialId, a.Key, Value = dialect.StoredValue(a.Value) }).ToList(), transaction, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Marks a running trial's worker alive at <paramref name="now"/>.</summary>
    public Task HeartbeatAsync(long trialId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteToRunningAsync(trialId, (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE trials SET heartbeat = @now WHERE trial_id = @trialId", new { trialId, now = SqlTime.To(now) }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Finishes a running trial; false when it was finished already.</summary>
    public Task<bool> FinishTrialAsync(long trialId, string state, double? value, string? error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        if (state == Running) throw new ArgumentException("A trial finishes complete, pruned or failed, not running.", nameof(state));
        return WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE trials SET state = @state, value = @value, error = @error, finished_at = @now WHERE trial_id = @trialId AND state = @running",
                new { trialId, state, value = value is { } v ? dialect.StoredValue(v) : null, error, now = SqlTime.To(now), running = Running }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (changed == 1) return true;
            _ = await StateAsync(connection, transaction, trialId, cancellationToken).ConfigureAwait(false);
            return false;
        }, cancellationToken);
    }

    /// <summary>
    /// Fails every running trial of the study whose heartbeat is before <paramref name="cutoff"/>, with the error
    /// <paramref name="error"/> gives for its last heartbeat; returns how many.
    /// </summary>
    public Task<int> FailStaleTrialsAsync(long studyId, DateTimeOffset cutoff, DateTimeOffset now, Func<DateTimeOffset, string> error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return WriteAsync(async (connection, transaction) =>
        {
            await RequireStudyAsync(connection, transaction, studyId, cancellationToken).ConfigureAwait(false);
            var stale = (await connection.QueryAsync<StaleTrialRow>(new CommandDefinition(
                $"SELECT trial_id, heartbeat FROM trials WHERE study_id = @studyId AND state = @running AND heartbeat < @cutoff{dialect.ForUpdate}",
                new { studyId, running = Running, cutoff = SqlTime.To(cutoff) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            foreach (var trial in stale)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE trials SET state = @failed, finished_at = @now, error = @message WHERE trial_id = @TrialId",
                    new { failed = "failed", now = SqlTime.To(now), message = error(SqlTime.From(trial.Heartbeat)), trial.TrialId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            return stale.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// The study's trials numbered above <paramref name="after"/> or listed in <paramref name="also"/>, with their
    /// parameters, values and attributes, in number order: one round trip. A reader that has seen trials up to
    /// <c>after</c> asks again only for those it saw running.
    /// </summary>
    public async Task<IReadOnlyList<TrialEntry>> ReadTrialsAsync(long studyId, int after = -1, IReadOnlyCollection<int>? also = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Trials are read first: a trial seen finished has all its rows already (none are written after it finishes),
        // so later statements can only add rows of trials that were still running, which are read again next time.
        var which = $"t.study_id = @studyId AND (t.number > @after OR {dialect.InList("t.number", "@also")})";
        var sql = $"""
            SELECT COUNT(*) FROM studies WHERE study_id = @studyId;
            SELECT t.trial_id, t.number, t.state, t.value, t.started_at, t.heartbeat, t.finished_at, t.error FROM trials t WHERE {which} ORDER BY t.number;
            SELECT p.trial_id, p.name, p.value FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE {which};
            SELECT v.trial_id, v.step, v.value FROM trial_values v JOIN trials t ON t.trial_id = v.trial_id WHERE {which};
            SELECT a.trial_id, a.name, a.value FROM trial_attributes a JOIN trials t ON t.trial_id = a.trial_id WHERE {which};
            """;
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            sql, new { studyId, after, also = (also ?? []).ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (await results.ReadSingleAsync<long>().ConfigureAwait(false) == 0) throw NoStudy(studyId);
        var trials = (await results.ReadAsync<TrialRow>().ConfigureAwait(false)).ToList();
        var byId = trials.ToDictionary(t => t.TrialId);
        foreach (var p in await results.ReadAsync<TrialNumberRow>().ConfigureAwait(false))
        {
            if (byId.TryGetValue(p.TrialId, out var trial)) trial.Params[p.Name] = p.Value ?? double.NaN;
        }

        foreach (var v in await results.ReadAsync<TrialStepRow>().ConfigureAwait(false))
        {
            if (byId.TryGetValue(v.TrialId, out var trial)) trial.Values[(int)v.Step] = v.Value ?? double.NaN;
        }

        foreach (var a in await results.ReadAsync<TrialNumberRow>().ConfigureAwait(false))
        {
            if (byId.TryGetValue(a.TrialId, out var trial)) trial.Attributes[a.Name] = a.Value ?? double.NaN;
        }

        return trials.Select(t => t.ToEntry()).ToList();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction if the trial is running; a finished trial is left alone.
    /// These writes (parameters, values, attributes, heartbeats) commit without waiting for PostgreSQL's disk flush: the
    /// trial's finish, a durable commit, flushes them with it, so only a trial running when the server crashes can lose
    /// its last writes; each would otherwise wait 3 to 6 ms for the disk on this machine.
    /// </summary>
    private Task WriteToRunningAsync(long trialId, Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // One round trip: relax the commit, then lock the trial's row and read its state.
            var prefix = dialect.RelaxedCommit is { } relaxed ? relaxed + "; " : "";
            if (await StateAsync(connection, transaction, trialId, cancellationToken, dialect.ForUpdate, prefix).ConfigureAwait(false) != Running) return 0;
            await work(connection, transaction).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    private async Task<string> StateAsync(DbConnection connection, DbTransaction transaction, long trialId, CancellationToken cancellationToken, string lockRow = "", string prefix = "") =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"{prefix}SELECT state FROM trials WHERE trial_id = @trialId{lockRow}", new { trialId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
        ?? throw new KeyNotFoundException($"The store has no trial with id {trialId} ({description}).");

    private async Task RequireStudyAsync(DbConnection connection, DbTransaction transaction, long studyId, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT study_id FROM studies WHERE study_id = @studyId", new { studyId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists is null) throw NoStudy(studyId);
    }

    private KeyNotFoundException NoStudy(long studyId) => new($"The store has no study with id {studyId} ({description}).");

    /// <summary>Runs <paramref name="work"/> in one write transaction, committed when it returns.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}

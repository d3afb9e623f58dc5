using System.Data.Common;
using Dapper;
using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Studies;

/// <summary>
/// Hyperparameter studies in the tracking database (migration 5): studies, trials, their parameters, intermediate
/// values and attributes. Several processes share one study: a trial's number comes from its study's counter in the
/// transaction that inserts it (which also refuses a trial past the study's limit), every write is one short
/// transaction that holds the write lock from its start (SQLite's IMMEDIATE, PostgreSQL's row lock on the trial) and
/// reaches a server in one round trip, and a finished trial is never written again, so a reader may keep the finished
/// trials it has seen and read only the rest. Lepton.Tracking.Tuning's
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

    /// <summary>
    /// Inserts the study's next trial (running, no parameters) unless the study has <paramref name="limit"/> trials already
    /// (running or finished, counted in the database under the study's lock), and returns it, or null at the limit. Its
    /// number is the count of trials before it, so numbers are 0, 1, 2, … across processes, and the study never has
    /// more than <paramref name="limit"/> trials however many workers start them.
    /// </summary>
    public async Task<TrialEntry?> StartTrialAsync(long studyId, int limit, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await StartTrialAsync(studyId, limit, now, new DynamicParameters(), then: null, _ => Task.FromResult(0), cancellationToken).ConfigureAwait(false)).Trial;

    /// <summary>
    /// <see cref="StartTrialAsync(long, int, DateTimeOffset, CancellationToken)"/>, then
    /// <see cref="ReadTrialsAsync(long, int, IReadOnlyCollection{int}?, CancellationToken)"/> after it (what a sampler
    /// draws the new trial's parameters from): one round trip to a server. The trial is null at the limit.
    /// </summary>
    public async Task<(TrialEntry? Trial, IReadOnlyList<TrialEntry> Trials)> StartTrialAndReadAsync(long studyId, int limit, DateTimeOffset now, int after = -1, IReadOnlyCollection<int>? also = null,
        CancellationToken cancellationToken = default) =>
        await StartTrialAsync(studyId, limit, now, ReadParameters(new DynamicParameters(), after, also), ReadSql, results => ReadTrialsAsync(results, studyId), cancellationToken).ConfigureAwait(false);

    private Task<(TrialEntry? Trial, T Read)> StartTrialAsync<T>(long studyId, int limit, DateTimeOffset now, DynamicParameters parameters, string? then, Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var at = SqlTime.To(now);
        // The first statement locks the study's row (PostgreSQL; SQLite's write lock covers it) until the commit.
        var sql = $"""
            SELECT trial_count FROM studies WHERE study_id = @studyId{dialect.ForUpdate};
            INSERT INTO trials (study_id, number, state, started_at, heartbeat)
                SELECT study_id, trial_count, @running, @now, @now FROM studies WHERE study_id = @studyId AND trial_count < @limit
                RETURNING trial_id, number;
            UPDATE studies SET trial_count = trial_count + 1 WHERE study_id = @studyId AND trial_count < @limit
            """;
        parameters.AddDynamicParams(new { studyId, limit, running = Running, now = at });
        return dialect.WriteBatchAsync(sql, parameters, durable: false, async results =>
        {
            _ = await results.ReadSingleOrDefaultAsync<long?>().ConfigureAwait(false) ?? throw NoStudy(studyId);
            var started = await results.ReadSingleOrDefaultAsync<StartedTrialRow>().ConfigureAwait(false);
            var trial = started is null ? null
                : new TrialEntry { Id = started.TrialId, Number = (int)started.Number, State = Running, Started = SqlTime.From(at), Heartbeat = SqlTime.From(at) };
            return (trial, await read(results).ConfigureAwait(false));
        }, then, cancellationToken);
    }

    /// <summary>Replaces a running trial's parameters; a finished trial is left as it is.</summary>
    public Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = new DynamicParameters(new { trialId, running = Running });
        var sql = $"""
            DELETE FROM trial_params WHERE trial_id IN (SELECT trial_id FROM trials WHERE {IsRunning});
            {InsertRows("trial_params", parameters, values, "")}
            """;
        return WriteToRunningAsync(trialId, sql, values, durable: false, cancellationToken);
    }

    /// <summary>Records a running trial's value at a step, unless that step has one already.</summary>
    public Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default) =>
        WriteToRunningAsync(trialId, ReportSql, new { trialId, running = Running, step, value = dialect.StoredValue(value) }, durable: false, cancellationToken);

    /// <summary>Sets (adds or replaces) some of a running trial's attributes.</summary>
    public Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var values = new DynamicParameters(new { trialId, running = Running });
        var sql = InsertRows("trial_attributes", attributes, values, " ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value");
        return WriteToRunningAsync(trialId, sql, values, durable: false, cancellationToken);
    }

    /// <summary>Marks a running trial's worker alive at <paramref name="now"/>.</summary>
    public Task HeartbeatAsync(long trialId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteToRunningAsync(trialId, $"UPDATE trials SET heartbeat = @now WHERE {IsRunning}", new { trialId, running = Running, now = SqlTime.To(now) }, durable: false, cancellationToken);

    /// <summary>Finishes a running trial (a durable commit, which makes the trial's earlier writes durable too); false when it was finished already.</summary>
    public async Task<bool> FinishTrialAsync(long trialId, string state, double? value, string? error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        if (state == Running) throw new ArgumentException("A trial finishes complete, pruned or failed, not running.", nameof(state));
        var sql = $"UPDATE trials SET state = @state, value = @value, error = @error, finished_at = @now WHERE {IsRunning}";
        var parameters = new { trialId, running = Running, state, value = value is { } v ? dialect.StoredValue(v) : null, error, now = SqlTime.To(now) };
        return await WriteToRunningAsync(trialId, sql, parameters, durable: true, cancellationToken).ConfigureAwait(false) == Running;
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
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            ReadSql, ReadParameters(new DynamicParameters(new { studyId }), after, also), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return await ReadTrialsAsync(results, studyId).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ReportAsync"/>, then <see cref="ReadTrialsAsync(long, int, IReadOnlyCollection{int}?, CancellationToken)"/>
    /// of the trial's study after it (what a pruner judges the report by): one round trip to a server.
    /// </summary>
    public async Task<IReadOnlyList<TrialEntry>> ReportAndReadAsync(long studyId, long trialId, int step, double value, int after = -1, IReadOnlyCollection<int>? also = null, CancellationToken cancellationToken = default)
    {
        var parameters = ReadParameters(new DynamicParameters(new { studyId, trialId, running = Running, step, value = dialect.StoredValue(value) }), after, also);
        var (_, trials) = await WriteToRunningAsync(trialId, ReportSql, parameters, durable: false, ReadSql, results => ReadTrialsAsync(results, studyId), cancellationToken).ConfigureAwait(false);
        return trials;
    }

    // Trials are read first: a trial seen finished has all its rows already (none are written after it finishes), so
    // later statements can only add rows of trials that were still running, which are read again next time. The lower
    // bound lets both databases range-scan the (study_id, number) key from the oldest trial asked for, rather than
    // filter every trial of the study (which made each read grow with the study).
    private string ReadSql
    {
        get
        {
            var which = $"t.study_id = @studyId AND t.number >= @lowest AND (t.number > @after OR {dialect.InList("t.number", "@also")})";
            return $"""
                SELECT COUNT(*) FROM studies WHERE study_id = @studyId;
                SELECT t.trial_id, t.number, t.state, t.value, t.started_at, t.heartbeat, t.finished_at, t.error FROM trials t WHERE {which} ORDER BY t.number;
                SELECT p.trial_id, p.name, p.value FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE {which};
                SELECT v.trial_id, v.step, v.value FROM trial_values v JOIN trials t ON t.trial_id = v.trial_id WHERE {which};
                SELECT a.trial_id, a.name, a.value FROM trial_attributes a JOIN trials t ON t.trial_id = a.trial_id WHERE {which}
                """;
        }
    }

    private const string ReportSql = $"""
        INSERT INTO trial_values (trial_id, step, value) SELECT trial_id, @step, @value FROM trials WHERE {IsRunning}
            ON CONFLICT (trial_id, step) DO NOTHING
        """;

    private static DynamicParameters ReadParameters(DynamicParameters parameters, int after, IReadOnlyCollection<int>? also)
    {
        var numbers = (also ?? []).ToArray();
        parameters.AddDynamicParams(new { after, also = numbers, lowest = numbers.Length == 0 ? after + 1 : Math.Min(numbers.Min(), after + 1) });
        return parameters;
    }

    private async Task<IReadOnlyList<TrialEntry>> ReadTrialsAsync(SqlMapper.GridReader results, long studyId)
    {
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

    /// <summary>The condition that picks trial <c>@trialId</c> if it is running.</summary>
    private const string IsRunning = "trial_id = @trialId AND state = @running";

    /// <summary>
    /// An INSERT of <paramref name="rows"/> (name, value) for trial <c>@trialId</c> if it is running, their values added to
    /// <paramref name="parameters"/>; empty for no rows. The rows are a VALUES list, whose columns both databases name
    /// column1 and column2.
    /// </summary>
    private string InsertRows(string table, IReadOnlyDictionary<string, double> rows, DynamicParameters parameters, string onConflict)
    {
        if (rows.Count == 0) return "";
        var list = new List<string>(rows.Count);
        foreach (var (name, value) in rows)
        {
            var i = list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add("n" + i, name);
            parameters.Add("v" + i, dialect.StoredValue(value));
            list.Add($"(@n{i}, @v{i})");
        }

        // SQLite needs the WHERE before an ON CONFLICT after a SELECT (else it reads ON as a join's).
        return $"INSERT INTO {table} (trial_id, name, value) SELECT t.trial_id, v.column1, v.column2 FROM trials t, (VALUES {string.Join(", ", list)}) v WHERE t.trial_id = @trialId AND t.state = @running{onConflict}";
    }

    /// <summary>
    /// Runs <paramref name="sql"/>, statements that write only while trial <c>@trialId</c> is running, in one write
    /// transaction after locking the trial's row; returns the state the trial had. One round trip to a server. Writes
    /// inside a trial (parameters, values, attributes, heartbeats) commit without waiting for PostgreSQL's disk flush:
    /// the trial's finish, a durable commit, flushes them with it, so only a trial running when the server crashes can
    /// lose its last writes; each would otherwise wait for the disk (2 to 6 ms on this machine).
    /// </summary>
    private async Task<string> WriteToRunningAsync(long trialId, string sql, object parameters, bool durable, CancellationToken cancellationToken) =>
        (await WriteToRunningAsync(trialId, sql, parameters, durable, then: null, _ => Task.FromResult(0), cancellationToken).ConfigureAwait(false)).State;

    /// <summary>The same, then the statements <paramref name="then"/> (reads, after the commit), whose results <paramref name="read"/> reads.</summary>
    private Task<(string State, T Read)> WriteToRunningAsync<T>(long trialId, string sql, object parameters, bool durable, string? then, Func<SqlMapper.GridReader, Task<T>> read, CancellationToken cancellationToken) =>
        dialect.WriteBatchAsync($"SELECT state FROM trials WHERE trial_id = @trialId{dialect.ForUpdate};\n{sql}", parameters, durable, async results =>
        {
            var state = await results.ReadSingleOrDefaultAsync<string?>().ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"The store has no trial with id {trialId} ({description}).");
            return (state, await read(results).ConfigureAwait(false));
        }, then, cancellationToken);

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

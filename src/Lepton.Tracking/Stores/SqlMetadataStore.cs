using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Lepton.Tracking.Studies;

namespace Lepton.Tracking.Stores;

/// <summary>
/// The metadata store on a SQL database; <see cref="SqliteMetadataStore"/> and <see cref="PostgresMetadataStore"/>
/// differ only in their <see cref="SqlDialect"/> and migrations. Every write is one transaction.
/// </summary>
public abstract partial class SqlMetadataStore : IMetadataStore
{
    /// <summary>The schema version that brings <c>experiment_keys</c>, the runs table's column names.</summary>
    private const int ExperimentKeysSchema = 6;

    private readonly SqlDialect _dialect;
    private readonly ConcurrentDictionary<(long Experiment, string Kind, string Key), byte> _recordedKeys = new();

    static SqlMetadataStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private protected SqlMetadataStore(SqlDialect dialect, string description)
    {
        _dialect = dialect;
        Description = description;
        Studies = new SqlStudyStore(dialect, description);
    }

    /// <summary>Hyperparameter studies and their trials, kept in the same database as the runs.</summary>
    public SqlStudyStore Studies { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The schema version the database is at after opening.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>The newest schema version this Lepton knows.</summary>
    public int LatestSchemaVersion => Migration.Load(_dialect.MigrationFolder).Count;

    /// <summary>
    /// Brings the schema up to <paramref name="targetVersion"/> (the latest when null), applying each missing
    /// migration in its own transaction; refuses a database written by a newer Lepton.
    /// </summary>
    public async Task MigrateAsync(int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        var migrations = Migration.Load(_dialect.MigrationFolder);
        var target = targetVersion ?? migrations.Count;
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            // Lock first: two processes creating the bookkeeping table at once collide even with IF NOT EXISTS.
            await _dialect.LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS lepton_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(version) FROM lepton_schema", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
            SchemaVersion = (int)current;
            if (current > migrations.Count)
            {
                throw new TrackingException(TrackingErrorKind.Unavailable,
                    $"The tracking database {Description} is at schema version {current}, newer than this Lepton knows ({migrations.Count}). Upgrade Lepton to use it.");
            }

            if (current >= target)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var next = migrations[(int)current];
            await connection.ExecuteAsync(new CommandDefinition(next.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO lepton_schema (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { next.Version, next.Name, At = SqlTime.Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            SchemaVersion = next.Version;
        }
    }

    /// <inheritdoc />
    public async Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "experiment");
        return await WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO experiments (name, created_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING",
                new { name, now = SqlTime.Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var row = await connection.QuerySingleAsync<ExperimentRow>(new CommandDefinition(
                "SELECT * FROM experiments WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row.ToExperiment();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Experiment> GetExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "experiment");
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ExperimentRow>(new CommandDefinition(
            "SELECT * FROM experiments WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToExperiment() ?? throw TrackingException.NotFound($"There is no experiment named '{name}' in {Description}.");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ExperimentRow>(new CommandDefinition(
            "SELECT * FROM experiments ORDER BY experiment_id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToExperiment()).ToList();
    }

    /// <inheritdoc />
    public async Task<RunInfo> CreateRunAsync(RunStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        Names.CheckName(start.Experiment, "experiment");
        if (start.Name is not null) Names.CheckName(start.Name, "run");
        CheckPairs(start.Tags, "tag", Names.MaxTagValueLength);
        var experiment = await GetOrCreateExperimentAsync(start.Experiment, cancellationToken).ConfigureAwait(false);
        var runId = Guid.CreateVersion7().ToString("N");
        var startTime = start.StartTime ?? DateTimeOffset.UtcNow;
        var (host, processId) = start.Process ?? (System.Environment.MachineName, System.Environment.ProcessId);
        var environment = start.Environment ?? RunEnvironment.Current();
        var row = new RunRow
        {
            RunId = runId,
            ExperimentId = experiment.Id,
            Name = start.Name ?? RunNames.Generate(),
            Status = StatusText(RunStatus.Running),
            StartTime = SqlTime.To(startTime),
            Heartbeat = SqlTime.To(startTime),
            Source = start.Source,
            GitCommit = start.GitCommit,
            Host = host,
            ProcessId = processId,
            Environment = JsonSerializer.Serialize(environment, TrackingJson.Default.RunEnvironment),
        };
        var recorded = await WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, heartbeat, source, git_commit, host, process_id, environment)
                VALUES (@RunId, @ExperimentId, @Name, @Status, @StartTime, NULL, @Heartbeat, @Source, @GitCommit, @Host, @ProcessId, @Environment)
                """, row, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await UpsertPairsAsync(connection, transaction, "tags", runId, start.Tags, cancellationToken).ConfigureAwait(false);
            return await RecordKeysAsync(connection, transaction, experiment.Id, runId, null, start.Tags?.Keys, null, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        RememberKeys(recorded);
        return row.ToInfo();
    }

    /// <inheritdoc />
    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            "SELECT * FROM runs WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false)
            ?? throw RunNotFound(runId);
        var runs = await LoadRunsAsync(connection, [row], cancellationToken).ConfigureAwait(false);
        var artifacts = await connection.QueryAsync<ArtifactRow>(new CommandDefinition(
            "SELECT path, hash, size, created_at FROM artifacts WHERE run_id = @runId ORDER BY path", new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var datasets = await connection.QueryAsync<DatasetRow>(new CommandDefinition(
            """
            SELECT rd.run_id, d.name, d.hash, COALESCE(rd.row_count, d.row_count) AS row_count,
                   COALESCE(rd.schema_text, d.schema_text) AS schema_text, rd.context
            FROM run_datasets rd JOIN datasets d ON d.dataset_id = rd.dataset_id
            WHERE rd.run_id = @runId ORDER BY rd.context, d.name
            """, new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return runs[0] with
        {
            Artifacts = artifacts.Select(a => a.ToEntry()).ToList(),
            Datasets = datasets.Select(d => d.ToDataset()).ToList(),
        };
    }

    /// <inheritdoc />
    public async Task LogBatchAsync(string runId, RunBatch batch, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(batch);
        CheckPairs(batch.Params, "parameter", Names.MaxParamValueLength);
        CheckPairs(batch.Tags, "tag", Names.MaxTagValueLength);
        var metrics = batch.Metrics ?? [];
        foreach (var point in metrics)
        {
            ArgumentNullException.ThrowIfNull(point);
            Names.CheckKey(point.Key, "metric");
        }

        var recorded = await WriteAsync(async (connection, transaction) =>
        {
            var experimentId = await TouchRunAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
            if (batch.Params is { Count: > 0 }) await InsertParamsAsync(connection, transaction, runId, batch.Params, cancellationToken).ConfigureAwait(false);
            await UpsertPairsAsync(connection, transaction, "tags", runId, batch.Tags, cancellationToken).ConfigureAwait(false);
            if (metrics.Count > 0)
            {
                await _dialect.InsertMetricsAsync(connection, transaction, runId, metrics, cancellationToken).ConfigureAwait(false);
                await UpdateLatestAsync(connection, transaction, runId, metrics, cancellationToken).ConfigureAwait(false);
            }

            return await RecordKeysAsync(connection, transaction, experimentId, runId, batch.Params?.Keys, batch.Tags?.Keys, metrics.Select(m => m.Key), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        RememberKeys(recorded);
    }

    /// <inheritdoc />
    public async Task HeartbeatAsync(string runId, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        await WriteAsync(async (connection, transaction) =>
        {
            await TouchRunAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task EndRunAsync(string runId, RunStatus status, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        if (status == RunStatus.Running || !Enum.IsDefined(status)) throw TrackingException.Invalid($"A run ends as finished, failed or killed, not {status}.");
        await WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE runs SET status = @status, end_time = @end WHERE run_id = @runId AND status = @running",
                new { runId, status = StatusText(status), end = SqlTime.To(endTime ?? DateTimeOffset.UtcNow), running = StatusText(RunStatus.Running) },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (changed == 1) return 0;
            var current = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM runs WHERE run_id = @runId", new { runId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            throw current is null
                ? RunNotFound(runId)
                : TrackingException.Conflict($"Run {runId} has already ended as {current}; a run ends once.");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MetricPoint>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        Names.CheckKey(key, "metric");
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await RequireRunAsync(connection, null, runId, cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<MetricRow>(new CommandDefinition(
            "SELECT key, step, epoch, measured_at, value FROM metrics WHERE run_id = @runId AND key = @key ORDER BY step, measured_at",
            new { runId, key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToPoint()).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Run>> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxResults is < 1 or > 50_000) throw TrackingException.Invalid($"MaxResults is {query.MaxResults}; ask for 1 to 50,000 runs.");
        if (query.Offset < 0) throw TrackingException.Invalid($"Offset is {query.Offset}; it counts the matching runs to skip, from 0.");
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var experimentIds = await ExperimentIdsAsync(connection, query.Experiments, cancellationToken).ConfigureAwait(false);
        var filter = RunFilter.Compile(query, experimentIds, _dialect);
        filter.Parameters.Add("limit", query.MaxResults);
        filter.Parameters.Add("offset", query.Offset);
        // Ordered and paged by id alone (narrow rows to sort and skip), then only the page's runs are read.
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT r.run_id FROM runs r {filter.Join} {filter.Where} ORDER BY {filter.OrderBy} LIMIT @limit OFFSET @offset",
            filter.Parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (ids.Count == 0) return [];
        var byId = (await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"SELECT * FROM runs WHERE {_dialect.InList("run_id", "@ids")}", new { ids = ids.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToDictionary(r => r.RunId, StringComparer.Ordinal);
        return await LoadRunsAsync(connection, ids.Select(id => byId[id]).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CountRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var experimentIds = await ExperimentIdsAsync(connection, query.Experiments, cancellationToken).ConfigureAwait(false);
        var filter = RunFilter.Compile(query with { OrderBy = null }, experimentIds, _dialect);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM runs r {filter.Where}", filter.Parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (int)count;
    }

    /// <inheritdoc />
    public async Task<RunColumns> GetRunColumnsAsync(IReadOnlyList<string>? experiments, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (SchemaVersion < ExperimentKeysSchema)
            throw new TrackingException(TrackingErrorKind.Unavailable, $"The tracking database {Description} is kept at schema version {SchemaVersion}; run columns need version {ExperimentKeysSchema}. Open it without a schema version to upgrade it.");
        var experimentIds = await ExperimentIdsAsync(connection, experiments, cancellationToken).ConfigureAwait(false);
        // The names each experiment's writes recorded (migration 006), not a scan of every run's rows.
        var sql = experimentIds is null
            ? "SELECT DISTINCT kind, key FROM experiment_keys"
            : $"SELECT DISTINCT kind, key FROM experiment_keys WHERE {_dialect.InList("experiment_id", "@ids")}";
        var rows = await connection.QueryAsync<(string Kind, string Key)>(new CommandDefinition(sql, new { ids = experimentIds?.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        List<string> parameters = [], metrics = [], tags = [];
        foreach (var (kind, key) in rows)
        {
            var list = kind switch
            {
                "param" => parameters,
                "metric" => metrics,
                "tag" => tags,
                _ => throw new TrackingException(TrackingErrorKind.Corrupt, $"The tracking database {Description} lists a column of unknown kind '{kind}'."),
            };
            list.Add(key);
        }

        // The databases' collations differ; ordinal is the same everywhere.
        parameters.Sort(StringComparer.Ordinal);
        metrics.Sort(StringComparer.Ordinal);
        tags.Sort(StringComparer.Ordinal);
        return new RunColumns(parameters, metrics, tags);
    }

    /// <summary>The ids of the named experiments (null for all); NotFound naming the first that does not exist.</summary>
    private async Task<List<long>?> ExperimentIdsAsync(DbConnection connection, IReadOnlyList<string>? names, CancellationToken cancellationToken)
    {
        if (names is not { Count: > 0 }) return null;
        var ids = new List<long>(names.Count);
        foreach (var name in names)
        {
            var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT experiment_id FROM experiments WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            ids.Add(id ?? throw TrackingException.NotFound($"There is no experiment named '{name}' in {Description}."));
        }

        return ids;
    }

    /// <inheritdoc />
    public async Task RecordArtifactAsync(string runId, ArtifactEntry artifact, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(artifact);
        artifact.Check();
        await WriteAsync(async (connection, transaction) =>
        {
            await TouchRunAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO artifacts (run_id, path, hash, size, created_at) VALUES (@runId, @Path, @Hash, @Size, @at)
                ON CONFLICT (run_id, path) DO UPDATE SET hash = excluded.hash, size = excluded.size, created_at = excluded.created_at
                """,
                new { runId, artifact.Path, artifact.Hash, artifact.Size, at = SqlTime.To(artifact.CreatedAt) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RecordDatasetAsync(string runId, RunDataset dataset, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(dataset);
        var fingerprint = dataset.Dataset;
        Names.CheckName(fingerprint.Name, "dataset");
        Names.CheckKey(dataset.Context, "dataset context");
        if (string.IsNullOrEmpty(fingerprint.Hash) || fingerprint.Hash.Length > 128) throw TrackingException.Invalid($"The dataset '{fingerprint.Name}' has no usable hash.");
        if (fingerprint.Rows < 0) throw TrackingException.Invalid($"The dataset '{fingerprint.Name}' has a negative row count.");
        await WriteAsync(async (connection, transaction) =>
        {
            await TouchRunAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO datasets (name, hash, row_count, schema_text) VALUES (@Name, @Hash, @Rows, @Schema) ON CONFLICT (name, hash) DO NOTHING",
                fingerprint, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO run_datasets (run_id, dataset_id, context, row_count, schema_text)
                SELECT @runId, dataset_id, @context, @Rows, @Schema FROM datasets WHERE name = @Name AND hash = @Hash
                ON CONFLICT (run_id, dataset_id, context) DO UPDATE SET row_count = excluded.row_count, schema_text = excluded.schema_text
                """,
                new { runId, context = dataset.Context, fingerprint.Name, fingerprint.Hash, fingerprint.Rows, fingerprint.Schema }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FailAbandonedRunsAsync(TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        if (staleAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "The stale time must be positive.");
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var live = await connection.QueryAsync<LiveRunRow>(new CommandDefinition(
            "SELECT run_id, host, process_id, start_time, heartbeat FROM runs WHERE status = @running",
            new { running = StatusText(RunStatus.Running) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var now = SqlTime.Now();
        var failed = new List<string>();
        foreach (var run in live)
        {
            var reason = AbandonReason(run, now, staleAfter);
            if (reason is null) continue;
            var marked = await WriteAsync(async (c, t) =>
            {
                var changed = await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE runs SET status = @failed, end_time = heartbeat WHERE run_id = @RunId AND status = @running",
                    new { run.RunId, failed = StatusText(RunStatus.Failed), running = StatusText(RunStatus.Running) }, t, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (changed == 1)
                {
                    await UpsertPairsAsync(c, t, "tags", run.RunId, new Dictionary<string, string> { ["lepton.failure"] = reason }, cancellationToken).ConfigureAwait(false);
                    await RecordKeysAsync(c, t, null, run.RunId, null, ["lepton.failure"], null, cancellationToken).ConfigureAwait(false);
                }

                return changed == 1;
            }, cancellationToken).ConfigureAwait(false);
            if (marked) failed.Add(run.RunId);
        }

        return failed;
    }

    private static string? AbandonReason(LiveRunRow run, long now, TimeSpan staleAfter)
    {
        if (string.Equals(run.Host, System.Environment.MachineName, StringComparison.Ordinal))
        {
            if (run.ProcessId == System.Environment.ProcessId) return null;
            try
            {
                using var process = Process.GetProcessById((int)run.ProcessId);
                // A process id can be reused: one that started after the run is not the run's process.
                if (new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() <= run.StartTime + 1000) return null;
                return $"process {run.ProcessId} on {run.Host} ended without ending the run (its id now belongs to another process)";
            }
            catch (ArgumentException)
            {
                return $"process {run.ProcessId} on {run.Host} ended without ending the run";
            }
        }

        var silent = TimeSpan.FromMilliseconds(now - run.Heartbeat);
        return silent > staleAfter ? $"no heartbeat from {run.Host} for {silent.TotalMinutes:0} minutes" : null;
    }

    private async Task<List<Run>> LoadRunsAsync(DbConnection connection, IReadOnlyList<RunRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.RunId).ToArray();
        var args = new { ids };
        var parameters = (await connection.QueryAsync<KeyValueRow>(new CommandDefinition(
            $"SELECT run_id, key, value FROM params WHERE {_dialect.InList("run_id", "@ids")}", args, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(p => p.RunId);
        var tags = (await connection.QueryAsync<KeyValueRow>(new CommandDefinition(
            $"SELECT run_id, key, value FROM tags WHERE {_dialect.InList("run_id", "@ids")}", args, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(p => p.RunId);
        var latest = (await connection.QueryAsync<MetricRow>(new CommandDefinition(
            $"SELECT run_id, key, step, epoch, measured_at, value FROM latest_metrics WHERE {_dialect.InList("run_id", "@ids")}", args, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(p => p.RunId);
        return rows.Select(r => new Run(
            r.ToInfo(),
            parameters[r.RunId].ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            tags[r.RunId].ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            latest[r.RunId].ToDictionary(p => p.Key, p => p.ToPoint(), StringComparer.Ordinal),
            [],
            [])).ToList();
    }

    private async Task InsertParamsAsync(DbConnection connection, DbTransaction transaction, string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in parameters)
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO params (run_id, key, value) VALUES (@runId, @key, @value) ON CONFLICT (run_id, key) DO NOTHING",
                new { runId, key, value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (inserted == 1) continue;
            var existing = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT value FROM params WHERE run_id = @runId AND key = @key", new { runId, key }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (!string.Equals(existing, value, StringComparison.Ordinal))
                throw TrackingException.Conflict($"Run {runId} already has parameter '{key}' = '{existing}'; parameters are written once (log '{value}' under another name, or start a new run).");
        }
    }

    private static async Task UpsertPairsAsync(DbConnection connection, DbTransaction transaction, string table, string runId, IReadOnlyDictionary<string, string>? pairs, CancellationToken cancellationToken)
    {
        if (pairs is null) return;
        foreach (var (key, value) in pairs)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {table} (run_id, key, value) VALUES (@runId, @key, @value) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
                new { runId, key, value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adds the names a write gives the run's experiment to <c>experiment_keys</c> (the runs table's columns), in one
    /// statement, and returns them for <see cref="RememberKeys"/> once the write commits. Names this store has already
    /// recorded for the experiment are not sent again (a run logging the same metrics every epoch adds no statement);
    /// names already in the table are skipped by a read, so writers of one experiment do not queue on them; new ones
    /// are inserted in one order everywhere, so two writers adding the same names cannot deadlock.
    /// </summary>
    private async Task<List<(long Experiment, string Kind, string Key)>> RecordKeysAsync(DbConnection connection, DbTransaction transaction, long? experimentId, string runId,
        IEnumerable<string>? parameters, IEnumerable<string>? tags, IEnumerable<string>? metrics, CancellationToken cancellationToken)
    {
        if (SchemaVersion < ExperimentKeysSchema) return []; // a database kept at an older schema: migration 006 reads the rows when it comes
        var keys = new SortedSet<(string Kind, string Key)>(Comparer<(string Kind, string Key)>.Create((a, b) =>
            string.CompareOrdinal(a.Kind, b.Kind) is var kind and not 0 ? kind : string.CompareOrdinal(a.Key, b.Key)));
        foreach (var key in parameters ?? []) keys.Add(("param", key));
        foreach (var key in metrics ?? []) keys.Add(("metric", key));
        foreach (var key in tags ?? []) keys.Add(("tag", key));
        if (experimentId is { } known) keys.RemoveWhere(k => _recordedKeys.ContainsKey((known, k.Kind, k.Key)));
        const int chunk = 500; // two bound values a name: well under both databases' parameter limits
        foreach (var part in keys.Chunk(chunk))
        {
            var values = new DynamicParameters();
            values.Add("runId", runId);
            var rows = new List<string>(part.Length);
            for (var i = 0; i < part.Length; i++)
            {
                values.Add($"k{i}", part[i].Kind);
                values.Add($"n{i}", part[i].Key);
                rows.Add($"SELECT @k{i} AS kind, @n{i} AS key");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO experiment_keys (experiment_id, kind, key)
                SELECT r.experiment_id, k.kind, k.key FROM runs r CROSS JOIN ({string.Join(" UNION ALL ", rows)}) k
                WHERE r.run_id = @runId
                  AND NOT EXISTS (SELECT 1 FROM experiment_keys e WHERE e.experiment_id = r.experiment_id AND e.kind = k.kind AND e.key = k.key)
                ORDER BY k.kind, k.key
                ON CONFLICT (experiment_id, kind, key) DO NOTHING
                """, values, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return experimentId is { } id ? keys.Select(k => (id, k.Kind, k.Key)).ToList() : [];
    }

    /// <summary>Remembers names a committed write recorded (nothing deletes them), bounded so a store of many experiments cannot grow without end.</summary>
    private void RememberKeys(List<(long Experiment, string Kind, string Key)> recorded)
    {
        if (recorded.Count == 0) return;
        if (_recordedKeys.Count > 100_000) _recordedKeys.Clear();
        foreach (var key in recorded) _recordedKeys.TryAdd(key, 0);
    }

    private async Task UpdateLatestAsync(DbConnection connection, DbTransaction transaction, string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, MetricPoint>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            if (!latest.TryGetValue(point.Key, out var best) || point.Step > best.Step || (point.Step == best.Step && point.Timestamp >= best.Timestamp))
                latest[point.Key] = point;
        }

        foreach (var point in latest.Values)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO latest_metrics (run_id, key, step, epoch, measured_at, value) VALUES (@runId, @Key, @Step, @Epoch, @at, @value)
                ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, epoch = excluded.epoch, measured_at = excluded.measured_at, value = excluded.value
                WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.measured_at >= latest_metrics.measured_at)
                """,
                new { runId, point.Key, point.Step, point.Epoch, at = SqlTime.To(point.Timestamp), value = _dialect.StoredValue(point.Value) },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Records the run's heartbeat and returns its experiment; NotFound when there is no such run.</summary>
    private async Task<long> TouchRunAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "UPDATE runs SET heartbeat = @now WHERE run_id = @runId RETURNING experiment_id", new { runId, now = SqlTime.Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
        ?? throw RunNotFound(runId);

    private async Task RequireRunAsync(DbConnection connection, DbTransaction? transaction, string runId, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM runs WHERE run_id = @runId", new { runId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists is null) throw RunNotFound(runId);
    }

    private TrackingException RunNotFound(string runId) => TrackingException.NotFound($"There is no run {runId} in {Description}.");

    private static void CheckPairs(IReadOnlyDictionary<string, string>? pairs, string what, int limit)
    {
        if (pairs is null) return;
        foreach (var (key, value) in pairs)
        {
            Names.CheckKey(key, what);
            Names.CheckValue(value, key, limit, what);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, committed when it returns.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    internal static string StatusText(RunStatus status) => status.ToString().ToLowerInvariant();

    internal static RunStatus ParseStatus(string text) =>
        Enum.TryParse<RunStatus>(text, ignoreCase: true, out var status) ? status : throw new TrackingException(TrackingErrorKind.Corrupt, $"A run has the unknown status '{text}'.");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dialect.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}

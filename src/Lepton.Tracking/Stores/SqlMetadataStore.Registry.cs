using System.Data.Common;
using Dapper;

namespace Lepton.Tracking.Stores;

// The model registry half of the SQL store: registered models, versions, aliases and lineage.
public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        Names.CheckDescription(description);
        await WriteAsync(async (connection, transaction) =>
        {
            var now = SqlTime.Now();
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO registered_models (name, description, created_at, updated_at, last_version) VALUES (@name, @description, @now, @now, 0) ON CONFLICT (name) DO NOTHING",
                new { name, description, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return inserted == 1 ? 0 : throw TrackingException.Conflict($"A model named '{name}' is already registered; add a version to it instead.");
        }, cancellationToken).ConfigureAwait(false);
        return await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var models = await LoadModelsAsync(connection, name, cancellationToken).ConfigureAwait(false);
        return models.Count == 1 ? models[0] : throw ModelNotFound(name);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegisteredModel>> ListRegisteredModelsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadModelsAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        version.Check();
        var number = await WriteAsync(async (connection, transaction) =>
        {
            var now = SqlTime.Now();
            if (version.RunId is not null) await RequireRunAsync(connection, transaction, version.RunId, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO registered_models (name, created_at, updated_at, last_version) VALUES (@Name, @now, @now, 0) ON CONFLICT (name) DO NOTHING",
                new { version.Name, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            // The row update takes the model's lock, so parallel registrations get consecutive numbers.
            var next = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "UPDATE registered_models SET last_version = last_version + 1, updated_at = @now WHERE name = @Name RETURNING last_version",
                new { version.Name, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_versions (name, version, run_id, artifact_hash, source, description, created_at)
                VALUES (@Name, @next, @RunId, @ArtifactHash, @Source, @Description, @now)
                """,
                new { version.Name, next, version.RunId, version.ArtifactHash, version.Source, version.Description, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (int)next;
        }, cancellationToken).ConfigureAwait(false);
        return await GetModelVersionAsync(version.Name, number, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var versions = await LoadVersionsAsync(connection, name, version, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 1) return versions[0];
        await RequireModelAsync(connection, name, cancellationToken).ConfigureAwait(false);
        throw TrackingException.NotFound($"Model '{name}' has no version {version}.");
    }

    /// <inheritdoc />
    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        Names.CheckAlias(alias);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT version FROM model_aliases WHERE name = @name AND alias = @alias", new { name, alias }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (version is null)
        {
            await RequireModelAsync(connection, name, cancellationToken).ConfigureAwait(false);
            throw TrackingException.NotFound($"Model '{name}' has no alias '{alias}'; set one with `lepton models alias {name} {alias} VERSION`.");
        }

        return (await LoadVersionsAsync(connection, name, (int)version, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await RequireModelAsync(connection, name, cancellationToken).ConfigureAwait(false);
        return await LoadVersionsAsync(connection, name, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        Names.CheckAlias(alias);
        await WriteAsync(async (connection, transaction) =>
        {
            var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT 1 FROM model_versions WHERE name = @name AND version = @version", new { name, version }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (exists is null)
            {
                await RequireModelAsync(connection, name, cancellationToken, transaction).ConfigureAwait(false);
                throw TrackingException.NotFound($"Model '{name}' has no version {version} to point '{alias}' at.");
            }

            var now = SqlTime.Now();
            var previous = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT version FROM model_aliases WHERE name = @name AND alias = @alias", new { name, alias }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (previous == version) return 0;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_aliases (name, alias, version, updated_at) VALUES (@name, @alias, @version, @now)
                ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
                """, new { name, alias, version, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE registered_models SET updated_at = @now WHERE name = @name", new { name, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await RecordAliasChangeAsync(connection, transaction, name, alias, previous, version, now, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        Names.CheckAlias(alias);
        await WriteAsync(async (connection, transaction) =>
        {
            var previous = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "DELETE FROM model_aliases WHERE name = @name AND alias = @alias RETURNING version", new { name, alias }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (previous is not null)
            {
                await RecordAliasChangeAsync(connection, transaction, name, alias, previous, null, SqlTime.Now(), cancellationToken).ConfigureAwait(false);
                return 0;
            }

            await RequireModelAsync(connection, name, cancellationToken, transaction).ConfigureAwait(false);
            throw TrackingException.NotFound($"Model '{name}' has no alias '{alias}'.");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, int limit = 100, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        if (limit is < 1 or > 10_000) throw TrackingException.Invalid($"limit is {limit}; ask for 1 to 10,000 alias changes.");
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await RequireModelAsync(connection, name, cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AliasChangeRow>(new CommandDefinition(
            "SELECT name, alias, from_version, to_version, changed_at, actor FROM alias_history WHERE name = @name ORDER BY change_id DESC LIMIT @limit",
            new { name, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToChange()).ToList();
    }

    /// <summary>Who moves aliases from this process: its user and host, until the operations issue brings users.</summary>
    private static readonly string Actor = $"{Environment.UserName}@{Environment.MachineName}";

    private static Task RecordAliasChangeAsync(DbConnection connection, DbTransaction transaction, string name, string alias, long? from, long? to, long now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alias_history (name, alias, from_version, to_version, changed_at, actor) VALUES (@name, @alias, @from, @to, @now, @actor)",
            new { name, alias, from, to, now, actor = Actor }, transaction, cancellationToken: cancellationToken));

    /// <inheritdoc />
    public async Task UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        Names.CheckDescription(description);
        await WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE registered_models SET description = @description, updated_at = @now WHERE name = @name",
                new { name, description, now = SqlTime.Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return changed == 1 ? 0 : throw ModelNotFound(name);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Deployment> RecordDeploymentAsync(string name, int version, string target, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        if (string.IsNullOrWhiteSpace(target) || target.Length > 1000) throw TrackingException.Invalid("A deployment needs a target (where the model serves) of at most 1000 characters.");
        _ = await GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        var now = SqlTime.Now();
        var id = await WriteAsync(async (connection, transaction) => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO deployments (name, version, target, deployed_at) VALUES (@name, @version, @target, @now) RETURNING deployment_id",
            new { name, version, target, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return new Deployment(id, name, version, target, SqlTime.From(now));
    }

    /// <inheritdoc />
    public async Task<ModelLineage> GetLineageAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        var modelVersion = await GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        Run? run = modelVersion.RunId is { } runId ? await GetRunAsync(runId, cancellationToken).ConfigureAwait(false) : null;
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var deployments = await connection.QueryAsync<DeploymentRow>(new CommandDefinition(
            "SELECT * FROM deployments WHERE name = @name AND version = @version ORDER BY deployed_at, deployment_id",
            new { name, version }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new ModelLineage(modelVersion, run?.Info, run?.Datasets ?? [], deployments.Select(d => d.ToDeployment()).ToList());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(int limit = 100, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 10_000) throw TrackingException.Invalid($"limit is {limit}; ask for 1 to 10,000 deployments.");
        var after = since is { } s ? SqlTime.To(s) : (long?)null;
        var where = after is null ? "" : "WHERE deployed_at >= @after";
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Ids grow with each record, so the primary key gives newest first without an index on deployed_at.
        var rows = await connection.QueryAsync<DeploymentRow>(new CommandDefinition(
            $"SELECT * FROM deployments {where} ORDER BY deployment_id DESC LIMIT @limit", new { after, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(d => d.ToDeployment()).ToList();
    }

    private static async Task<List<RegisteredModel>> LoadModelsAsync(DbConnection connection, string? name, CancellationToken cancellationToken)
    {
        var where = name is null ? "" : "WHERE name = @name";
        var models = await connection.QueryAsync<ModelRow>(new CommandDefinition(
            $"SELECT * FROM registered_models {where} ORDER BY name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var aliases = (await connection.QueryAsync<AliasRow>(new CommandDefinition(
            $"SELECT name, alias, version FROM model_aliases {where} ORDER BY alias", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(a => a.Name);
        return models.Select(m => new RegisteredModel(
            m.Name, m.Description, SqlTime.From(m.CreatedAt), SqlTime.From(m.UpdatedAt), (int)m.LastVersion,
            aliases[m.Name].ToDictionary(a => a.Alias, a => (int)a.Version, StringComparer.Ordinal))).ToList();
    }

    private static async Task<List<ModelVersion>> LoadVersionsAsync(DbConnection connection, string name, int? version, CancellationToken cancellationToken)
    {
        var only = version is null ? "" : "AND version = @version";
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT * FROM model_versions WHERE name = @name {only} ORDER BY version DESC", new { name, version }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var aliases = (await connection.QueryAsync<AliasRow>(new CommandDefinition(
            $"SELECT name, alias, version FROM model_aliases WHERE name = @name {only} ORDER BY alias", new { name, version }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(a => a.Version);
        return rows.Select(v => new ModelVersion(
            v.Name, (int)v.Version, v.RunId, v.ArtifactHash, v.Source, v.Description, SqlTime.From(v.CreatedAt),
            aliases[v.Version].Select(a => a.Alias).ToList())).ToList();
    }

    private async Task RequireModelAsync(DbConnection connection, string name, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM registered_models WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists is null) throw ModelNotFound(name);
    }

    private TrackingException ModelNotFound(string name) =>
        TrackingException.NotFound($"There is no registered model named '{name}' in {Description}; `lepton models list` shows the models there are.");
}

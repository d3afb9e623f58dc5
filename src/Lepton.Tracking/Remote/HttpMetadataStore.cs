using System.Globalization;
using System.Text;
using Lepton.Tracking.Datasets;
using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Remote;

/// <summary>
/// The metadata store of a Lepton tracking server (<c>lepton tracking server</c>), reached over its HTTP API: the
/// SDK pointed at <c>http://host:port</c> works as it does against a local database. The server's errors come back
/// as <see cref="TrackingException"/> with the kind and message the server's store gave.
/// </summary>
public sealed class HttpMetadataStore : IMetadataStore
{
    private readonly ApiConnection _api;

    /// <summary>Uses the server at <paramref name="serverAddress"/>; a given <paramref name="httpClient"/> stays the caller's to dispose.</summary>
    public HttpMetadataStore(Uri serverAddress, HttpClient? httpClient = null)
        : this(new ApiConnection(serverAddress, httpClient))
    {
    }

    internal HttpMetadataStore(ApiConnection api) => _api = api;

    /// <inheritdoc />
    public string Description => _api.Description;

    internal ApiConnection Connection => _api;

    private static ApiJsonContext Json => ApiJsonContext.Default;

    /// <inheritdoc />
    public Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "experiment");
        return _api.SendAsync(HttpMethod.Post, "api/experiments", ApiConnection.Json(new ExperimentRequest(name), Json.ExperimentRequest), Json.Experiment, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Experiment> GetExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "experiment");
        return _api.SendAsync(HttpMethod.Get, $"api/experiments/by-name?name={ApiConnection.Escape(name)}", null, Json.Experiment, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, "api/experiments", null, Json.IReadOnlyListExperiment, cancellationToken);

    /// <inheritdoc />
    public Task<RunInfo> CreateRunAsync(RunStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        Names.CheckName(start.Experiment, "experiment");
        if (start.Name is not null) Names.CheckName(start.Name, "run");
        // The run belongs to this process, not the server's: send where it runs, so abandoned runs are found.
        var (host, processId) = start.Process ?? (System.Environment.MachineName, System.Environment.ProcessId);
        var request = new RunStartRequest(start.Experiment, start.Name, start.Source, start.GitCommit, start.Tags,
            start.Environment ?? RunEnvironment.Current(), start.StartTime, host, processId);
        return _api.SendAsync(HttpMethod.Post, "api/runs", ApiConnection.Json(request, Json.RunStartRequest), Json.RunInfo, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        return _api.SendAsync(HttpMethod.Get, $"api/runs/{runId}", null, Json.Run, cancellationToken);
    }

    /// <inheritdoc />
    public Task LogBatchAsync(string runId, RunBatch batch, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(batch);
        return _api.SendAsync(HttpMethod.Post, $"api/runs/{runId}/batch", ApiConnection.Json(batch, Json.RunBatch), cancellationToken);
    }

    /// <inheritdoc />
    public Task HeartbeatAsync(string runId, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        return _api.SendAsync(HttpMethod.Post, $"api/runs/{runId}/heartbeat", null, cancellationToken);
    }

    /// <inheritdoc />
    public Task EndRunAsync(string runId, RunStatus status, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        if (status == RunStatus.Running || !Enum.IsDefined(status)) throw TrackingException.Invalid($"A run ends as finished, failed or killed, not {status}.");
        return _api.SendAsync(HttpMethod.Post, $"api/runs/{runId}/end", ApiConnection.Json(new EndRunRequest(status, endTime), Json.EndRunRequest), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MetricPoint>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        Names.CheckKey(key, "metric");
        var page = await _api.SendAsync(HttpMethod.Get, $"api/runs/{runId}/metrics/history?key={ApiConnection.Escape(key)}", null, Json.MetricHistoryPage, cancellationToken).ConfigureAwait(false);
        return page.Points;
    }

    /// <summary>
    /// Part of a metric's history: up to <paramref name="limit"/> points from position <paramref name="offset"/>
    /// in step order, and how many points there are in all.
    /// </summary>
    public async Task<(IReadOnlyList<MetricPoint> Points, int Total)> GetMetricHistoryPageAsync(string runId, string key, int offset, int limit, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        Names.CheckKey(key, "metric");
        var path = string.Create(CultureInfo.InvariantCulture, $"api/runs/{runId}/metrics/history?key={ApiConnection.Escape(key)}&offset={offset}&limit={limit}");
        var page = await _api.SendAsync(HttpMethod.Get, path, null, Json.MetricHistoryPage, cancellationToken).ConfigureAwait(false);
        return (page.Points, page.Total);
    }

    /// <inheritdoc />
    public async Task<MetricSeries> GetMetricSeriesAsync(string runId, string key, MetricSeriesQuery query, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        Names.CheckKey(key, "metric");
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var path = new StringBuilder($"api/runs/{runId}/metrics/history?key={ApiConnection.Escape(key)}");
        if (query.MinStep is { } min) path.Append(CultureInfo.InvariantCulture, $"&minStep={min}");
        if (query.MaxStep is { } max) path.Append(CultureInfo.InvariantCulture, $"&maxStep={max}");
        if (query.MaxPoints is { } most) path.Append(CultureInfo.InvariantCulture, $"&maxPoints={most}");
        var page = await _api.SendAsync(HttpMethod.Get, path.ToString(), null, Json.MetricHistoryPage, cancellationToken).ConfigureAwait(false);
        return new MetricSeries(page.Key, page.Total, page.Points);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Run>> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _api.SendAsync(HttpMethod.Post, "api/runs/search", ApiConnection.Json(query, Json.RunQuery), Json.IReadOnlyListRun, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> CountRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var count = await _api.SendAsync(HttpMethod.Post, "api/runs/count", ApiConnection.Json(query, Json.RunQuery), Json.RunCount, cancellationToken).ConfigureAwait(false);
        return count.Count;
    }

    /// <inheritdoc />
    public Task<RunColumns> GetRunColumnsAsync(IReadOnlyList<string>? experiments, CancellationToken cancellationToken = default)
    {
        var path = "api/runs/columns";
        if (experiments is { Count: > 0 })
        {
            path += "?" + string.Join('&', experiments.Select(e => "experiment=" + ApiConnection.Escape(e)));
        }

        return _api.SendAsync(HttpMethod.Get, path, null, Json.RunColumns, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordArtifactAsync(string runId, ArtifactEntry artifact, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(artifact);
        return _api.SendAsync(HttpMethod.Post, $"api/runs/{runId}/artifacts", ApiConnection.Json(artifact, Json.ArtifactEntry), cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordDatasetAsync(string runId, RunDataset dataset, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(dataset);
        return _api.SendAsync(HttpMethod.Post, $"api/runs/{runId}/datasets", ApiConnection.Json(dataset, Json.RunDataset), cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordDatasetProfileAsync(string hash, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        return _api.SendAsync(HttpMethod.Put, DatasetPath(hash) + "/profile", ApiConnection.Json(profile, Json.DatasetProfile), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedDataset>> ListDatasetsAsync(int limit = 1000, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, FormattableString.Invariant($"api/datasets?limit={limit}"), null, Json.IReadOnlyListRecordedDataset, cancellationToken);

    /// <inheritdoc />
    public Task<DatasetDetails> GetDatasetAsync(string hash, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, DatasetPath(hash), null, Json.DatasetDetails, cancellationToken);

    private static string DatasetPath(string hash) =>
        string.IsNullOrEmpty(hash) || hash.Length > 128
            ? throw TrackingException.Invalid($"'{hash}' is not a dataset hash: a hash is 1 to 128 characters.")
            : "api/datasets/" + Uri.EscapeDataString(hash);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FailAbandonedRunsAsync(TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        if (staleAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "The stale time must be positive.");
        var request = new FailAbandonedRequest(staleAfter.TotalSeconds);
        return _api.SendAsync(HttpMethod.Post, "api/runs/fail-abandoned", ApiConnection.Json(request, Json.FailAbandonedRequest), Json.IReadOnlyListString, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, CancellationToken cancellationToken = default)
    {
        Names.CheckName(name, "model", isModel: true);
        return _api.SendAsync(HttpMethod.Post, "api/models", ApiConnection.Json(new CreateModelRequest(name, description), Json.CreateModelRequest), Json.RegisteredModel, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, ModelPath(name), null, Json.RegisteredModel, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RegisteredModel>> ListRegisteredModelsAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, "api/models", null, Json.IReadOnlyListRegisteredModel, cancellationToken);

    /// <inheritdoc />
    public Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var request = new CreateVersionRequest(version.ArtifactHash, version.Source, version.RunId, version.Description);
        return _api.SendAsync(HttpMethod.Post, ModelPath(version.Name) + "/versions", ApiConnection.Json(request, Json.CreateVersionRequest), Json.ModelVersion, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, VersionPath(name, version), null, Json.ModelVersion, cancellationToken);

    /// <inheritdoc />
    public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, AliasPath(name, alias), null, Json.ModelVersion, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, ModelPath(name) + "/versions", null, Json.IReadOnlyListModelVersion, cancellationToken);

    /// <inheritdoc />
    public Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Put, AliasPath(name, alias), ApiConnection.Json(new SetAliasRequest(version), Json.SetAliasRequest), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, int limit = 100, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, ModelPath(name) + FormattableString.Invariant($"/alias-history?limit={limit}"), null, Json.IReadOnlyListAliasChange, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, AliasPath(name, alias), null, cancellationToken);

    /// <inheritdoc />
    public Task UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Patch, ModelPath(name), ApiConnection.Json(new UpdateModelRequest(description), Json.UpdateModelRequest), cancellationToken);

    /// <inheritdoc />
    public Task<Deployment> RecordDeploymentAsync(string name, int version, string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _api.SendAsync(HttpMethod.Post, VersionPath(name, version) + "/deployments", ApiConnection.Json(new DeploymentRequest(target), Json.DeploymentRequest), Json.Deployment, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelLineage> GetLineageAsync(string name, int version, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, VersionPath(name, version) + "/lineage", null, Json.ModelLineage, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(int limit = 100, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var query = FormattableString.Invariant($"api/deployments?limit={limit}");
        if (since is { } s) query += "&since=" + ApiConnection.Escape(s.ToString("O", CultureInfo.InvariantCulture));
        return _api.SendAsync(HttpMethod.Get, query, null, Json.IReadOnlyListDeployment, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _api.Dispose();
        return ValueTask.CompletedTask;
    }

    // Names are checked here as the local stores check them, so a bad name fails the same way and never makes a
    // path the server would read differently (a model name cannot hold '/').
    private static string ModelPath(string name)
    {
        Names.CheckName(name, "model", isModel: true);
        return "api/models/" + ApiConnection.Escape(name);
    }

    private static string VersionPath(string name, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{ModelPath(name)}/versions/{version}");

    private static string AliasPath(string name, string alias)
    {
        Names.CheckAlias(alias);
        return $"{ModelPath(name)}/aliases/{alias}";
    }
}

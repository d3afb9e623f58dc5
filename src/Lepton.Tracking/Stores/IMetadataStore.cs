using Lepton.Tracking.Datasets;

namespace Lepton.Tracking.Stores;

/// <summary>
/// Where experiments, runs and the model registry are kept. SQLite (embedded, the default), PostgreSQL (for
/// teams) and the HTTP client (a remote Lepton server) implement it and pass the same test suite. Failures the
/// caller can act on throw <see cref="TrackingException"/>.
/// </summary>
public interface IMetadataStore : IAsyncDisposable
{
    /// <summary>What the store is, for messages: a file path, a host, a URL (never a password).</summary>
    string Description { get; }

    /// <summary>The experiment with this name, created when it does not exist.</summary>
    Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The experiment with this name; NotFound when there is none.</summary>
    Task<Experiment> GetExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every experiment, oldest first.</summary>
    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a run (status Running) in the named experiment, creating the experiment when needed.</summary>
    Task<RunInfo> CreateRunAsync(RunStart start, CancellationToken cancellationToken = default);

    /// <summary>Everything recorded about a run; NotFound when there is none.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes parameters, tags and metric points in one transaction. A parameter logged again must have the
    /// same value (Conflict otherwise); tags may change.
    /// </summary>
    Task LogBatchAsync(string runId, RunBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Records that the run's process is alive, so a remote run is not taken for abandoned.</summary>
    Task HeartbeatAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Ends a run with a final status; a run can be ended only once (Conflict otherwise).</summary>
    Task EndRunAsync(string runId, RunStatus status, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default);

    /// <summary>Every point of one metric, in step order then time order.</summary>
    Task<IReadOnlyList<MetricPoint>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// One metric's points in a step range, thinned to at most <see cref="MetricSeriesQuery.MaxPoints"/> (the ends and
    /// each bucket's lowest and highest, as <see cref="Comparison.CurveThinning"/> keeps them) or whole when that is
    /// null: what a chart draws. Reads only the range, and builds only the points it keeps.
    /// </summary>
    Task<MetricSeries> GetMetricSeriesAsync(string runId, string key, MetricSeriesQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs matching a query, with their parameters, tags and latest metrics: the <see cref="RunQuery.MaxResults"/>
    /// after the first <see cref="RunQuery.Offset"/> in the query's order.
    /// </summary>
    Task<IReadOnlyList<Run>> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many runs match the query's experiments and filter (its order, offset and maximum do not count).</summary>
    Task<int> CountRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The distinct parameter, metric and tag names over the runs of <paramref name="experiments"/> (every run when
    /// null), each sorted ordinally: the columns a runs table can show.
    /// </summary>
    Task<RunColumns> GetRunColumnsAsync(IReadOnlyList<string>? experiments, CancellationToken cancellationToken = default);

    /// <summary>Records a file of the run (its content already in the artifact store under <see cref="ArtifactEntry.Hash"/>).</summary>
    Task RecordArtifactAsync(string runId, ArtifactEntry artifact, CancellationToken cancellationToken = default);

    /// <summary>Records a dataset the run used and for what.</summary>
    Task RecordDatasetAsync(string runId, RunDataset dataset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps the profile of the dataset content with this hash (recorded by a run first; NotFound otherwise),
    /// replacing any earlier one: what the dashboard's Data page shows and compares.
    /// </summary>
    Task RecordDatasetProfileAsync(string hash, DatasetProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The datasets runs recorded, most recently used first, at most <paramref name="limit"/> (1 to 10,000).</summary>
    Task<IReadOnlyList<RecordedDataset>> ListDatasetsAsync(int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>The dataset content with this hash: its names, profile and the runs that used it; NotFound when no run recorded it.</summary>
    Task<DatasetDetails> GetDatasetAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks Running runs whose process is gone as Failed: on this host, when the process no longer exists;
    /// elsewhere, when no heartbeat came for <paramref name="staleAfter"/>. Returns the runs it marked.
    /// </summary>
    Task<IReadOnlyList<string>> FailAbandonedRunsAsync(TimeSpan staleAfter, CancellationToken cancellationToken = default);

    /// <summary>Registers a model (without versions yet); Conflict when the name is taken.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, CancellationToken cancellationToken = default);

    /// <summary>The registered model; NotFound when there is none.</summary>
    Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every registered model, by name.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListRegisteredModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds the next version of a model (1 for a new one), creating the registered model when needed.</summary>
    Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>One version of a model; NotFound when there is none.</summary>
    Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points at; NotFound when the alias is not set.</summary>
    Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Every version of a model, newest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Points an alias (e.g. <c>production</c>) at a version, moving it if it pointed elsewhere.</summary>
    Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default);

    /// <summary>Removes an alias; NotFound when it is not set.</summary>
    Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>A model's alias moves, newest first, at most <paramref name="limit"/> (1 to 10,000); NotFound when the model does not exist.</summary>
    Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Changes a registered model's description.</summary>
    Task UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>Records that a version went into service at <paramref name="target"/>.</summary>
    Task<Deployment> RecordDeploymentAsync(string name, int version, string target, CancellationToken cancellationToken = default);

    /// <summary>Dataset → run → version → deployments for one version.</summary>
    Task<ModelLineage> GetLineageAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deployments of every model, newest first: at most <paramref name="limit"/> (1 to 10,000), those recorded at or after
    /// <paramref name="since"/> when given. Where models serve now, for a dashboard to find its inference servers.
    /// </summary>
    Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(int limit = 100, DateTimeOffset? since = null, CancellationToken cancellationToken = default);
}

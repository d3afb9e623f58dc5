using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Testing;

/// <summary>
/// What every metadata store must do, run against each one (SQLite, PostgreSQL, the HTTP client) by deriving
/// a class that supplies a fresh, empty store. A store that needs a server the machine may lack says so with
/// <see cref="ContractRunsAsAttribute"/>, and its contract facts are skipped with the reason.
/// </summary>
public abstract partial class MetadataStoreContract : IAsyncLifetime
{
    private IMetadataStore? _store;

    protected IMetadataStore Store => _store ?? throw new InvalidOperationException("The store is not open yet.");

    /// <summary>A new store with nothing in it.</summary>
    protected abstract Task<IMetadataStore> CreateStoreAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }

    private Task<RunInfo> StartAsync(string experiment = "exp", string? name = null, IReadOnlyDictionary<string, string>? tags = null) =>
        Store.CreateRunAsync(new RunStart(experiment, name, "dotnet test", "0123456789abcdef0123456789abcdef01234567", tags));

    private static string Hash(char c) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)c]));

    /// <summary>
    /// Makes content available to the records that name it, returning its SHA-256 (hex). Stores that check
    /// references at write time (the tracking server) upload it; the others only need the hash.
    /// </summary>
    protected virtual Task<string> StoreContentAsync(byte[] content) =>
        Task.FromResult(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));

    /// <summary>The hash of <paramref name="size"/> bytes of <paramref name="c"/>, stored where the store needs it.</summary>
    private Task<string> StoredAsync(char c, int size = 1) => StoreContentAsync(Enumerable.Repeat((byte)c, size).ToArray());

    [ContractFact]
    public async Task Experiments_are_created_once_and_found_by_name()
    {
        var first = await Store.GetOrCreateExperimentAsync("fashion");
        var again = await Store.GetOrCreateExperimentAsync("fashion");
        var other = await Store.GetOrCreateExperimentAsync("wine");

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal("fashion", (await Store.GetExperimentAsync("fashion")).Name);
        Assert.Equal(["fashion", "wine"], (await Store.ListExperimentsAsync()).Select(e => e.Name));
        var missing = await Assert.ThrowsAsync<TrackingException>(() => Store.GetExperimentAsync("nope"));
        Assert.Equal(TrackingErrorKind.NotFound, missing.Kind);
        Assert.Contains("'nope'", missing.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task A_new_run_records_who_started_it_where_and_from_what()
    {
        var info = await StartAsync(name: "first", tags: new Dictionary<string, string> { ["team"] = "vision" });
        var run = await Store.GetRunAsync(info.RunId);

        Assert.Matches("^[0-9a-f]{32}$", info.RunId);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal("first", run.Info.Name);
        Assert.Null(run.Info.EndTime);
        Assert.Equal("dotnet test", run.Info.Source);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", run.Info.GitCommit);
        Assert.Equal(Environment.MachineName, run.Info.Host);
        Assert.Equal(Environment.ProcessId, run.Info.ProcessId);
        Assert.Contains(".NET", run.Info.Environment.Dotnet, StringComparison.Ordinal);
        Assert.Equal(RunEnvironment.Current(), run.Info.Environment); // the engine's fields too, when this process has loaded it
        Assert.Equal("vision", run.Tags["team"]);
        Assert.Equal((await Store.GetExperimentAsync("exp")).Id, run.Info.ExperimentId);
        Assert.InRange(run.Info.StartTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [ContractFact]
    public async Task A_run_without_a_name_gets_a_readable_one()
    {
        var info = await StartAsync();
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]{3}$", info.Name);
    }

    [ContractFact]
    public async Task Params_tags_and_metric_series_round_trip()
    {
        var run = await StartAsync();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        await Store.LogBatchAsync(run.RunId, new RunBatch(
            Params: new Dictionary<string, string> { ["lr"] = "0.003", ["optimizer"] = "adam" },
            Tags: new Dictionary<string, string> { ["stage"] = "try" },
            Metrics: [new("loss", 0.9, 100, 1, t0), new("loss", 0.5, 200, 2, t0.AddSeconds(1)), new("accuracy", 0.7, 100, 1, t0)]));
        await Store.LogBatchAsync(run.RunId, new RunBatch(
            Tags: new Dictionary<string, string> { ["stage"] = "final" },
            Metrics: [new("loss", 0.4, 300, 3, t0.AddSeconds(2))]));

        var stored = await Store.GetRunAsync(run.RunId);
        var history = await Store.GetMetricHistoryAsync(run.RunId, "loss");

        Assert.Equal("0.003", stored.Params["lr"]);
        Assert.Equal("adam", stored.Params["optimizer"]);
        Assert.Equal("final", stored.Tags["stage"]);
        Assert.Equal([0.9, 0.5, 0.4], history.Select(p => p.Value));
        Assert.Equal([100L, 200, 300], history.Select(p => p.Step));
        Assert.Equal([1, 2, 3], history.Select(p => p.Epoch ?? 0));
        Assert.Equal(t0.AddSeconds(2), history[2].Timestamp);
        Assert.Equal(0.4, stored.LatestMetrics["loss"].Value);
        Assert.Equal(300, stored.LatestMetrics["loss"].Step);
        Assert.Equal(0.7, stored.LatestMetrics["accuracy"].Value);
    }

    [ContractFact]
    public async Task The_latest_metric_is_the_highest_step_even_when_logged_out_of_order()
    {
        var run = await StartAsync();
        var now = DateTimeOffset.UtcNow;
        await Store.LogBatchAsync(run.RunId, new RunBatch(Metrics: [new("loss", 0.2, 50, null, now)]));
        await Store.LogBatchAsync(run.RunId, new RunBatch(Metrics: [new("loss", 0.9, 10, null, now)]));

        Assert.Equal(0.2, (await Store.GetRunAsync(run.RunId)).LatestMetrics["loss"].Value);
        Assert.Equal([10L, 50], (await Store.GetMetricHistoryAsync(run.RunId, "loss")).Select(p => p.Step));
    }

    [ContractFact]
    public async Task NaN_and_infinities_are_stored_as_they_are()
    {
        var run = await StartAsync();
        var now = DateTimeOffset.UtcNow;
        await Store.LogBatchAsync(run.RunId, new RunBatch(Metrics:
            [new("loss", double.NaN, 1, 1, now), new("loss", double.PositiveInfinity, 2, 2, now), new("loss", double.NegativeInfinity, 3, 3, now), new("loss", -0.0, 4, 4, now)]));

        var values = (await Store.GetMetricHistoryAsync(run.RunId, "loss")).Select(p => p.Value).ToArray();

        Assert.True(double.IsNaN(values[0]));
        Assert.Equal(double.PositiveInfinity, values[1]);
        Assert.Equal(double.NegativeInfinity, values[2]);
        Assert.Equal(0.0, values[3]);
    }

    [ContractFact]
    public async Task A_parameter_is_written_once()
    {
        var run = await StartAsync();
        await Store.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["lr"] = "0.1" }));
        await Store.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["lr"] = "0.1" }));

        var error = await Assert.ThrowsAsync<TrackingException>(() =>
            Store.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["lr"] = "0.2" }, Metrics: [new("loss", 1, 1, null, DateTimeOffset.UtcNow)])));

        Assert.Equal(TrackingErrorKind.Conflict, error.Kind);
        Assert.Contains("'lr'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.GetMetricHistoryAsync(run.RunId, "loss")); // the whole batch was refused
    }

    [ContractFact]
    public async Task Bad_names_and_values_are_refused_with_the_reason()
    {
        var run = await StartAsync();

        var badKey = await Assert.ThrowsAsync<TrackingException>(() => Store.LogBatchAsync(run.RunId, new RunBatch(Metrics: [new("loss;drop", 1, 0, null, DateTimeOffset.UtcNow)])));
        var longValue = await Assert.ThrowsAsync<TrackingException>(() => Store.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["p"] = new string('x', 6001) })));
        var badId = await Assert.ThrowsAsync<TrackingException>(() => Store.GetRunAsync("not-a-run"));
        var badModel = await Assert.ThrowsAsync<TrackingException>(() => Store.CreateRegisteredModelAsync("a@b"));
        var badAlias = await Assert.ThrowsAsync<TrackingException>(() => Store.SetAliasAsync("m", "9lives", 1));

        Assert.All(new[] { badKey, longValue, badId, badModel, badAlias }, e => Assert.Equal(TrackingErrorKind.Invalid, e.Kind));
        Assert.Contains("loss;drop", badKey.Message, StringComparison.Ordinal);
        Assert.Contains("6001", longValue.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Unknown_runs_are_reported_by_id()
    {
        var missing = new string('a', 32);
        var get = await Assert.ThrowsAsync<TrackingException>(() => Store.GetRunAsync(missing));
        var log = await Assert.ThrowsAsync<TrackingException>(() => Store.LogBatchAsync(missing, new RunBatch(Tags: new Dictionary<string, string> { ["a"] = "b" })));
        var end = await Assert.ThrowsAsync<TrackingException>(() => Store.EndRunAsync(missing, RunStatus.Finished));
        var history = await Assert.ThrowsAsync<TrackingException>(() => Store.GetMetricHistoryAsync(missing, "loss"));

        Assert.All(new[] { get, log, end, history }, e => Assert.Equal(TrackingErrorKind.NotFound, e.Kind));
        Assert.Contains(missing, get.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task A_run_ends_once()
    {
        var run = await StartAsync();
        var end = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await Store.EndRunAsync(run.RunId, RunStatus.Killed, end);

        var again = await Assert.ThrowsAsync<TrackingException>(() => Store.EndRunAsync(run.RunId, RunStatus.Finished));
        var stored = (await Store.GetRunAsync(run.RunId)).Info;

        Assert.Equal(RunStatus.Killed, stored.Status);
        Assert.Equal(end, stored.EndTime);
        Assert.Equal(TrackingErrorKind.Conflict, again.Kind);
        Assert.Equal(TrackingErrorKind.Invalid, (await Assert.ThrowsAsync<TrackingException>(() => Store.EndRunAsync(run.RunId, RunStatus.Running))).Kind);
    }

    [ContractFact]
    public async Task Runs_are_found_by_metric_param_tag_and_status_and_ordered_by_a_metric()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        foreach (var (lr, accuracy, team) in new[] { ("0.1", 0.80, "vision"), ("0.01", 0.93, "vision"), ("0.001", 0.88, "audio") })
        {
            var run = await StartAsync("search", tags: new Dictionary<string, string> { ["team"] = team });
            await Store.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["lr"] = lr }, Metrics: [new("val_accuracy", accuracy, 1, 1, now)]));
            ids.Add(run.RunId);
        }

        await Store.EndRunAsync(ids[2], RunStatus.Finished);
        var other = await StartAsync("elsewhere");
        await Store.LogBatchAsync(other.RunId, new RunBatch(Metrics: [new("val_accuracy", 0.99, 1, 1, now)]));

        async Task<string[]> Find(string? filter, string? order = null) =>
            (await Store.SearchRunsAsync(new RunQuery(["search"], filter, order))).Select(r => r.Info.RunId).ToArray();

        Assert.Equal([ids[1], ids[2], ids[0]], await Find(null, "metrics.val_accuracy DESC"));
        Assert.Equal([ids[0], ids[2], ids[1]], await Find(null, "metrics.val_accuracy"));
        Assert.Equal([ids[1], ids[2]], await Find("metrics.val_accuracy > 0.85", "metrics.val_accuracy desc"));
        Assert.Equal([ids[1]], await Find("metrics.val_accuracy >= 0.85 and params.lr = '0.01'"));
        Assert.Equal([ids[2]], await Find("tags.team != 'vision'"));
        Assert.Equal([ids[2]], await Find("status = 'finished'"));
        Assert.Equal([ids[1], ids[0]], await Find("tags.team LIKE 'VIS%' and status = 'running'", "metrics.val_accuracy desc"));
        Assert.Equal(4, (await Store.SearchRunsAsync(new RunQuery())).Count);
        var found = (await Store.SearchRunsAsync(new RunQuery(["search"], "params.lr = '0.01'")))[0];
        Assert.Equal(0.93, found.LatestMetrics["val_accuracy"].Value);
        Assert.Equal("vision", found.Tags["team"]);
        Assert.Equal(2, (await Store.SearchRunsAsync(new RunQuery(["search"], MaxResults: 2))).Count);
    }

    [ContractTheory]
    [InlineData("metrics.loss > 'high'", "numbers")]
    [InlineData("params.lr > '0.1'", "=, != or LIKE")]
    [InlineData("colour = 'red'", "unknown attribute")]
    [InlineData("metrics.loss >", "nothing after")]
    [InlineData("metrics.loss ~ 3", "expected IDENTIFIER OPERATOR VALUE")]
    [InlineData("status = 'sleeping'", "status is one of")]
    [InlineData("metrics.loss < 1 and", "empty clause")]
    public async Task A_bad_filter_names_the_clause_and_the_problem(string filter, string expected)
    {
        var error = await Assert.ThrowsAsync<TrackingException>(() => Store.SearchRunsAsync(new RunQuery(Filter: filter)));
        Assert.Equal(TrackingErrorKind.Invalid, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Filter_values_are_data_not_sql()
    {
        var run = await StartAsync();
        await Store.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["note"] = "x' OR '1'='1" }));

        Assert.Single(await Store.SearchRunsAsync(new RunQuery(Filter: "params.note = \"x' OR '1'='1\"")));
        Assert.Single(await Store.SearchRunsAsync(new RunQuery(Filter: "params.note = 'x'' OR ''1''=''1'")));
        Assert.Empty(await Store.SearchRunsAsync(new RunQuery(Filter: "params.note = 'x'")));
        var injected = await Assert.ThrowsAsync<TrackingException>(() => Store.SearchRunsAsync(new RunQuery(Filter: "params.note = 'x' OR '1'='1'")));
        Assert.Contains("after the closing quote", injected.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Artifacts_and_datasets_are_recorded_with_the_run()
    {
        var run = await StartAsync();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var (model, best) = (await StoredAsync('a', 1234), await StoredAsync('b', 99));
        await Store.RecordArtifactAsync(run.RunId, new ArtifactEntry("model.lepton", model, 1234, at));
        await Store.RecordArtifactAsync(run.RunId, new ArtifactEntry("checkpoints/best.lepton", best, 99, at));
        var data = new DatasetFingerprint("fashion/train", Hash('c'), 60000, "{\"inputs\":[\"(1, 28, 28)\"]}");
        await Store.RecordDatasetAsync(run.RunId, new RunDataset(data, "train"));
        await Store.RecordDatasetAsync(run.RunId, new RunDataset(data, "train")); // once is enough

        var stored = await Store.GetRunAsync(run.RunId);

        Assert.Equal(["checkpoints/best.lepton", "model.lepton"], stored.Artifacts.Select(a => a.Path));
        Assert.Equal(new ArtifactEntry("model.lepton", model, 1234, at), stored.Artifacts[1]);
        Assert.Equal([new RunDataset(data, "train")], stored.Datasets);
        var badPath = await Assert.ThrowsAsync<TrackingException>(() => Store.RecordArtifactAsync(run.RunId, new ArtifactEntry("../escape", model, 1234, at)));
        Assert.Equal(TrackingErrorKind.Invalid, badPath.Kind);
    }

    [ContractFact]
    public async Task A_dataset_keeps_the_row_count_and_schema_each_run_read()
    {
        var (first, second) = (await StartAsync(), await StartAsync());
        var sample = new DatasetFingerprint("customers", Hash('e'), 1000, "{\"columns\":[\"age\"]}");
        var whole = sample with { Rows = 250_000, Schema = "{\"columns\":[\"age\",\"city\"]}" };
        await Store.RecordDatasetAsync(first.RunId, new RunDataset(sample, "train"));
        await Store.RecordDatasetAsync(second.RunId, new RunDataset(whole, "train"));

        Assert.Equal([new RunDataset(sample, "train")], (await Store.GetRunAsync(first.RunId)).Datasets);
        Assert.Equal([new RunDataset(whole, "train")], (await Store.GetRunAsync(second.RunId)).Datasets);
    }

    [ContractFact]
    public async Task Model_versions_are_numbered_per_model_and_point_back_to_their_run()
    {
        var run = await StartAsync();
        var v1 = await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync('1'), "runs:/x/model.lepton", run.RunId, "first"));
        var v2 = await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync('2'), "/tmp/m.lepton"));
        var other = await Store.CreateModelVersionAsync(new NewModelVersion("wine", await StoredAsync('3'), "/tmp/w.lepton"));

        Assert.Equal((1, 2, 1), (v1.Version, v2.Version, other.Version));
        Assert.Equal(run.RunId, v1.RunId);
        Assert.Null(v2.RunId);
        Assert.Equal("first", v1.Description);
        Assert.Equal(await StoredAsync('2'), (await Store.GetModelVersionAsync("fashion", 2)).ArtifactHash);
        Assert.Equal([2, 1], (await Store.ListModelVersionsAsync("fashion")).Select(v => v.Version));
        var models = await Store.ListRegisteredModelsAsync();
        Assert.Equal(["fashion", "wine"], models.Select(m => m.Name));
        Assert.Equal(2, models[0].LatestVersion);
        var stored = await StoredAsync('4');
        var unknownRun = await Assert.ThrowsAsync<TrackingException>(() => Store.CreateModelVersionAsync(new NewModelVersion("fashion", stored, "x", new string('f', 32))));
        Assert.Equal(TrackingErrorKind.NotFound, unknownRun.Kind);
        Assert.Equal(2, (await Store.GetRegisteredModelAsync("fashion")).LatestVersion); // nothing half-registered
    }

    [ContractFact]
    public async Task A_model_name_is_registered_once_and_its_description_can_change()
    {
        var created = await Store.CreateRegisteredModelAsync("fraud", "first try");
        var twice = await Assert.ThrowsAsync<TrackingException>(() => Store.CreateRegisteredModelAsync("fraud"));
        await Store.UpdateModelDescriptionAsync("fraud", "scores card payments");

        Assert.Equal(0, created.LatestVersion);
        Assert.Equal(TrackingErrorKind.Conflict, twice.Kind);
        Assert.Equal("scores card payments", (await Store.GetRegisteredModelAsync("fraud")).Description);
    }

    [ContractFact]
    public async Task Aliases_point_at_a_version_move_and_are_removed()
    {
        for (var i = 0; i < 3; i++) await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync((char)('a' + i)), "f"));
        await Store.SetAliasAsync("fashion", "production", 1);
        await Store.SetAliasAsync("fashion", "staging", 3);
        Assert.Equal(1, (await Store.GetModelVersionByAliasAsync("fashion", "production")).Version);

        await Store.SetAliasAsync("fashion", "production", 2); // promotion moves the alias
        var production = await Store.GetModelVersionByAliasAsync("fashion", "production");
        var model = await Store.GetRegisteredModelAsync("fashion");

        Assert.Equal(2, production.Version);
        Assert.Equal(["production"], production.Aliases);
        Assert.Empty((await Store.GetModelVersionAsync("fashion", 1)).Aliases);
        Assert.Equal(new Dictionary<string, int> { ["production"] = 2, ["staging"] = 3 }, model.Aliases);

        await Store.DeleteAliasAsync("fashion", "staging");
        var gone = await Assert.ThrowsAsync<TrackingException>(() => Store.GetModelVersionByAliasAsync("fashion", "staging"));
        var noVersion = await Assert.ThrowsAsync<TrackingException>(() => Store.SetAliasAsync("fashion", "production", 9));
        var noModel = await Assert.ThrowsAsync<TrackingException>(() => Store.SetAliasAsync("nope", "production", 1));
        var noAlias = await Assert.ThrowsAsync<TrackingException>(() => Store.DeleteAliasAsync("fashion", "staging"));

        Assert.All(new[] { gone, noVersion, noModel, noAlias }, e => Assert.Equal(TrackingErrorKind.NotFound, e.Kind));
        Assert.Contains("version 9", noVersion.Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", noModel.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Store.GetModelVersionByAliasAsync("fashion", "production")).Version);
    }

    [ContractFact]
    public async Task Every_alias_move_is_recorded_with_its_versions_time_and_actor_newest_first()
    {
        for (var i = 0; i < 3; i++) await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync((char)('a' + i)), "f"));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Store.SetAliasAsync("fashion", "production", 1);
        await Store.SetAliasAsync("fashion", "production", 2);
        await Store.SetAliasAsync("fashion", "production", 2); // not a move: nothing to record
        await Store.SetAliasAsync("fashion", "staging", 3);
        await Store.DeleteAliasAsync("fashion", "staging");
        await Assert.ThrowsAsync<TrackingException>(() => Store.SetAliasAsync("fashion", "production", 9)); // refused: not recorded

        var history = await Store.GetAliasHistoryAsync("fashion");

        (string, int?, int?)[] expected = [("staging", 3, null), ("staging", null, 3), ("production", 1, 2), ("production", null, 1)];
        Assert.Equal(expected, history.Select(c => (c.Alias, c.FromVersion, c.ToVersion)).ToArray());
        Assert.All(history, c => Assert.Equal("fashion", c.Name));
        Assert.All(history, c => Assert.InRange(c.ChangedAt, before, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.All(history, c => Assert.Contains('@', c.Actor));
        Assert.Equal(2, (await Store.GetAliasHistoryAsync("fashion", limit: 2)).Count);
        Assert.Equal(TrackingErrorKind.NotFound, (await Assert.ThrowsAsync<TrackingException>(() => Store.GetAliasHistoryAsync("nope"))).Kind);
        Assert.Equal(TrackingErrorKind.Invalid, (await Assert.ThrowsAsync<TrackingException>(() => Store.GetAliasHistoryAsync("fashion", limit: 0))).Kind);
    }

    [ContractFact]
    public async Task Unknown_models_and_versions_are_reported_by_name()
    {
        await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync('a'), "f"));

        var model = await Assert.ThrowsAsync<TrackingException>(() => Store.GetRegisteredModelAsync("nope"));
        var version = await Assert.ThrowsAsync<TrackingException>(() => Store.GetModelVersionAsync("fashion", 7));
        var versions = await Assert.ThrowsAsync<TrackingException>(() => Store.ListModelVersionsAsync("nope"));
        var alias = await Assert.ThrowsAsync<TrackingException>(() => Store.GetModelVersionByAliasAsync("nope", "production"));

        Assert.All(new[] { model, version, versions, alias }, e => Assert.Equal(TrackingErrorKind.NotFound, e.Kind));
        Assert.Contains("no version 7", version.Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", alias.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Parallel_registrations_get_distinct_consecutive_versions()
    {
        var hashes = new List<string>();
        for (var i = 0; i < 8; i++) hashes.Add(await StoredAsync((char)('a' + i)));
        var versions = await Task.WhenAll(hashes.Select(hash => Store.CreateModelVersionAsync(new NewModelVersion("busy", hash, "f"))));

        Assert.Equal(Enumerable.Range(1, 8), versions.Select(v => v.Version).Order());
    }

    [ContractFact]
    public async Task Lineage_follows_dataset_run_version_and_deployments()
    {
        var run = await StartAsync();
        var data = new DatasetFingerprint("fashion/train", Hash('d'), 60000, "{}");
        await Store.RecordDatasetAsync(run.RunId, new RunDataset(data, "train"));
        var version = await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync('m'), "runs:/r/model.lepton", run.RunId));
        var first = await Store.RecordDeploymentAsync("fashion", 1, "http://127.0.0.1:8080");
        await Store.RecordDeploymentAsync("fashion", 1, "http://10.0.0.2:8080");

        var lineage = await Store.GetLineageAsync("fashion", version.Version);

        Assert.Equal(run.RunId, lineage.Run?.RunId);
        Assert.Equal([new RunDataset(data, "train")], lineage.Datasets);
        Assert.Equal(["http://127.0.0.1:8080", "http://10.0.0.2:8080"], lineage.Deployments.Select(d => d.Target));
        Assert.Equal(first.Id, lineage.Deployments[0].Id);
        var missing = await Assert.ThrowsAsync<TrackingException>(() => Store.RecordDeploymentAsync("fashion", 5, "x"));
        Assert.Equal(TrackingErrorKind.NotFound, missing.Kind);
    }

    [ContractFact]
    public async Task Runs_whose_process_died_are_marked_failed_and_live_ones_are_left_alone()
    {
        var dead = await Store.CreateRunAsync(new RunStart("exp") { Process = (Environment.MachineName, DeadProcessId()) });
        var mine = await StartAsync();
        var longAgo = DateTimeOffset.UtcNow.AddHours(-2);
        var silentRemote = await Store.CreateRunAsync(new RunStart("exp") { Process = ("some-other-host", 42), StartTime = longAgo });
        var liveRemote = await Store.CreateRunAsync(new RunStart("exp") { Process = ("some-other-host", 43) });

        var failed = await Store.FailAbandonedRunsAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(new[] { dead.RunId, silentRemote.RunId }.Order(), failed.Order());
        var deadRun = await Store.GetRunAsync(dead.RunId);
        Assert.Equal(RunStatus.Failed, deadRun.Info.Status);
        Assert.NotNull(deadRun.Info.EndTime);
        Assert.Contains("ended without ending the run", deadRun.Tags["lepton.failure"], StringComparison.Ordinal);
        Assert.Contains("no heartbeat", (await Store.GetRunAsync(silentRemote.RunId)).Tags["lepton.failure"], StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, (await Store.GetRunAsync(mine.RunId)).Info.Status);
        Assert.Equal(RunStatus.Running, (await Store.GetRunAsync(liveRemote.RunId)).Info.Status);
        Assert.Empty(await Store.FailAbandonedRunsAsync(TimeSpan.FromMinutes(10)));
    }

    [ContractFact]
    public async Task A_heartbeat_keeps_a_quiet_remote_run_alive()
    {
        var run = await Store.CreateRunAsync(new RunStart("exp") { Process = ("some-other-host", 42), StartTime = DateTimeOffset.UtcNow.AddHours(-2) });
        await Store.HeartbeatAsync(run.RunId);

        Assert.Empty(await Store.FailAbandonedRunsAsync(TimeSpan.FromMinutes(10)));
    }

    /// <summary>A process id no process has now: a child that has exited.</summary>
    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [ContractFact]
    public async Task Deployments_of_every_model_are_listed_newest_first_with_their_server_address()
    {
        await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync('m'), "a.lepton"));
        await Store.CreateModelVersionAsync(new NewModelVersion("fashion", await StoredAsync('n'), "b.lepton"));
        await Store.CreateModelVersionAsync(new NewModelVersion("churn", await StoredAsync('c'), "c.lepton"));
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Store.RecordDeploymentAsync("fashion", 1, "lepton serve http://127.0.0.1:8080/");
        await Store.RecordDeploymentAsync("churn", 1, "http://10.0.0.2:9000");
        await Store.RecordDeploymentAsync("fashion", 2, "lepton serve");
        var last = await Store.RecordDeploymentAsync("fashion", 1, "batch job s3://bucket/out");

        var all = await Store.ListDeploymentsAsync();

        Assert.Equal([("fashion", 1), ("fashion", 2), ("churn", 1), ("fashion", 1)], all.Select(d => (d.Name, d.Version)));
        Assert.Equal(last, all[0]);
        Assert.Equal([null, null, "http://10.0.0.2:9000/", "http://127.0.0.1:8080/"], all.Select(d => d.Address?.AbsoluteUri));
        Assert.Equal(["batch job s3://bucket/out", "lepton serve", "http://10.0.0.2:9000", "lepton serve http://127.0.0.1:8080/"], all.Select(d => d.Target));
        Assert.Equal(all.Take(2), await Store.ListDeploymentsAsync(limit: 2));
        Assert.Equal(all, await Store.ListDeploymentsAsync(since: before));
        Assert.Empty(await Store.ListDeploymentsAsync(since: DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(TrackingErrorKind.Invalid, (await Assert.ThrowsAsync<TrackingException>(() => Store.ListDeploymentsAsync(limit: 0))).Kind);
        Assert.Equal(TrackingErrorKind.Invalid, (await Assert.ThrowsAsync<TrackingException>(() => Store.ListDeploymentsAsync(limit: 10_001))).Kind);
    }
}

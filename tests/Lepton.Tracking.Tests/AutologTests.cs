using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Tracking.Tests;

/// <summary>One callback records a whole Fit; the registered model loads back by alias and predicts the same.</summary>
public sealed class AutologTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string? _home = Environment.GetEnvironmentVariable(LeptonHome.Variable);

    public AutologTests() => Environment.SetEnvironmentVariable(LeptonHome.Variable, _folder.Path);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(LeptonHome.Variable, _home);
        _folder.Dispose();
    }

    private static TensorDataset Separable(int count, long seed)
    {
        var generator = new Generator((ulong)seed);
        var x = randn([count, 4], generator: generator);
        var y = (x[.., 0] + x[.., 1] > 0).to(ScalarType.Int64);
        return new TensorDataset(x, y, ["negative", "positive"]);
    }

    [Fact]
    public void A_tensor_datasets_class_balance_is_counted_from_its_targets()
    {
        using var first = Separable(300, 4);
        using var second = Separable(200, 5);
        long positives = 0;
        foreach (var dataset in new[] { first, second })
        {
            using var all = dataset.GetBatch(Enumerable.Range(0, dataset.Count).ToArray());
            positives += all.Target!.sum().item<long>();
        }

        var profile = Lepton.Tracking.Datasets.DatasetProfile.FromClassIndices(["negative", "positive"], [first, second]);

        Assert.Equal(500, profile.Rows);
        var classes = profile.Column("class")!;
        Assert.Equal(positives, classes.TopValues.Single(v => v.Value == "positive").Count);
        Assert.Equal(500 - positives, classes.TopValues.Single(v => v.Value == "negative").Count);
        Assert.Throws<ArgumentException>(() => Lepton.Tracking.Datasets.DatasetProfile.FromClassIndices(["only"], [first]));
    }

    [Fact]
    public async Task Fit_with_autolog_records_params_epochs_checkpoint_and_model_and_the_registry_serves_it_back()
    {
        LeptonRuntime.Initialize(new RuntimeOptions { Seed = 3 });
        using var train = Separable(256, 1);
        using var validation = Separable(128, 2);
        var model = new Sequential(new Dense(8, "relu"), new Dense(2));
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());

        await using var client = await TrackingClient.OpenAsync();
        var run = await client.StartRunAsync("autolog", "tiny");
        await run.LogDatasetAsync(DatasetFingerprint.FromDataset(train, "separable/train"));
        var history = model.Fit(train, epochs: 4, batchSize: 32, validationData: validation, callbacks: [run.Autolog()], verbose: Nn.Training.Verbosity.Silent);
        await run.EndAsync();

        var stored = await client.Store.GetRunAsync(run.RunId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal("adam", stored.Params["optimizer"].ToLowerInvariant());
        Assert.Equal("0.01", stored.Params["optimizer.learning_rate"]);
        Assert.Equal("4", stored.Params["epochs"]);
        Assert.Equal("32", stored.Params["batch_size"]);
        Assert.Equal("256", stored.Params["train_examples"]);
        Assert.Equal(model.CountParameters().ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Params["total_params"]);
        var valLoss = await client.Store.GetMetricHistoryAsync(run.RunId, "val_loss");
        Assert.Equal(history["val_loss"], valLoss.Select(p => p.Value));
        Assert.Equal([1, 2, 3, 4], valLoss.Select(p => p.Epoch ?? 0));
        Assert.Equal([8L, 16, 24, 32], valLoss.Select(p => p.Step)); // optimizer steps: 256 / 32 per epoch
        Assert.Equal(history["accuracy"][^1], stored.LatestMetrics["accuracy"].Value);
        var best = history["val_loss"].Select((v, i) => (v, i)).MinBy(t => t.v).i + 1;
        Assert.Equal(best.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Tags["lepton.best_epoch"]);
        // Each logged metric's direction is recorded for readers without the engine.
        Assert.Equal("maximize", stored.Tags["lepton.metric.val_accuracy.direction"]);
        Assert.Equal("minimize", stored.Tags["lepton.metric.loss.direction"]);
        Assert.Equal("none", stored.Tags["lepton.metric.learning_rate.direction"]);
        Assert.Equal(MetricDirection.Maximize, stored.DirectionOf("accuracy"));
        Assert.Equal(["checkpoints/best.lepton", "model.lepton"], stored.Artifacts.Select(a => a.Path));
        Assert.StartsWith("0.107", stored.Info.Environment.TorchSharp, StringComparison.Ordinal); // the engine had registered before the run started
        Assert.Equal(LeptonRuntime.Threads, stored.Info.Environment.Threads);
        Assert.Equal("separable/train", Assert.Single(stored.Datasets).Dataset.Name);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"lepton-{run.RunId}-*")); // checkpoints uploaded, then removed

        var version = await client.Registry.RegisterRunModelAsync("separable", run.RunId);
        await client.Registry.SetAliasAsync("separable", "production", version.Version);
        using var loaded = await client.Registry.LoadAsync("separable@production");
        using var x = randn([16, 4]);
        using var expected = model.Predict(x);
        using var actual = loaded.Predict(x);
        Assert.True(expected.allclose(actual), "the registered model predicts differently from the trained one");
        Assert.Equal(version.Version, (await client.Registry.ResolveAsync("separable")).Version);
        Assert.Equal(version.ArtifactHash, (await client.Registry.ResolveAsync("separable/1")).ArtifactHash);
    }

    [Fact]
    public async Task Logging_returns_at_once_and_reports_a_failed_write_on_the_next_call()
    {
        await using var client = await TrackingClient.OpenAsync();
        var run = await client.StartRunAsync("failures");
        run.LogParam("lr", 0.1);

        var conflict = Assert.Throws<TrackingException>(() => run.LogParam("lr", 0.2));
        Assert.Equal(TrackingErrorKind.Conflict, conflict.Kind);
        var badKey = Assert.Throws<TrackingException>(() => run.LogMetric("bad;key", 1));
        Assert.Equal(TrackingErrorKind.Invalid, badKey.Kind);

        // Another writer ends the run's record behind its back: the next write fails and is reported, not lost.
        await client.Store.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["epochs"] = "5" }));
        run.LogParam("epochs", 6);
        var failed = await Assert.ThrowsAsync<TrackingException>(() => run.FlushAsync());
        Assert.Contains("'epochs'", failed.Message, StringComparison.Ordinal);
        Assert.Throws<TrackingException>(() => run.LogMetric("loss", 1));
        await Assert.ThrowsAsync<TrackingException>(() => run.EndAsync());
        Assert.Equal(RunStatus.Failed, (await client.Store.GetRunAsync(run.RunId)).Info.Status);
    }

    [Fact]
    public async Task Registering_a_file_that_is_not_a_model_is_refused_and_registers_nothing()
    {
        await using var client = await TrackingClient.OpenAsync();
        var path = _folder.PathOf("fake.lepton");
        await File.WriteAllTextAsync(path, "not a zip");

        await Assert.ThrowsAsync<Nn.Serialization.ModelFileException>(() => client.Registry.RegisterModelFileAsync("fake", path));
        Assert.Empty(await client.Store.ListRegisteredModelsAsync());
    }
}

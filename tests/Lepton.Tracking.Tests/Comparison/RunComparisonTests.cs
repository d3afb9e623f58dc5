using Lepton.Tracking.Comparison;

namespace Lepton.Tracking.Tests.Comparison;

/// <summary>The data behind <c>lepton runs compare</c> and the dashboard, read from a real store.</summary>
public sealed class RunComparisonTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<TrackingClient> OpenAsync() => TrackingClient.OpenAsync(TrackingSettings.InFolder(_folder.Path));

    /// <summary>A run with per-epoch metrics (<paramref name="stepsPerEpoch"/> steps each) and parameters.</summary>
    private static async Task<string> RecordAsync(TrackingClient client, string name, IReadOnlyDictionary<string, object?> parameters,
        IReadOnlyDictionary<string, double[]> perEpoch, int stepsPerEpoch = 10, Action<ActiveRun>? extra = null)
    {
        await using var run = await client.StartRunAsync("compare", name);
        run.LogParams(parameters);
        foreach (var (key, values) in perEpoch)
        {
            for (var e = 0; e < values.Length; e++) run.LogMetric(key, values[e], step: (e + 1) * stepsPerEpoch, epoch: e + 1);
        }

        extra?.Invoke(run);
        await run.EndAsync();
        return run.RunId;
    }

    [Fact]
    public async Task Rows_hold_each_runs_values_in_order_marking_differing_params_and_the_best_metric()
    {
        await using var client = await OpenAsync();
        var adam = await RecordAsync(client, "adam", new Dictionary<string, object?> { ["optimizer"] = "adam", ["lr"] = 0.001 },
            new Dictionary<string, double[]> { ["val_accuracy"] = [0.8, 0.93], ["val_loss"] = [0.5, 0.2], ["learning_rate"] = [0.1, 0.1] });
        var sgd = await RecordAsync(client, "sgd", new Dictionary<string, object?> { ["optimizer"] = "sgd", ["lr"] = 0.001, ["momentum"] = 0.9 },
            new Dictionary<string, double[]> { ["val_accuracy"] = [0.7, 0.88], ["val_loss"] = [0.6, 0.35], ["learning_rate"] = [0.1, 0.01] });

        var comparison = await RunComparison.CreateAsync(client.Store, [sgd, adam]);

        Assert.Equal([sgd, adam], comparison.Runs.Select(r => r.Info.RunId));
        Assert.Equal(["compare", "compare"], comparison.Experiments);
        Assert.Equal(["lr", "momentum", "optimizer"], comparison.Parameters.Select(p => p.Key));
        Assert.False(comparison.Parameters[0].Differs);
        Assert.True(comparison.Parameters[1].Differs);
        Assert.Equal(["0.9", null], comparison.Parameters[1].Values);
        Assert.Equal(["learning_rate", "val_accuracy", "val_loss"], comparison.Metrics.Select(m => m.Key));
        var accuracy = comparison.Metrics[1];
        Assert.Equal(MetricDirection.Maximize, accuracy.Direction);
        Assert.Equal(1, accuracy.Best);
        Assert.True(accuracy.IsBest(1));
        Assert.False(accuracy.IsBest(0));
        Assert.Equal(1, comparison.Metrics[2].Best); // val_loss: lowest
        Assert.Null(comparison.Metrics[0].Best);     // a learning rate has no best
    }

    [Fact]
    public async Task Asked_for_metrics_keep_their_order_and_an_unknown_one_is_an_error_naming_those_there_are()
    {
        await using var client = await OpenAsync();
        var a = await RecordAsync(client, "a", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["loss"] = [1], ["accuracy"] = [0.5] });
        var b = await RecordAsync(client, "b", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["loss"] = [2] });

        var comparison = await RunComparison.CreateAsync(client.Store, [a, b], ["loss", "accuracy"]);
        Assert.Equal(["loss", "accuracy"], comparison.Metrics.Select(m => m.Key));
        Assert.Equal([0.5, null], comparison.Metrics[1].Values);
        Assert.Null(comparison.Metrics[1].Best); // only one run has it

        var error = await Assert.ThrowsAsync<TrackingException>(() => RunComparison.CreateAsync(client.Store, [a, b], ["f1"]));
        Assert.Equal(TrackingErrorKind.Invalid, error.Kind);
        Assert.Contains("'f1'", error.Message);
        Assert.Contains("accuracy, loss", error.Message);
        Assert.Equal(TrackingErrorKind.Invalid, (await Assert.ThrowsAsync<TrackingException>(() => RunComparison.CreateAsync(client.Store, [a, a]))).Kind);
    }

    [Fact]
    public async Task The_direction_comes_from_what_the_runs_recorded_before_the_name_rule()
    {
        await using var client = await OpenAsync();
        // "lift" sounds like nothing the name rule knows (so it would say lower is better); the run says higher.
        var recorded = await RecordAsync(client, "recorded", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["lift"] = [1.2], ["val_acc"] = [0.4] },
            extra: run => run.SetMetricDirection("lift", MetricDirection.Maximize));
        var plain = await RecordAsync(client, "plain", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["lift"] = [1.5], ["val_acc"] = [0.6] });

        var comparison = await RunComparison.CreateAsync(client.Store, [plain, recorded]);

        var lift = comparison.Metrics.Single(m => m.Key == "lift");
        Assert.Equal(MetricDirection.Maximize, lift.Direction);
        Assert.Equal(0, lift.Best); // by the name rule it would have been the recorded run's 1.2
        var accuracy = comparison.Metrics.Single(m => m.Key == "val_acc");
        Assert.Equal(MetricDirection.Maximize, accuracy.Direction); // nothing recorded: the name decides
        Assert.Equal(0, accuracy.Best);
        var stored = await client.Store.GetRunAsync(recorded);
        Assert.Equal("maximize", stored.Tags["lepton.metric.lift.direction"]);
        Assert.Equal(MetricDirection.Maximize, stored.DirectionOf("lift"));
        Assert.Equal(MetricDirection.Minimize, (await client.Store.GetRunAsync(plain)).DirectionOf("lift"));
    }

    [Fact]
    public async Task NaN_and_infinity_are_never_best_and_are_left_out_of_curves()
    {
        await using var client = await OpenAsync();
        var good = await RecordAsync(client, "good", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["val_loss"] = [1.0, 0.6] });
        var diverged = await RecordAsync(client, "diverged", new Dictionary<string, object?>(),
            new Dictionary<string, double[]> { ["val_loss"] = [double.PositiveInfinity, double.NegativeInfinity] });

        var comparison = await RunComparison.CreateAsync(client.Store, [good, diverged]);
        Assert.Equal(0, comparison.Metrics.Single().Best);

        var curves = await comparison.LoadCurvesAsync(client.Store, "val_loss");
        Assert.Equal(2, curves.Series[1].StoredPoints);
        Assert.Empty(curves.Series[1].Points);
    }

    [Fact]
    public async Task Curves_line_up_by_epoch_when_every_run_logged_once_per_epoch_whatever_the_steps()
    {
        await using var client = await OpenAsync();
        var small = await RecordAsync(client, "batch-32", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["val_loss"] = [0.9, 0.5, 0.3] }, stepsPerEpoch: 8);
        var large = await RecordAsync(client, "batch-128", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["val_loss"] = [0.8, 0.6] }, stepsPerEpoch: 2);

        var comparison = await RunComparison.CreateAsync(client.Store, [small, large]);
        var curves = await comparison.LoadCurvesAsync(client.Store, "val_loss");

        Assert.Equal(CurveAxis.Epoch, curves.Axis);
        Assert.Equal(MetricDirection.Minimize, curves.Direction);
        Assert.Equal([small, large], curves.Series.Select(s => s.RunId));
        Assert.Equal([1L, 2, 3], curves.Series[0].Points.Select(p => p.X));
        Assert.Equal([1L, 2], curves.Series[1].Points.Select(p => p.X));
        Assert.Equal([0.8, 0.6], curves.Series[1].Points.Select(p => p.Value));
    }

    [Fact]
    public async Task Curves_fall_back_to_steps_when_a_run_logged_without_epochs_and_runs_without_the_metric_are_left_out()
    {
        await using var client = await OpenAsync();
        var epochs = await RecordAsync(client, "epochs", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["loss"] = [0.9, 0.5] }, stepsPerEpoch: 5);
        var steps = await RecordAsync(client, "steps", new Dictionary<string, object?>(), new Dictionary<string, double[]>(), extra: run =>
        {
            for (var s = 1; s <= 4; s++) run.LogMetric("loss", 1.0 / s, step: s * 3);
        });
        var other = await RecordAsync(client, "other", new Dictionary<string, object?>(), new Dictionary<string, double[]> { ["accuracy"] = [0.5] });

        var comparison = await RunComparison.CreateAsync(client.Store, [epochs, steps, other]);
        var curves = await comparison.LoadCurvesAsync(client.Store, "loss");

        Assert.Equal(CurveAxis.Step, curves.Axis);
        Assert.Equal([epochs, steps], curves.Series.Select(s => s.RunId));
        Assert.Equal([5L, 10], curves.Series[0].Points.Select(p => p.X));
        Assert.Equal([3L, 6, 9, 12], curves.Series[1].Points.Select(p => p.X));
    }

    [Fact]
    public async Task A_long_history_is_thinned_to_the_asked_for_points()
    {
        await using var client = await OpenAsync();
        var runs = new List<string>();
        foreach (var name in new[] { "long-a", "long-b" })
        {
            runs.Add(await RecordAsync(client, name, new Dictionary<string, object?>(), new Dictionary<string, double[]>(), extra: run =>
            {
                for (var s = 0; s < 20_000; s++) run.LogMetric("loss", Math.Cos(s / 500.0) + (s == 12_345 ? -5 : 0), step: s);
            }));
        }

        var comparison = await RunComparison.CreateAsync(client.Store, runs);
        var curves = await comparison.LoadCurvesAsync(client.Store, "loss", maxPoints: 200);

        var curve = curves.Series[0];
        Assert.Equal(20_000, curve.StoredPoints);
        Assert.InRange(curve.Points.Count, 100, 200);
        Assert.Contains(new CurvePoint(12_345, Math.Cos(12_345 / 500.0) - 5), curve.Points); // the spike survives
        Assert.Equal(0, curve.Points[0].X);
        Assert.Equal(19_999, curve.Points[^1].X);
    }
}

using Lepton.Tracking.Comparison;

namespace Lepton.Tracking.Testing;

/// <summary>The dashboard's reads: a runs table's pages, count and columns, and a chart's thinned metric series.</summary>
public abstract partial class MetadataStoreContract
{
    private static readonly DateTimeOffset SeriesStart = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);

    /// <summary>Seven runs in "table" (accuracy on six, NaN on one of them; lr on six) and one elsewhere; their ids in start order.</summary>
    private async Task<List<string>> TableRunsAsync()
    {
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var ids = new List<string>();
        double?[] accuracy = [0.5, null, 0.9, 0.7, 0.9, double.NaN, 0.6];
        string?[] lr = ["0.1", "0.01", null, "0.3", "0.01", "0.2", "0.05"];
        for (var i = 0; i < accuracy.Length; i++)
        {
            var run = await Store.CreateRunAsync(new RunStart("table", $"run-{i}", Tags: new Dictionary<string, string> { ["team"] = i % 2 == 0 ? "vision" : "audio" })
            {
                StartTime = t0.AddSeconds(i % 3 == 0 ? 0 : i), // three runs start at the same moment: ties are ordered by id
            });
            var parameters = lr[i] is { } value ? new Dictionary<string, string> { ["lr"] = value } : null;
            List<MetricPoint> metrics = accuracy[i] is { } a ? [new("val_accuracy", a, 1, 1, t0)] : [new("loss", 1.0, 1, 1, t0)];
            await Store.LogBatchAsync(run.RunId, new RunBatch(parameters, null, metrics));
            ids.Add(run.RunId);
        }

        var other = await StartAsync("elsewhere");
        await Store.LogBatchAsync(other.RunId, new RunBatch(new Dictionary<string, string> { ["batch"] = "64" }, new Dictionary<string, string> { ["zone"] = "b" }, [new("f1", 0.5, 1, 1, t0)]));
        return ids;
    }

    [ContractTheory]
    [InlineData(null)]
    [InlineData("metrics.val_accuracy desc")]
    [InlineData("metrics.val_accuracy")]
    [InlineData("params.lr desc")]
    [InlineData("params.lr asc")]
    [InlineData("start_time asc")]
    [InlineData("name desc")]
    public async Task Pages_of_a_runs_table_are_stable_and_disjoint_and_cover_every_run(string? order)
    {
        await TableRunsAsync();
        string[] table = ["table"];

        var all = (await Store.SearchRunsAsync(new RunQuery(table, OrderBy: order))).Select(r => r.Info.RunId).ToList();
        var pages = new List<string>();
        for (var offset = 0; offset < 9; offset += 3)
        {
            var page = await Store.SearchRunsAsync(new RunQuery(table, OrderBy: order, MaxResults: 3, Offset: offset));
            var again = await Store.SearchRunsAsync(new RunQuery(table, OrderBy: order, MaxResults: 3, Offset: offset));
            Assert.Equal(page.Select(r => r.Info.RunId), again.Select(r => r.Info.RunId));
            pages.AddRange(page.Select(r => r.Info.RunId));
        }

        Assert.Equal(7, all.Count);
        Assert.Equal(all, pages);
        Assert.Equal(7, pages.Distinct().Count());
    }

    [ContractFact]
    public async Task Runs_without_the_sorted_metric_or_parameter_or_with_NaN_come_last_in_either_direction()
    {
        var ids = await TableRunsAsync();
        async Task<List<string>> Order(string orderBy) =>
            (await Store.SearchRunsAsync(new RunQuery(["table"], OrderBy: orderBy))).Select(r => r.Info.RunId).ToList();

        var descending = await Order("metrics.val_accuracy desc");
        var ascending = await Order("metrics.val_accuracy asc");
        var byLr = await Order("params.lr desc");

        Assert.Equal(new[] { ids[1], ids[5] }.Order(StringComparer.Ordinal), descending[5..].Order(StringComparer.Ordinal));
        Assert.Equal(new[] { ids[1], ids[5] }.Order(StringComparer.Ordinal), ascending[5..].Order(StringComparer.Ordinal));
        Assert.Equal([ids[0], ids[6], ids[3]], ascending[..3]);
        Assert.Equal(ids[2], byLr[^1]);
        Assert.Equal(ids[3], byLr[0]);
    }

    [ContractFact]
    public async Task A_run_count_matches_the_filter_and_ignores_order_and_paging()
    {
        await TableRunsAsync();
        foreach (var filter in new string?[] { null, "metrics.val_accuracy > 0.65", "params.lr = '0.01'", "tags.team = 'vision' and metrics.val_accuracy >= 0.5", "status = 'finished'" })
        {
            var matching = await Store.SearchRunsAsync(new RunQuery(["table"], filter));
            var count = await Store.CountRunsAsync(new RunQuery(["table"], filter, "metrics.val_accuracy desc", MaxResults: 1, Offset: 5));
            Assert.Equal(matching.Count, count);
        }

        Assert.Equal(8, await Store.CountRunsAsync(new RunQuery()));
        Assert.Equal(2, await Store.CountRunsAsync(new RunQuery(["table"], "metrics.val_accuracy < 0.65")));
        Assert.Equal(TrackingErrorKind.NotFound, (await Assert.ThrowsAsync<TrackingException>(() => Store.CountRunsAsync(new RunQuery(["nope"])))).Kind);
        Assert.Equal(TrackingErrorKind.Invalid, (await Assert.ThrowsAsync<TrackingException>(() => Store.CountRunsAsync(new RunQuery(Filter: "colour = 'red'")))).Kind);
    }

    [ContractFact]
    public async Task Run_columns_are_the_distinct_names_of_an_experiments_runs_sorted_ordinally()
    {
        await TableRunsAsync();
        var extra = await StartAsync("table", tags: new Dictionary<string, string> { ["Zeta"] = "1", ["alpha"] = "2" });
        await Store.LogBatchAsync(extra.RunId, new RunBatch(new Dictionary<string, string> { ["Momentum"] = "0.9", ["lr"] = "0.5" }, null, [new("val_accuracy", 0.1, 1, 1, DateTimeOffset.UtcNow)]));

        var table = await Store.GetRunColumnsAsync(["table"]);
        var elsewhere = await Store.GetRunColumnsAsync(["elsewhere"]);
        var both = await Store.GetRunColumnsAsync(["table", "elsewhere"]);
        var all = await Store.GetRunColumnsAsync(null);

        Assert.Equal(["Momentum", "lr"], table.Params);
        Assert.Equal(["loss", "val_accuracy"], table.Metrics);
        Assert.Equal(["Zeta", "alpha", "team"], table.Tags);
        Assert.Equal(["batch"], elsewhere.Params);
        Assert.Equal(["f1"], elsewhere.Metrics);
        Assert.Equal(["zone"], elsewhere.Tags);
        Assert.Equal(["Momentum", "batch", "lr"], both.Params);
        Assert.Equal(["f1", "loss", "val_accuracy"], all.Metrics);
        Assert.Equal(all.Tags, both.Tags);
        Assert.Equal(TrackingErrorKind.NotFound, (await Assert.ThrowsAsync<TrackingException>(() => Store.GetRunColumnsAsync(["nope"]))).Kind);
    }

    [ContractFact]
    public async Task Paging_refuses_a_negative_offset_by_name()
    {
        var error = await Assert.ThrowsAsync<TrackingException>(() => Store.SearchRunsAsync(new RunQuery(Offset: -1)));

        Assert.Equal(TrackingErrorKind.Invalid, error.Kind);
        Assert.Contains("Offset", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// 500 points with NaN, ±∞ and a stretch of NaN only, two points at step 50 logged out of time order, the later steps logged first, and a constant
    /// plateau (ties for the lowest and highest).
    /// </summary>
    private async Task<(string RunId, List<MetricPoint> History)> SeriesRunAsync()
    {
        var run = await StartAsync("series");
        var points = new List<MetricPoint>();
        for (var i = 0; i < 500; i++)
        {
            var value = i switch
            {
                7 or 130 => double.NaN,
                >= 200 and < 260 => double.NaN,
                41 => double.PositiveInfinity,
                42 => double.NegativeInfinity,
                >= 300 and < 340 => 0.25,
                _ => Math.Sin(i * 0.37) + (i == 77 ? 5 : 0),
            };
            points.Add(new MetricPoint("loss", value, i, i % 3 == 0 ? null : i / 10, SeriesStart.AddMilliseconds(i * 10)));
        }

        points.Insert(51, new MetricPoint("loss", -3, 50, 5, SeriesStart.AddMilliseconds(499))); // an earlier point at step 50, logged after
        // The later steps first: the series comes back in step order whatever order the rows were written in.
        await Store.LogBatchAsync(run.RunId, new RunBatch(Metrics: points[250..]));
        await Store.LogBatchAsync(run.RunId, new RunBatch(Metrics: points[..250]));
        await Store.LogBatchAsync(run.RunId, new RunBatch(Metrics: [new MetricPoint("other", 1, 1, 1, SeriesStart)]));
        return (run.RunId, await Store.GetMetricHistoryAsync(run.RunId, "loss") is var history ? history.ToList() : []);
    }

    [ContractTheory]
    [InlineData(null, null, null)]
    [InlineData(null, null, 4)]
    [InlineData(null, null, 5)]
    [InlineData(null, null, 40)]
    [InlineData(null, null, 1000)]
    [InlineData(0L, 499L, 64)]
    [InlineData(50L, 50L, null)]
    [InlineData(50L, 51L, 4)]
    [InlineData(40L, 240L, 21)]
    [InlineData(195L, 235L, 6)]
    [InlineData(-10L, 3L, null)]
    [InlineData(480L, null, 10)]
    [InlineData(null, 120L, 30)]
    [InlineData(600L, 700L, 10)]
    public async Task A_metric_series_is_the_range_thinned_as_CurveThinning_thins_it(long? minStep, long? maxStep, int? maxPoints)
    {
        var (runId, history) = await SeriesRunAsync();
        var range = history.Where(p => p.Step >= (minStep ?? long.MinValue) && p.Step <= (maxStep ?? long.MaxValue)).ToList();

        var series = await Store.GetMetricSeriesAsync(runId, "loss", new MetricSeriesQuery(minStep, maxStep, maxPoints));

        Assert.Equal(501, history.Count);
        Assert.Equal([-3.0, Math.Sin(50 * 0.37)], history.Where(p => p.Step == 50).Select(p => p.Value));
        Assert.Equal("loss", series.Key);
        Assert.Equal(range.Count, series.Total);
        Assert.Equal(maxPoints is { } most ? CurveThinning.MinMaxPerBucket(range, most) : range, series.Points);
    }

    [ContractFact]
    public async Task A_metric_series_keeps_the_ends_and_each_buckets_extremes()
    {
        var (runId, _) = await SeriesRunAsync();

        var series = await Store.GetMetricSeriesAsync(runId, "loss", new MetricSeriesQuery(MaxPoints: 40));

        Assert.Equal(501, series.Total);
        Assert.InRange(series.Points.Count, 30, 40);
        Assert.Equal((0L, 499L), (series.Points[0].Step, series.Points[^1].Step));
        Assert.Contains(series.Points, p => p.Step == 77 && p.Value > 3); // the spike
        Assert.Contains(series.Points, p => p.Step == 50 && p.Value == -3); // the lowest
        Assert.Contains(series.Points, p => p.Step >= 200 && p.Step < 260 && double.IsNaN(p.Value)); // a diverged stretch still shows
    }

    [ContractFact]
    public async Task A_metric_series_refuses_bad_ranges_and_budgets_by_name_and_unknown_runs_by_id()
    {
        var (runId, _) = await SeriesRunAsync();

        var tiny = await Assert.ThrowsAsync<TrackingException>(() => Store.GetMetricSeriesAsync(runId, "loss", new MetricSeriesQuery(MaxPoints: 3)));
        var backwards = await Assert.ThrowsAsync<TrackingException>(() => Store.GetMetricSeriesAsync(runId, "loss", new MetricSeriesQuery(10, 9)));
        var missing = await Assert.ThrowsAsync<TrackingException>(() => Store.GetMetricSeriesAsync(new string('a', 32), "loss", new MetricSeriesQuery()));
        var unknownKey = await Store.GetMetricSeriesAsync(runId, "never-logged", new MetricSeriesQuery(MaxPoints: 10));

        Assert.Equal(TrackingErrorKind.Invalid, tiny.Kind);
        Assert.Contains("MaxPoints", tiny.Message, StringComparison.Ordinal);
        Assert.Equal(TrackingErrorKind.Invalid, backwards.Kind);
        Assert.Contains("MinStep 10 is above MaxStep 9", backwards.Message, StringComparison.Ordinal);
        Assert.Equal(TrackingErrorKind.NotFound, missing.Kind);
        Assert.Contains(new string('a', 32), missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, unknownKey.Total);
        Assert.Empty(unknownKey.Points);
    }
}

using System.Net;
using System.Text.Json;
using Lepton.Tracking;
using Lepton.Tracking.Comparison;

namespace Lepton.Web.Tests;

/// <summary>The charts' series route: thinned for a chart's width by the store's own thinning, whole in a zoomed range, errors as JSON problems.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SeriesApiTests(DashboardStore store)
{
    private sealed record Series(string Key, int Total, long[] Steps, double?[] Values, long[] Times);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<Series> GetAsync(string query)
    {
        using var client = Http.Client(store);
        var body = await client.PageAsync($"/ui/api/runs/{store.RichRun}/series?{query}");
        return JsonSerializer.Deserialize<Series>(body, Json)!;
    }

    [Fact]
    public async Task A_long_history_is_thinned_to_the_points_asked_for_keeping_each_buckets_extremes()
    {
        var series = await GetAsync($"key={DashboardStore.LongMetric}&maxPoints=1000");

        Assert.Equal(DashboardStore.LongPoints, series.Total);
        Assert.InRange(series.Steps.Length, 500, 1000);
        Assert.Equal(series.Steps.Length, series.Values.Length);
        Assert.Equal(series.Steps.Length, series.Times.Length);
        Assert.Equal(0, series.Steps[0]);
        Assert.Equal(DashboardStore.LongPoints - 1, series.Steps[^1]);
        Assert.True(series.Steps.Zip(series.Steps.Skip(1)).All(p => p.First < p.Second), "steps are not increasing");

        // The same points the library's thinning keeps (the dashboard draws what `lepton runs compare` would).
        var history = await store.Tracking.Store.GetMetricHistoryAsync(store.RichRun, DashboardStore.LongMetric);
        var expected = CurveThinning.MinMaxPerBucket(history, 1000);
        Assert.Equal(expected.Select(p => p.Step), series.Steps);
        // The NaN at step 50,000 comes as null, and the global highest value is kept.
        Assert.Equal(history.Where(p => !double.IsNaN(p.Value)).Max(p => p.Value), series.Values.Max());
    }

    [Fact]
    public async Task A_zoomed_range_comes_at_full_resolution_once_it_fits()
    {
        var series = await GetAsync($"key={DashboardStore.LongMetric}&maxPoints=1000&minStep=49900&maxStep=50399");

        Assert.Equal(500, series.Total);
        Assert.Equal(500, series.Steps.Length);
        Assert.Equal(Enumerable.Range(49_900, 500).Select(i => (long)i), series.Steps);
        Assert.Null(series.Values[100]);
    }

    [Fact]
    public async Task Without_max_points_the_whole_history_comes()
    {
        var series = await GetAsync("key=val_accuracy");

        Assert.Equal(20, series.Total);
        Assert.Equal(20, series.Steps.Length);
        Assert.All(series.Values, v => Assert.NotNull(v));
    }

    [Theory]
    [InlineData("maxPoints=100", 400, "Name the metric")]
    [InlineData("key=loss&maxPoints=3", 400, "maxPoints is 3")]
    [InlineData("key=loss&minStep=10&maxStep=5", 400, "minStep 10 is above maxStep 5")]
    [InlineData("key=no_such_metric", 200, "\"total\":0")]
    public async Task Bad_requests_get_a_json_problem_naming_the_field(string query, int status, string expected)
    {
        using var client = Http.Client(store);
        using var response = await client.GetAsync($"/ui/api/runs/{store.RichRun}/series?{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(expected, body);
        if (status != 200) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_missing_run_is_404_as_json()
    {
        using var client = Http.Client(store);
        using var response = await client.GetAsync("/ui/api/runs/ffffffffffffffffffffffffffffffff/series?key=loss");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ffffffffffffffffffffffffffffffff", await response.Content.ReadAsStringAsync());
    }
}

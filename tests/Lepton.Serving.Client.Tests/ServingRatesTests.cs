using CsCheck;
using Lepton.Serving.Client;

namespace Lepton.Serving.Client.Tests;

public sealed class ServingRatesTests
{
    // le=1: 2, le=2: 6, le=4: 8, +Inf: 10 (cumulative).
    private static readonly MetricHistogram Histogram = new(
        [new(1, 2), new(2, 6), new(4, 8), new(double.PositiveInfinity, 10)], Sum: 25, Count: 10);

    [Theory]
    [InlineData(0.1, 0.5)]    // rank 1 in the first bucket [0, 1] of 2: half way
    [InlineData(0.2, 1.0)]    // rank 2: the first bucket's top
    [InlineData(0.5, 1.75)]   // rank 5: 3 of the 4 in (1, 2]
    [InlineData(0.8, 4.0)]    // rank 8: the top of (2, 4]
    [InlineData(0.7, 3.0)]    // rank 7: 1 of the 2 in (2, 4]
    [InlineData(0.95, 4.0)]   // rank 9.5 falls in +Inf: the highest finite bound
    [InlineData(0.0, 0.0)]
    public void Quantiles_interpolate_within_the_bucket_as_histogram_quantile_does(double q, double expected) =>
        Assert.Equal(expected, Histogram.Quantile(q), 12);

    [Fact]
    public void Quantiles_outside_0_to_1_and_of_empty_histograms_are_what_Prometheus_gives()
    {
        Assert.Equal(double.NegativeInfinity, Histogram.Quantile(-0.1));
        Assert.Equal(double.PositiveInfinity, Histogram.Quantile(1.1));
        Assert.True(double.IsNaN(Histogram.Quantile(double.NaN)));
        Assert.True(double.IsNaN(MetricHistogram.Empty.Quantile(0.5)));
        Assert.True(double.IsNaN(new MetricHistogram([new(1, 0), new(double.PositiveInfinity, 0)], 0, 0).Quantile(0.5)));
        Assert.True(double.IsNaN(new MetricHistogram([new(1, 3), new(2, 4)], 5, 4).Quantile(0.5)), "no +Inf bucket");
        Assert.Equal(2.5, Histogram.Mean);
    }

    [Fact]
    public void Quantiles_rise_with_q_and_stay_within_the_finite_bounds()
    {
        var histograms = from counts in Gen.Int[0, 50].Array[1, 8]
                         from first in Gen.Double[0.001, 10]
                         select Cumulative(counts, first);
        Gen.Select(histograms, Gen.Double[0, 1], Gen.Double[0, 1]).Sample((h, a, b) =>
        {
            var (low, high) = a <= b ? (a, b) : (b, a);
            if (h.Count == 0) return;
            Assert.True(h.Quantile(low) <= h.Quantile(high) + 1e-9);
            Assert.InRange(h.Quantile(high), 0, h.Buckets[^2].UpperBound + 1e-9);
        }, iter: 2000);
    }

    private static MetricHistogram Cumulative(int[] counts, double first)
    {
        var buckets = new List<HistogramBucket>();
        double total = 0, bound = first;
        foreach (var count in counts)
        {
            total += count;
            buckets.Add(new HistogramBucket(bound, total));
            bound *= 2;
        }
        buckets.Add(new HistogramBucket(double.PositiveInfinity, total));
        return new MetricHistogram(buckets, total, total);
    }

    private const string Earlier = """
        lepton_inference_requests_total{model="m",version="1",code="200"} 100
        lepton_inference_requests_total{model="m",version="1",code="400"} 4
        lepton_inference_errors_total{model="m",version="1",reason="invalid_input"} 4
        lepton_request_duration_seconds_bucket{model="m",version="1",le="0.01"} 50
        lepton_request_duration_seconds_bucket{model="m",version="1",le="0.02"} 90
        lepton_request_duration_seconds_bucket{model="m",version="1",le="+Inf"} 104
        lepton_request_duration_seconds_sum{model="m",version="1"} 1.5
        lepton_request_duration_seconds_count{model="m",version="1"} 104
        lepton_batch_size_bucket{model="m",version="1",le="1"} 10
        lepton_batch_size_bucket{model="m",version="1",le="+Inf"} 20
        lepton_batch_size_sum{model="m",version="1"} 60
        lepton_batch_size_count{model="m",version="1"} 20
        """;

    private const string Later = """
        # TYPE lepton_inference_requests_total counter
        lepton_inference_requests_total{model="m",version="1",code="200"} 290
        lepton_inference_requests_total{model="m",version="1",code="400"} 14
        lepton_inference_requests_total{model="m",version="2",code="200"} 7
        lepton_inference_errors_total{model="m",version="1",reason="invalid_input"} 14
        lepton_request_duration_seconds_bucket{model="m",version="1",le="0.01"} 150
        lepton_request_duration_seconds_bucket{model="m",version="1",le="0.02"} 270
        lepton_request_duration_seconds_bucket{model="m",version="1",le="+Inf"} 304
        lepton_request_duration_seconds_sum{model="m",version="1"} 4.5
        lepton_request_duration_seconds_count{model="m",version="1"} 304
        lepton_batch_size_bucket{model="m",version="1",le="1"} 20
        lepton_batch_size_bucket{model="m",version="1",le="+Inf"} 60
        lepton_batch_size_sum{model="m",version="1"} 260
        lepton_batch_size_count{model="m",version="1"} 60
        """;

    [Fact]
    public void Rates_between_two_readings_are_the_increases_over_the_time_between()
    {
        var earlier = ServingMetricsSnapshot.Parse(Earlier, DateTimeOffset.UnixEpoch);
        var later = ServingMetricsSnapshot.Parse(Later, DateTimeOffset.UnixEpoch.AddSeconds(10));
        Assert.Equal([("m", "1"), ("m", "2")], later.Versions);
        Assert.Equal(new Dictionary<string, double> { ["200"] = 290, ["400"] = 14 }, later.RequestsByCode("m", "1"));

        var rates = ServingRates.Between(earlier, later);
        var one = rates.Single(r => r.Version == "1");
        Assert.Equal(20, one.RequestsPerSecond, 12);      // (304 - 104) / 10
        Assert.Equal(1, one.ErrorsPerSecond, 12);         // (14 - 4) / 10
        Assert.Equal(0.05, one.ErrorRatio!.Value, 12);    // 10 / 200
        // The window's buckets: le=0.01: 100, le=0.02: 180, +Inf: 200. p50: rank 100 → 0.01; p95: rank 190 → +Inf → 0.02.
        Assert.Equal(0.01, one.LatencyP50!.Value, 12);
        Assert.Equal(0.02, one.LatencyP95!.Value, 12);
        Assert.Equal(0.02, one.LatencyP99!.Value, 12);
        Assert.Equal(5, one.MeanBatchSize!.Value, 12);    // (260 - 60) / (60 - 20)

        // A version new in the later reading counts from 0; with no latency observed its percentiles are null.
        var two = rates.Single(r => r.Version == "2");
        Assert.Equal(0.7, two.RequestsPerSecond, 12);
        Assert.Null(two.LatencyP50);
        Assert.Null(two.MeanBatchSize);

        // A server that restarted (its counters went down) counts from 0 again, never a negative rate.
        var restarted = ServingRates.Between(later, earlier, 10).Single(r => r.Version == "1");
        Assert.Equal(10.4, restarted.RequestsPerSecond, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ServingRates.Between(earlier, later, 0));
    }

    [Fact]
    public void The_interpolated_median_of_a_window_lies_within_its_bucket()
    {
        var earlier = ServingMetricsSnapshot.Parse(Earlier, DateTimeOffset.UnixEpoch);
        var later = ServingMetricsSnapshot.Parse(Later, DateTimeOffset.UnixEpoch.AddSeconds(10));
        var window = later.RequestDuration("m", "1").Since(earlier.RequestDuration("m", "1"));
        Assert.Equal([100.0, 180, 200], window.Buckets.Select(b => b.Count));
        Assert.Equal(3.0, window.Sum, 12);
        // p70: rank 140, 40 of the 80 in (0.01, 0.02] → 0.015.
        Assert.Equal(0.015, window.Quantile(0.7), 12);
    }
}

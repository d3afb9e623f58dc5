using Lepton.Nn.Models;
using Lepton.Zoo.Forecasting;

namespace Lepton.Zoo.Tests.Forecasting;

public sealed class ForecastingTests
{
    [Fact]
    public void Mase_divides_the_forecast_error_by_the_in_sample_seasonal_naive_error()
    {
        // In-sample one-step naive errors (period 1): |2-1|, |4-2|, |7-4| → mean 2. Forecast errors 1 and 3 → mean 2.
        Assert.Equal(1.0, Mase.Compute([1, 2, 4, 7], [10, 10], [9, 13], 1), 12);
        // Period 2: |4-1|, |7-2| → mean 4; forecast error mean 2 → 0.5.
        Assert.Equal(0.5, Mase.Compute([1, 2, 4, 7], [10, 10], [8, 12], 2), 12);
        Assert.Throws<ArgumentException>(() => Mase.Compute([1, 2], [1], [1], 2));
    }

    [Fact]
    public void Seasonal_naive_repeats_the_last_season()
    {
        var series = new TimeSeries("s", [1, 2, 3, 4, 5, 6, 7], 3, 5);
        Assert.Equal([5.0, 6, 7, 5, 6], series.SeasonalNaive(5));
        Assert.Equal([7.0, 7], (series with { Period = 1 }).SeasonalNaive(2));
    }

    [Fact]
    public void The_forecaster_learns_a_trend_that_seasonal_naive_misses_and_its_saved_network_predicts_the_same()
    {
        LeptonRuntime.Seed(4);
        var random = new Random(4);
        var values = Enumerable.Range(0, 240).Select(t => 0.08 * t + 2 * Math.Sin(2 * Math.PI * t / 12) + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        var series = new TimeSeries("trend and season", values, 12, 12);
        var history = series.WithoutLast(12);
        var actual = values[^12..];
        var forecaster = new SeriesForecaster(history);
        var trained = forecaster.Fit(history, epochs: 30);

        Assert.True(trained["loss"][^1] < trained["loss"][0]);
        var ours = Mase.Compute(history.Values, actual, forecaster.Forecast(history), 12);
        var naive = Mase.Compute(history.Values, actual, history.SeasonalNaive(12), 12);
        Assert.True(ours < naive * 0.7, $"MASE {ours:0.000} vs seasonal naive {naive:0.000}");

        var path = Path.Combine(Path.GetTempPath(), $"lepton-forecaster-{Guid.NewGuid():N}.lepton");
        try
        {
            forecaster.Model.Save(path);
            var loaded = Model.Load(path);
            Assert.Equal(36, loaded.Metadata.Preprocessing["forecaster"]!["lookback"]!.GetValue<int>());
            using var window = TorchSharp.torch.randn(2, 36, 3);
            using var expected = forecaster.Model.Predict(window);
            using var again = loaded.Predict(window);
            Assert.True(expected.allclose(again, rtol: 1e-5, atol: 1e-6));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_series_too_short_or_with_a_missing_value_is_refused_naming_it()
    {
        var shortSeries = new TimeSeries("short one", Enumerable.Range(0, 30).Select(i => (double)i).ToArray(), 12, 12);
        Assert.Contains("short one", Assert.Throws<ArgumentException>(() => new SeriesForecaster(shortSeries).Fit(shortSeries)).Message, StringComparison.Ordinal);
        var gap = new TimeSeries("gappy", [1, 2, double.NaN, 4], 1, 1);
        var error = Assert.Throws<ArgumentException>(() => new SeriesForecaster(gap));
        Assert.Contains("value 3", error.Message, StringComparison.Ordinal);
    }
}

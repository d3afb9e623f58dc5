namespace Lepton.Zoo.Forecasting;

/// <summary>
/// The mean absolute scaled error (Hyndman and Koehler 2006): the forecast's mean absolute error over the horizon,
/// divided by the in-sample mean absolute error of the one-step seasonal-naive forecast on the training values. Below 1
/// beats that naive forecast's typical in-sample error.
/// </summary>
public static class Mase
{
    /// <summary>The MASE of <paramref name="forecast"/> against <paramref name="actual"/>, scaled on <paramref name="training"/>.</summary>
    public static double Compute(IReadOnlyList<double> training, IReadOnlyList<double> actual, IReadOnlyList<double> forecast, int period)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        if (actual.Count != forecast.Count) throw new ArgumentException($"{actual.Count} actual values but {forecast.Count} forecasts.", nameof(forecast));
        if (training.Count <= period) throw new ArgumentException($"MASE needs more than one season ({period}) of training values, not {training.Count}.", nameof(training));
        var scale = Enumerable.Range(period, training.Count - period).Average(t => Math.Abs(training[t] - training[t - period]));
        var error = actual.Zip(forecast).Average(p => Math.Abs(p.First - p.Second));
        return error / scale;
    }
}

using Lepton.Data.Tables;
using Lepton.Nn.Metrics;
using static TorchSharp.torch;

namespace Lepton.Training.Evaluation;

/// <summary>
/// How well predicted values match true values: R², RMSE and MAE (Lepton.Nn's metrics, the figures <c>Fit</c> logs),
/// the residuals (true − predicted) and their distribution.
/// </summary>
public sealed class RegressionEvaluation
{
    /// <summary>The residual histogram has this many bins of equal width.</summary>
    public const int ResidualBins = 20;

    private RegressionEvaluation(double[] predicted, double[] actual)
    {
        Predicted = predicted;
        Actual = actual;
        Residuals = actual.Zip(predicted, (a, p) => a - p).ToArray();
    }

    /// <summary>The rows evaluated.</summary>
    public long Count => Actual.Count;

    /// <summary>The share of the target's variance explained: 1 is perfect, 0 is predicting the mean.</summary>
    public double R2 { get; private init; }

    /// <summary>The square root of the mean squared residual.</summary>
    public double Rmse { get; private init; }

    /// <summary>The mean absolute residual.</summary>
    public double Mae { get; private init; }

    /// <summary>The predicted values, one per row.</summary>
    public IReadOnlyList<double> Predicted { get; }

    /// <summary>The true values, one per row.</summary>
    public IReadOnlyList<double> Actual { get; }

    /// <summary>True minus predicted, one per row.</summary>
    public IReadOnlyList<double> Residuals { get; }

    /// <summary>The residuals' distribution: <see cref="ResidualBins"/> bins of equal width from the smallest to the largest.</summary>
    public IReadOnlyList<HistogramBin> ResidualHistogram { get; private init; } = [];

    /// <summary>The figures by their metric keys (<c>r2</c>, <c>rmse</c>, <c>mae</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [new R2Score().Name] = R2,
        [new RootMeanSquaredError().Name] = Rmse,
        [new MeanAbsoluteErrorMetric().Name] = Mae,
    };

    /// <summary>Evaluates predicted values against true values.</summary>
    /// <exception cref="ArgumentException">The lengths differ, there are no rows, or a value is not finite (named with its row).</exception>
    public static RegressionEvaluation Compute(double[] predicted, double[] actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.Length == 0) throw new ArgumentException("There are no rows to evaluate.", nameof(actual));
        if (predicted.Length != actual.Length) throw new ArgumentException($"There are {predicted.Length} predictions for {actual.Length} true values.", nameof(predicted));
        for (var i = 0; i < actual.Length; i++)
        {
            if (!double.IsFinite(actual[i])) throw new ArgumentException($"Row {i}'s true value is {actual[i]}, not a finite number.", nameof(actual));
            if (!double.IsFinite(predicted[i])) throw new ArgumentException($"Row {i}'s prediction is {predicted[i]}, not a finite number.", nameof(predicted));
        }

        var (r2, rmse, mae) = NnMetrics(predicted, actual);
        return new RegressionEvaluation((double[])predicted.Clone(), (double[])actual.Clone())
        {
            R2 = r2,
            Rmse = rmse,
            Mae = mae,
            ResidualHistogram = Histogram(actual.Zip(predicted, (a, p) => a - p).ToList()),
        };
    }

    private static (double R2, double Rmse, double Mae) NnMetrics(double[] predicted, double[] actual)
    {
        using var scope = NewDisposeScope();
        var outputs = tensor(predicted);
        var targets = tensor(actual);
        var r2 = new R2Score();
        var rmse = new RootMeanSquaredError();
        var mae = new MeanAbsoluteErrorMetric();
        foreach (var metric in new Metric[] { r2, rmse, mae }) metric.Update(outputs, targets);
        return (r2.Result(), rmse.Result(), mae.Result());
    }

    private static List<HistogramBin> Histogram(IReadOnlyList<double> values)
    {
        var low = values.Min();
        var high = values.Max();
        if (high <= low) return [new HistogramBin(low, high, values.Count)];
        var width = (high - low) / ResidualBins;
        var counts = new long[ResidualBins];
        foreach (var v in values) counts[Math.Min(ResidualBins - 1, (int)((v - low) / width))]++;
        return Enumerable.Range(0, ResidualBins).Select(b => new HistogramBin(low + b * width, b == ResidualBins - 1 ? high : low + (b + 1) * width, counts[b])).ToList();
    }
}

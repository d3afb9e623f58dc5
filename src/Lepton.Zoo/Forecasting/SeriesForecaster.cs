using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Zoo.Forecasting;

/// <summary>
/// A multi-step LSTM forecaster for one series. It reads a window of the last <see cref="Lookback"/> values (scaled by
/// the history's mean and standard deviation) with the season's phase as covariates (sine and cosine of the step's
/// position in its period), and predicts all <see cref="TimeSeries.Horizon"/> steps at once as corrections to the
/// seasonal-naive forecast: a network that outputs zero forecasts seasonal-naive, so it starts from a sound baseline.
/// </summary>
public sealed class SeriesForecaster
{
    private const int Features = 3;
    private double _mean;
    private double _scale = 1;

    /// <summary>Creates a forecaster for series like <paramref name="series"/> (its period and horizon).</summary>
    /// <param name="series">The series' shape: period and horizon.</param>
    /// <param name="lookback">How many past values each forecast reads; by default three horizons or one season, the larger, at most 60.</param>
    /// <param name="units">The LSTM's width.</param>
    public SeriesForecaster(TimeSeries series, int? lookback = null, int units = 32)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.Validate();
        Period = series.Period;
        Horizon = series.Horizon;
        Lookback = lookback ?? Math.Min(60, Math.Max(3 * Horizon, Period));
        if (Lookback < 1) throw new ArgumentOutOfRangeException(nameof(lookback), lookback, "The lookback must be at least 1.");
        Model = new Sequential(new Shape(Lookback, Features), [new LSTM(units), new Dense(Horizon)], "lstm_forecaster");
        Model.Compile(new Adam(1e-3), new MeanSquaredError());
    }

    /// <summary>The values each forecast reads.</summary>
    public int Lookback { get; }

    /// <summary>The steps each forecast gives.</summary>
    public int Horizon { get; }

    /// <summary>The seasonal period the covariates and the seasonal-naive base follow.</summary>
    public int Period { get; }

    /// <summary>The network: (lookback, 3) → horizon scaled corrections.</summary>
    public Sequential Model { get; }

    /// <summary>
    /// Trains on every window of <paramref name="history"/> whose horizon it holds; the windows whose horizon ends in the
    /// last <see cref="Horizon"/> values validate (early stopping, best weights kept).
    /// </summary>
    public History Fit(TimeSeries history, int epochs = 200, int batchSize = 32, IEnumerable<Callback>? callbacks = null,
        Verbosity verbose = Verbosity.Silent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        history.Validate();
        var y = history.Values;
        _mean = y.Average();
        var sd = Math.Sqrt(y.Sum(v => (v - _mean) * (v - _mean)) / Math.Max(1, y.Count - 1));
        _scale = sd > 1e-12 ? sd : 1;
        // What a reader of the saved network needs to turn a window into inputs and its outputs into values.
        Model.Metadata.Preprocessing["forecaster"] = new System.Text.Json.Nodes.JsonObject
        {
            ["series"] = history.Name, ["lookback"] = Lookback, ["horizon"] = Horizon, ["period"] = Period, ["mean"] = _mean, ["scale"] = _scale,
            ["inputs"] = "per step: (value - mean) / scale, sin and cos of 2π (step mod period) / period (0 when period is 1)",
            ["outputs"] = "per horizon step k: (value - seasonal-naive value) / scale",
        };

        // Anchor t is the window's last observed step; its targets are t+1 … t+H, its seasonal-naive base needs t+1−P ≥ 0.
        var first = Math.Max(Lookback - 1, Period - 1);
        var last = y.Count - 1 - Horizon;
        var validationFrom = last - Horizon + 1;
        if (validationFrom - first < 8)
            throw new ArgumentException($"Series '{history.Name}' has {y.Count} values: too few for windows of {Lookback} + {Horizon} (and {Horizon} more to validate); shorten the lookback.");
        using var train = Windows(y, first, validationFrom - 1);
        using var validation = Windows(y, validationFrom, last);
        using var stopping = new EarlyStopping("val_loss", patience: 20, restoreBestWeights: true);
        return Model.Fit(train, epochs, batchSize, validationData: validation, callbacks: [stopping, .. callbacks ?? []], verbose: verbose, cancellationToken: cancellationToken);
    }

    /// <summary>The next <see cref="Horizon"/> values after <paramref name="history"/> (scaled as in <see cref="Fit"/>).</summary>
    public double[] Forecast(TimeSeries history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var y = history.Values;
        var t = y.Count - 1;
        if (t < Math.Max(Lookback - 1, Period - 1)) throw new ArgumentException($"Series '{history.Name}' has {y.Count} values; a forecast reads {Math.Max(Lookback, Period)}.");
        using var scope = NewDisposeScope();
        using var input = tensor(Window(y, t), [1, Lookback, Features]);
        using var output = Model.Predict(input);
        var corrections = output.data<float>().ToArray();
        var naive = SeasonalNaive(y, t);
        return [.. Enumerable.Range(0, Horizon).Select(k => naive[k] + corrections[k] * _scale)];
    }

    private TensorDataset Windows(IReadOnlyList<double> y, int from, int to)
    {
        var count = to - from + 1;
        var inputs = new float[count * Lookback * Features];
        var targets = new float[count * Horizon];
        for (var i = 0; i < count; i++)
        {
            var t = from + i;
            Window(y, t).CopyTo(inputs, i * Lookback * Features);
            var naive = SeasonalNaive(y, t);
            for (var k = 0; k < Horizon; k++) targets[i * Horizon + k] = (float)((y[t + 1 + k] - naive[k]) / _scale);
        }
        return new TensorDataset(tensor(inputs, [count, Lookback, Features]), tensor(targets, [count, Horizon]));
    }

    private float[] Window(IReadOnlyList<double> y, int t)
    {
        var window = new float[Lookback * Features];
        for (var j = 0; j < Lookback; j++)
        {
            var step = t - Lookback + 1 + j;
            var value = step >= 0 ? y[step] : y[0];
            window[j * Features] = (float)((value - _mean) / _scale);
            if (Period > 1)
            {
                var phase = 2 * Math.PI * (step % Period) / Period;
                window[j * Features + 1] = (float)Math.Sin(phase);
                window[j * Features + 2] = (float)Math.Cos(phase);
            }
        }
        return window;
    }

    private double[] SeasonalNaive(IReadOnlyList<double> y, int t) =>
        [.. Enumerable.Range(1, Horizon).Select(k => y[t + 1 - Period + (k - 1) % Period])];
}

using Lepton.Nn.Models;

namespace Lepton.Zoo.Forecasting;

/// <summary>
/// <c>forecast</c>: an LSTM forecaster per series on the real series statsmodels ships (CO₂, sunspots, electrical
/// equipment, the Nile), each forecast over its last horizon from everything before it. Judged by the mean MASE over the
/// series, with the seasonal-naive forecast's MASE beside.
/// </summary>
internal sealed class ForecastRecipe : ZooRecipe
{
    public override string Name => "forecast";

    public override string Description => "multi-step LSTM forecaster per series on statsmodels' co2, sunspots, elec_equip and nile";

    public override string Metric => "mase";

    public override MetricDirection Direction => MetricDirection.Minimize;

    public override string Goal => "below seasonal-naive's on every series; within 10% of the better of statsmodels' ETS and SARIMA (benchmark)";

    public override IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>
    {
        ["epochs"] = "the most epochs per series (default 200; early stopping on the last windows ends sooner; 3 with --quick)",
        ["units"] = "the LSTM's width (default 32)",
    };

    public override RecipeResult Run(RecipeContext context)
    {
        var epochs = context.IntOption("epochs", context.Quick ? 3 : 200, 1, 100_000);
        var units = context.IntOption("units", 32, 1, 4096);
        var all = StatsmodelsSeries.Load(context.Data, context.Log);
        var figures = new Dictionary<string, double>();
        var scores = new List<double>();
        var naiveScores = new List<double>();
        Model? kept = null;
        foreach (var series in context.Quick ? all.Where(s => s.Period == 12) : all)
        {
            var history = series.WithoutLast(series.Horizon);
            var actual = series.Values.Skip(history.Values.Count).ToArray();
            var forecaster = new SeriesForecaster(history, units: units);
            context.Log.WriteLine($"{series.Name}: {history.Values.Count} values, forecasting the last {series.Horizon} (period {series.Period}, lookback {forecaster.Lookback}).");
            // The saved series' training is the one the run records; the others show progress only.
            var trained = forecaster.Fit(history, epochs, callbacks: series.Period == 12 ? context.Callbacks : context.Progress,
                verbose: context.Verbosity, cancellationToken: context.CancellationToken);
            var mase = Mase.Compute(history.Values, actual, forecaster.Forecast(history), series.Period);
            var naive = Mase.Compute(history.Values, actual, history.SeasonalNaive(series.Horizon), series.Period);
            var key = Key(series);
            figures[$"mase_{key}"] = mase;
            figures[$"seasonal_naive_mase_{key}"] = naive;
            // Below 1 when the forecast beats seasonal-naive over the same horizon (the MAE ratio).
            figures[$"relative_to_seasonal_naive_{key}"] = mase / naive;
            figures[$"epochs_{key}"] = trained.Epochs.Count;
            scores.Add(mase);
            naiveScores.Add(naive);
            if (series.Period == 12) kept = forecaster.Model;
        }
        figures["seasonal_naive_mase"] = naiveScores.Average();
        if (kept is not null) kept.Metadata.Description = "LSTM forecaster of the electrical equipment orders series (statsmodels' elec_equip): a window of 54 months to the next 18.";
        return new RecipeResult
        {
            Value = scores.Average(),
            Model = kept,
            Figures = figures,
            Parameters = new Dictionary<string, object?> { ["max_epochs"] = epochs, ["units"] = units, ["series"] = string.Join(", ", all.Select(Key)) },
        };
    }

    private static string Key(TimeSeries series) => series.Name.Split(' ')[0].ToLowerInvariant() switch
    {
        "co2" => "co2",
        "electrical" => "elec_equip",
        var other => other,
    };
}

namespace Lepton.Zoo.Forecasting;

/// <summary>One series to forecast: its values in time order, its seasonal period and how far ahead it is forecast.</summary>
/// <param name="Name">What the series is (shown in figures).</param>
/// <param name="Values">The observations, oldest first, evenly spaced, none missing.</param>
/// <param name="Period">The seasonal period in steps (12 for monthly data with a yearly season; 1 when there is none).</param>
/// <param name="Horizon">How many steps ahead it is forecast.</param>
public sealed record TimeSeries(string Name, IReadOnlyList<double> Values, int Period, int Horizon)
{
    /// <summary>The series without its last <paramref name="count"/> values (what a forecaster may see before them).</summary>
    public TimeSeries WithoutLast(int count) => this with { Values = Values.Take(Values.Count - count).ToArray() };

    /// <summary>The seasonal-naive forecast of the next <paramref name="steps"/> values: each is the value one season before it.</summary>
    public double[] SeasonalNaive(int steps)
    {
        var n = Values.Count;
        if (n < Period) throw new ArgumentException($"Series '{Name}' has {n} values, fewer than one season ({Period}).");
        return [.. Enumerable.Range(1, steps).Select(k => Values[n - Period + (k - 1) % Period])];
    }

    /// <summary>Checks the series can be trained on and forecast; the message names the series and what is wrong.</summary>
    internal void Validate()
    {
        if (Period < 1) throw new ArgumentException($"Series '{Name}': the period must be at least 1, not {Period}.");
        if (Horizon < 1) throw new ArgumentException($"Series '{Name}': the horizon must be at least 1, not {Horizon}.");
        for (var i = 0; i < Values.Count; i++)
        {
            if (!double.IsFinite(Values[i])) throw new ArgumentException($"Series '{Name}': value {i + 1} is {Values[i]}; fill or drop missing values first.");
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>Real numbers from <see cref="Low"/> to <see cref="High"/>, optionally log-scaled, optionally on a grid of <see cref="Step"/>.</summary>
public sealed class FloatDistribution : Distribution
{
    /// <summary>Creates the range; with <paramref name="step"/> values are <paramref name="low"/> + k·step (quniform), with <paramref name="log"/> uniform in log space.</summary>
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high)) throw new ArgumentException($"A float range needs finite bounds, not [{low}, {high}].");
        if (low > high) throw new ArgumentException($"A float range's low ({Show(low)}) is above its high ({Show(high)}): the range is empty.");
        if (log && low <= 0) throw new ArgumentException($"A log-scaled range needs a low above 0, not {Show(low)}.");
        if (step is { } s && (!double.IsFinite(s) || s <= 0)) throw new ArgumentException($"A float range's step must be above 0, not {Show(s)}.");
        Low = low;
        // The highest value on the grid, as Optuna does: a range whose length is not a multiple of the step ends below high.
        High = step is { } q && !log ? low + Math.Floor((high - low) / q + 1e-9) * q : high;
        Log = log;
        Step = step;
    }

    /// <summary>The lowest value.</summary>
    public double Low { get; }

    /// <summary>The highest value.</summary>
    public double High { get; }

    /// <summary>Whether values are spread evenly in log space.</summary>
    public bool Log { get; }

    /// <summary>The grid's step, or null for any real number.</summary>
    public double? Step { get; }

    /// <summary>Rounds to the grid (a log-scaled grid rounds in the ordinary scale, as Ray Tune's qloguniform) and clips to the range.</summary>
    public double Round(double value)
    {
        if (Step is { } q) value = Log ? Math.Round(value / q) * q : Low + Math.Round((value - Low) / q) * q;
        return Math.Clamp(value, Low, High);
    }

    /// <inheritdoc />
    public override JsonNode? ToValue(double internalValue) => JsonValue.Create(internalValue);

    /// <inheritdoc />
    public override double? ToInternal(JsonNode? value) =>
        JsonNumber.Read(value) is { } d && Contains(d) ? d : null;

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue >= Low - 1e-12 * Math.Abs(Low) && internalValue <= High + 1e-12 * Math.Abs(High);

    /// <inheritdoc />
    public override double SampleUniform(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = random.NextDouble();
        var x = Log ? Math.Exp(Math.Log(Low) + u * (Math.Log(High) - Math.Log(Low))) : Low + u * (High - Low);
        return Round(x);
    }

    /// <inheritdoc />
    public override JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = "float", ["low"] = Low, ["high"] = High, ["log"] = Log };
        if (Step is { } s) json["step"] = s;
        return json;
    }

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

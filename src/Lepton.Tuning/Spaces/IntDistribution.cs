using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>Integers from <see cref="Low"/> to <see cref="High"/> inclusive, every <see cref="Step"/>, optionally log-scaled.</summary>
public sealed class IntDistribution : Distribution
{
    /// <summary>Creates the range: <paramref name="low"/>, low + step, …, up to <paramref name="high"/>; with <paramref name="log"/> uniform in log space.</summary>
    public IntDistribution(long low, long high, bool log = false, long step = 1)
    {
        if (low > high) throw new ArgumentException($"An integer range's low ({low}) is above its high ({high}): the range is empty.");
        if (step < 1) throw new ArgumentException($"An integer range's step must be at least 1, not {step}.");
        if (log && low < 1) throw new ArgumentException($"A log-scaled integer range needs a low of at least 1, not {low}.");
        if (log && step != 1) throw new ArgumentException("A log-scaled integer range takes every integer (step 1).");
        Low = low;
        High = low + (high - low) / step * step;
        Log = log;
        Step = step;
    }

    /// <summary>The lowest value.</summary>
    public long Low { get; }

    /// <summary>The highest value on the grid (at most the high asked for).</summary>
    public long High { get; }

    /// <summary>Whether values are spread evenly in log space.</summary>
    public bool Log { get; }

    /// <summary>The distance between neighbouring values.</summary>
    public long Step { get; }

    /// <summary>The nearest value of the range.</summary>
    public double Round(double value) => Math.Clamp(Low + Math.Round((value - Low) / Step) * Step, Low, High);

    /// <inheritdoc />
    public override JsonNode? ToValue(double internalValue) => JsonValue.Create((long)Math.Round(internalValue));

    /// <inheritdoc />
    public override double? ToInternal(JsonNode? value) =>
        JsonNumber.Read(value) is { } d && Contains(d) ? d : null;

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High && Math.Abs((internalValue - Low) / Step - Math.Round((internalValue - Low) / Step)) < 1e-9;

    /// <inheritdoc />
    public override double SampleUniform(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!Log) return Low + random.NextInt64(0, (High - Low) / Step + 1) * Step;
        // Uniform in log space over [low − ½, high + ½], as Optuna does, so the end values are as likely as their neighbours.
        var (a, b) = (Math.Log(Low - 0.5 + 1e-9), Math.Log(High + 0.5));
        return Round(Math.Exp(a + random.NextDouble() * (b - a)));
    }

    /// <inheritdoc />
    public override JsonObject ToJson() => new() { ["type"] = "int", ["low"] = Low, ["high"] = High, ["log"] = Log, ["step"] = Step };
}

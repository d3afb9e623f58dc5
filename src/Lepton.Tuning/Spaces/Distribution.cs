using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>
/// The values one hyperparameter may take. Samplers work on a number per parameter (its internal value: the number
/// itself, or a choice's index); <see cref="ToValue"/> turns it into the value an objective reads.
/// </summary>
public abstract class Distribution
{
    private protected Distribution()
    {
    }

    /// <summary>The value an internal value stands for: a number, or the chosen value.</summary>
    public abstract JsonNode? ToValue(double internalValue);

    /// <summary>The internal value of <paramref name="value"/>, or null when the distribution cannot produce it.</summary>
    public abstract double? ToInternal(JsonNode? value);

    /// <summary>Whether <paramref name="internalValue"/> is one this distribution can produce.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>A value drawn uniformly (uniformly in log space for a log-scaled range).</summary>
    public abstract double SampleUniform(Random random);

    /// <summary>The distribution as JSON, as a study stores it.</summary>
    public abstract JsonObject ToJson();

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static Distribution FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var type = json["type"]?.GetValue<string>();
        return type switch
        {
            "float" => new FloatDistribution(json["low"]!.GetValue<double>(), json["high"]!.GetValue<double>(),
                json["log"]?.GetValue<bool>() ?? false, json["step"]?.GetValue<double>()),
            "int" => new IntDistribution(json["low"]!.GetValue<long>(), json["high"]!.GetValue<long>(),
                json["log"]?.GetValue<bool>() ?? false, json["step"]?.GetValue<long>() ?? 1),
            "categorical" => new CategoricalDistribution((json["choices"] as JsonArray ?? throw new FormatException("A categorical distribution needs 'choices'."))
                .Select(c => c?.DeepClone()).ToList()),
            _ => throw new FormatException($"Unknown distribution type '{type}': expected float, int or categorical."),
        };
    }

    /// <inheritdoc />
    public override string ToString() => ToJson().ToJsonString();
}

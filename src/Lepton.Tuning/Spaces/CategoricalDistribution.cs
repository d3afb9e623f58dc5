using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>One of a list of values: numbers, strings, booleans, lists or objects (a layer list, say). The internal value is the index.</summary>
public sealed class CategoricalDistribution : Distribution
{
    private readonly JsonNode?[] choices;

    /// <summary>Creates the choice; it needs at least one value and no value twice.</summary>
    public CategoricalDistribution(IEnumerable<JsonNode?> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        this.choices = choices.Select(c => c?.DeepClone()).ToArray();
        if (this.choices.Length == 0) throw new ArgumentException("A choice needs at least one value.");
        for (var i = 0; i < this.choices.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonNode.DeepEquals(this.choices[i], this.choices[j]))
                    throw new ArgumentException($"A choice lists the value {this.choices[i]?.ToJsonString() ?? "null"} twice (positions {j} and {i}).");
            }
        }
    }

    /// <summary>The values, in order.</summary>
    public IReadOnlyList<JsonNode?> Choices => choices.Select(c => c?.DeepClone()).ToList();

    /// <summary>How many values there are.</summary>
    public int Count => choices.Length;

    /// <inheritdoc />
    public override JsonNode? ToValue(double internalValue) => choices[(int)internalValue]?.DeepClone();

    /// <inheritdoc />
    public override double? ToInternal(JsonNode? value)
    {
        for (var i = 0; i < choices.Length; i++)
        {
            if (JsonNode.DeepEquals(choices[i], value)) return i;
        }
        return null;
    }

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < choices.Length && internalValue == Math.Floor(internalValue);

    /// <inheritdoc />
    public override double SampleUniform(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(choices.Length);
    }

    /// <inheritdoc />
    public override JsonObject ToJson() => new() { ["type"] = "categorical", ["choices"] = new JsonArray(choices.Select(c => c?.DeepClone()).ToArray()) };
}

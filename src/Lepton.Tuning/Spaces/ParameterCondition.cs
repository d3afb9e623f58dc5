using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>When a parameter exists: only in trials where <see cref="Parameter"/> exists and took one of <see cref="Values"/> (e.g. <c>gbm.num_leaves</c> only when <c>model_type</c> is <c>gbm</c>).</summary>
public sealed class ParameterCondition
{
    private readonly JsonNode?[] values;

    /// <summary>Creates the condition.</summary>
    public ParameterCondition(string parameter, IEnumerable<JsonNode?> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        ArgumentNullException.ThrowIfNull(values);
        Parameter = parameter;
        this.values = values.Select(v => v?.DeepClone()).ToArray();
        if (this.values.Length == 0) throw new ArgumentException($"A condition on '{parameter}' needs at least one value.");
    }

    /// <summary>The parameter this one depends on.</summary>
    public string Parameter { get; }

    /// <summary>The values of <see cref="Parameter"/> for which the parameter exists.</summary>
    public IReadOnlyList<JsonNode?> Values => values.Select(v => v?.DeepClone()).ToList();

    /// <summary>Whether <paramref name="value"/> is one of <see cref="Values"/>.</summary>
    public bool Holds(JsonNode? value) => values.Any(v => JsonNode.DeepEquals(v, value));

    internal string Key => $"{Parameter}∈{new JsonArray(values.Select(v => v?.DeepClone()).ToArray()).ToJsonString()}";

    /// <summary>The condition as JSON.</summary>
    public JsonObject ToJson() => new() { ["parameter"] = Parameter, ["values"] = new JsonArray(values.Select(v => v?.DeepClone()).ToArray()) };
}

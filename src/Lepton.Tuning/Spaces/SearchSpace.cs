using System.Collections;
using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>
/// The hyperparameters a study searches, in order: a parameter with a condition comes after the one it depends on.
/// Samplers draw the parameters of a trial in this order, so a condition is decided before what depends on it.
/// </summary>
public sealed class SearchSpace : IReadOnlyList<SearchParameter>
{
    private readonly List<SearchParameter> parameters = [];

    /// <summary>Adds a parameter; <paramref name="when"/> makes it exist only for some values of an earlier one.</summary>
    /// <param name="name">A name not used yet.</param>
    /// <param name="distribution">Its values.</param>
    /// <param name="when">When it exists, or null for always.</param>
    /// <param name="grid">Whether a grid search walks its values (it must be a choice).</param>
    public SearchSpace Add(string name, Distribution distribution, ParameterCondition? when = null, bool grid = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(distribution);
        if (Find(name) is not null) throw new ArgumentException($"The search space has a parameter '{name}' already.", nameof(name));
        if (when is not null)
        {
            var parent = Find(when.Parameter)
                ?? throw new ArgumentException($"'{name}' depends on '{when.Parameter}', which is not an earlier parameter of the search space{Earlier()}.", nameof(when));
            foreach (var value in when.Values)
            {
                if (parent.Distribution.ToInternal(value) is null)
                    throw new ArgumentException($"'{name}' exists when '{when.Parameter}' is {value?.ToJsonString() ?? "null"}, but '{when.Parameter}' never takes that value ({parent.Distribution}).", nameof(when));
            }
        }
        if (grid && distribution is not CategoricalDistribution) throw new ArgumentException($"'{name}': a grid parameter lists its values (a choice).", nameof(grid));
        parameters.Add(new SearchParameter(name, distribution, when, grid));
        return this;
    }

    /// <summary>The parameter named <paramref name="name"/>.</summary>
    public SearchParameter this[string name] => Find(name) ?? throw new KeyNotFoundException($"The search space has no parameter '{name}'{Earlier()}.");

    /// <inheritdoc />
    public SearchParameter this[int index] => parameters[index];

    /// <inheritdoc />
    public int Count => parameters.Count;

    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public SearchParameter? Find(string name) => parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>Whether <paramref name="parameter"/> exists given the values drawn so far (internal values by name).</summary>
    public bool IsActive(SearchParameter parameter, IReadOnlyDictionary<string, double> drawn)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(drawn);
        if (parameter.Condition is not { } condition) return true;
        return drawn.TryGetValue(condition.Parameter, out var value) && condition.Holds(this[condition.Parameter].Distribution.ToValue(value));
    }

    /// <summary>The space as JSON, as a study stores it: resuming a study with a different space is an error.</summary>
    public JsonArray ToJson() => new(parameters.Select(p => (JsonNode)p.ToJson()).ToArray());

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static SearchSpace FromJson(JsonArray json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var space = new SearchSpace();
        foreach (var item in json.OfType<JsonObject>())
        {
            var when = item["when"] is JsonObject w
                ? new ParameterCondition(w["parameter"]!.GetValue<string>(), (w["values"] as JsonArray ?? []).Select(v => v?.DeepClone()))
                : null;
            space.Add(item["name"]!.GetValue<string>(), Distribution.FromJson((JsonObject)item["distribution"]!), when, item["grid"]?.GetValue<bool>() ?? false);
        }
        return space;
    }

    /// <summary>Whether two spaces are the same parameters with the same values and conditions.</summary>
    public bool SameAs(SearchSpace other) => other is not null && JsonNode.DeepEquals(ToJson(), other.ToJson());

    /// <inheritdoc />
    public IEnumerator<SearchParameter> GetEnumerator() => parameters.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string Earlier() => parameters.Count == 0 ? " (it has none)" : $" (it has {string.Join(", ", parameters.Select(p => p.Name))})";
}

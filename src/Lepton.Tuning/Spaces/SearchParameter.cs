using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>One hyperparameter of a search space: its name (a dotted path in a spec), its values, and when it exists.</summary>
public sealed class SearchParameter
{
    internal SearchParameter(string name, Distribution distribution, ParameterCondition? condition, bool grid)
    {
        Name = name;
        Distribution = distribution;
        Condition = condition;
        Grid = grid;
    }

    /// <summary>The name, e.g. <c>trainer.learning_rate</c>.</summary>
    public string Name { get; }

    /// <summary>The values it may take.</summary>
    public Distribution Distribution { get; }

    /// <summary>When it exists; null for always.</summary>
    public ParameterCondition? Condition { get; }

    /// <summary>Whether a grid search walks every value (Ludwig's <c>grid_search</c>); other samplers treat it as a choice.</summary>
    public bool Grid { get; }

    /// <summary>The parameter as JSON.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["name"] = Name, ["distribution"] = Distribution.ToJson() };
        if (Condition is not null) json["when"] = Condition.ToJson();
        if (Grid) json["grid"] = true;
        return json;
    }
}

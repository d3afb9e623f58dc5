using System.Text.Json.Nodes;

namespace Lepton.Training.Specs;

/// <summary>
/// One searched parameter of a <c>hyperopt</c> section: a dotted path into the spec (<c>trainer.learning_rate</c>) and
/// its space in Ludwig's vocabulary: <c>choice</c> and <c>grid_search</c> list values; <c>uniform</c>, <c>quniform</c>,
/// <c>loguniform</c>, <c>qloguniform</c> take <c>lower</c>, <c>upper</c> (and <c>q</c>); <c>randint</c> and
/// <c>lograndint</c> take integers from <c>lower</c> up to but not including <c>upper</c>, <c>qrandint</c> up to and
/// including it (as Ray Tune, which Ludwig uses).
/// </summary>
public sealed class HyperoptParameter
{
    internal HyperoptParameter(string path, string space, string where)
    {
        Path = path;
        Space = space;
        Where = where;
    }

    /// <summary>The dotted path of the spec value it sets.</summary>
    public string Path { get; }

    /// <summary>The model family the value belongs to: <c>gbm</c> for <c>gbm.*</c>, <c>nn</c> for <c>combiner.*</c> and <c>trainer.*</c> (but its time limit); null for values of both.</summary>
    public string? Family => SpecPaths.FamilyOf(Path);

    /// <summary>The space type.</summary>
    public string Space { get; }

    /// <summary>Where it is written, for errors ("spec.yaml, line 12, column 5").</summary>
    public string Where { get; }

    /// <summary>The lowest value, for a range.</summary>
    public double? Lower { get; internal set; }

    /// <summary>The upper end, for a range (see the class summary for which spaces include it).</summary>
    public double? Upper { get; internal set; }

    /// <summary>The grid step, for the q spaces.</summary>
    public double? Q { get; internal set; }

    /// <summary>The values, for <c>choice</c> (Ludwig's <c>categories</c>) and <c>grid_search</c> (<c>values</c>).</summary>
    public IReadOnlyList<JsonNode?> Values { get; internal set; } = [];

    /// <summary>The path of the parameter this one depends on (<c>when:</c>), or null.</summary>
    public string? WhenPath { get; internal set; }

    /// <summary>The values of <see cref="WhenPath"/> for which this parameter exists.</summary>
    public IReadOnlyList<JsonNode?> WhenValues { get; internal set; } = [];
}

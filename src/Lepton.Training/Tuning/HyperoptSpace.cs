using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Training.Automatic;
using Lepton.Training.Specs;
using Lepton.Tuning.Spaces;

namespace Lepton.Training.Tuning;

/// <summary>
/// A <c>hyperopt</c> section's parameters as a <see cref="SearchSpace"/>. Ludwig's space types map to distributions
/// (randint and lograndint exclude their upper end, qrandint includes it, as Ray Tune); a family's own values
/// (<c>gbm.*</c>; <c>combiner.*</c> and <c>trainer.*</c> but its time limit) exist only when a searched
/// <c>model_type</c> picks that family, unless <c>when:</c> says otherwise.
/// </summary>
internal static class HyperoptSpace
{
    public static SearchSpace From(HyperoptSpec hyperopt, TrainingSpec spec, string? fixedModelType)
    {
        var parameters = hyperopt.Parameters;
        var modelType = parameters.FirstOrDefault(p => p.Path == "model_type");
        var ordered = Order(parameters);
        var space = new SearchSpace();
        foreach (var p in ordered)
        {
            var distribution = Distribution(p);
            ParameterCondition? when = null;
            if (p.WhenPath is not null) when = new ParameterCondition(p.WhenPath, p.WhenValues);
            else if (p.Family is { } family)
            {
                if (modelType is not null)
                {
                    if (!modelType.Values.Any(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == family))
                        throw new TrainingException($"{p.Where}: '{p.Path}' is a {family} setting, but the searched model_type never picks {family} ({string.Join(", ", modelType.Values.Select(v => v?.ToJsonString()))}).");
                    when = new ParameterCondition("model_type", [JsonValue.Create(family)]);
                }
                else if (fixedModelType is not null && fixedModelType != family)
                    throw new TrainingException($"{p.Where}: '{p.Path}' is a {family} setting, but the spec trains {fixedModelType} (model_type). Search model_type too, or drop '{p.Path}'.");
            }
            try
            {
                space.Add(p.Path, distribution, when, grid: p.Space == "grid_search");
            }
            catch (ArgumentException e)
            {
                throw new TrainingException($"{p.Where}: {e.Message}", e);
            }
        }
        Check(space, spec);
        return space;
    }

    private static Distribution Distribution(HyperoptParameter p)
    {
        try
        {
            return p.Space switch
            {
                "choice" or "grid_search" => new CategoricalDistribution(p.Values),
                "uniform" => new FloatDistribution(p.Lower!.Value, p.Upper!.Value),
                "quniform" => new FloatDistribution(p.Lower!.Value, p.Upper!.Value, step: p.Q),
                "loguniform" => new FloatDistribution(p.Lower!.Value, p.Upper!.Value, log: true),
                "qloguniform" => new FloatDistribution(p.Lower!.Value, p.Upper!.Value, log: true, step: p.Q),
                "randint" => new IntDistribution(Integer(p, p.Lower!.Value, "lower"), Integer(p, p.Upper!.Value, "upper") - 1),
                "lograndint" => new IntDistribution(Integer(p, p.Lower!.Value, "lower"), Integer(p, p.Upper!.Value, "upper") - 1, log: true),
                "qrandint" => new IntDistribution(Integer(p, p.Lower!.Value, "lower"), Integer(p, p.Upper!.Value, "upper"), step: Integer(p, p.Q!.Value, "q")),
                _ => throw new TrainingException($"{p.Where}: unknown space '{p.Space}'."),
            };
        }
        catch (ArgumentException e)
        {
            var exclusive = p.Space is "randint" or "lograndint" ? $" ({p.Space} stops before upper, as Ray Tune's)" : "";
            throw new TrainingException($"{p.Where}: hyperopt.parameters.{p.Path}: {e.Message}{exclusive}", e);
        }
    }

    private static long Integer(HyperoptParameter p, double value, string key) =>
        value == Math.Floor(value) ? (long)value
        : throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"{p.Where}: hyperopt.parameters.{p.Path}.{key} must be a whole number for {p.Space}, not {value}."));

    /// <summary>Parameters after the ones they depend on (model_type first), otherwise in the spec's order.</summary>
    private static List<HyperoptParameter> Order(IReadOnlyList<HyperoptParameter> parameters)
    {
        var ordered = new List<HyperoptParameter>();
        var pending = parameters.OrderBy(p => p.Path == "model_type" ? 0 : 1).ToList();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(p => p.WhenPath is null || ordered.Any(o => o.Path == p.WhenPath))
                ?? throw new TrainingException($"{pending[0].Where}: the when: conditions of {string.Join(", ", pending.Select(p => p.Path))} depend on each other in a circle.");
            ordered.Add(next);
            pending.Remove(next);
        }
        return ordered;
    }

    /// <summary>Every value a parameter can take fits the spec where it goes: each choice, and a range's ends and middle.</summary>
    private static void Check(SearchSpace space, TrainingSpec spec)
    {
        foreach (var parameter in space)
        {
            var probes = parameter.Distribution switch
            {
                CategoricalDistribution c => Enumerable.Range(0, c.Count).Select(i => c.ToValue(i)).ToList(),
                FloatDistribution f => [f.ToValue(f.Low), f.ToValue(f.High), f.ToValue(f.Step is null ? (f.Low + f.High) / 2 : f.Round((f.Low + f.High) / 2))],
                IntDistribution i => [i.ToValue(i.Low), i.ToValue(i.High)],
                _ => [],
            };
            foreach (var probe in probes)
            {
                var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { [parameter.Name] = probe };
                // A family's own value is checked with that family picked.
                if (parameter.Condition is { Parameter: "model_type" } c && c.Values.Count > 0) values["model_type"] = c.Values[0];
                try
                {
                    _ = spec.With(values);
                }
                catch (TrainingException e)
                {
                    throw new TrainingException($"hyperopt.parameters.{parameter.Name} can be {probe?.ToJsonString() ?? "null"}, which the spec refuses: {e.Message}", e);
                }
            }
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Training.Automatic;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lepton.Training.Specs;

/// <summary>Reads a spec's <c>hyperopt</c> section node by node, each mistake an error naming its line and column.</summary>
internal static class HyperoptReader
{
    public static readonly string[] Keys = ["goal", "metric", "output_feature", "split", "folds", "search_alg", "pruner", "executor", "parameters"];
    public static readonly string[] Goals = ["minimize", "maximize"];
    public static readonly string[] Metrics = ["loss", "accuracy", "f1_macro", "r2", "rmse", "mae"];
    public static readonly string[] Splits = ["validation", "cross_validation"];
    public static readonly string[] SearchAlgorithms = ["tpe", "random", "grid"];
    public static readonly string[] Pruners = ["median", "none", "successive_halving", "hyperband"];
    public static readonly string[] ExecutorKeys = ["num_trials", "num_samples", "max_parallel", "max_concurrent_trials", "time_limit", "time_budget_s"];
    public static readonly string[] ParameterKeys = ["space", "lower", "upper", "q", "categories", "values", "when"];
    public static readonly string[] Spaces = ["choice", "grid_search", "uniform", "quniform", "loguniform", "qloguniform", "randint", "qrandint", "lograndint"];

    public static HyperoptSpec Read(SpecReader reader, YamlNode node)
    {
        var section = reader.Mapping(node, "hyperopt");
        var spec = new HyperoptSpec { Where = reader.Where(node.Start) };
        var parameters = new List<HyperoptParameter>();
        foreach (var (key, value) in reader.Entries(section, "hyperopt", Keys))
        {
            var where = $"hyperopt.{key}";
            switch (key)
            {
                case "goal": spec.Goal = reader.Word(value, where, Goals); break;
                case "metric": spec.Metric = reader.Word(value, where, Metrics); spec.MetricWhere = reader.Where(value.Start); break;
                case "output_feature": break;   // Ludwig's; one output (or "combined") is the only target tuned
                case "split":
                    var split = reader.Text(value, where)?.Trim().ToLowerInvariant().Replace('-', '_');
                    if (split is "test") throw reader.Fail(value, "hyperopt.split is 'test': tuning on the test rows would leave no unseen rows to report the final model on. Use validation or cross_validation.");
                    spec.Split = reader.Word(value, where, Splits, split is "cv" ? "cross_validation" : null);
                    break;
                case "folds": spec.Folds = reader.Int(value, where, min: 2, max: 100); break;
                case "search_alg":
                    if (value is YamlScalarNode) spec.SearchAlgorithm = Algorithm(reader, value, where);
                    else
                        foreach (var (k, v) in reader.Entries(reader.Mapping(value, where), where, ["type", "seed", "random_state"]))
                        {
                            if (k == "type") spec.SearchAlgorithm = Algorithm(reader, v, $"{where}.type");
                            else spec.Seed = reader.Int(v, $"{where}.{k}");
                        }
                    break;
                case "pruner":
                    var pruner = value is YamlMappingNode map
                        ? reader.Entries(map, where, ["type"]).Select(e => e.Value).FirstOrDefault() ?? throw reader.Fail(value, $"{where} needs 'type:'.")
                        : value;
                    var pruning = reader.Text(pruner, where)?.Trim().ToLowerInvariant();
                    spec.Pruner = reader.Word(pruner, where, Pruners, pruning is "asha" ? "successive_halving" : pruning is "null" or "~" ? "none" : null);
                    break;
                case "executor":
                    foreach (var (k, v) in reader.Entries(reader.Mapping(value, where), where, ExecutorKeys))
                    {
                        var at = $"{where}.{k}";
                        switch (k)
                        {
                            case "num_trials" or "num_samples": spec.Trials = reader.Int(v, at, min: 1, max: 1_000_000); break;
                            case "max_parallel" or "max_concurrent_trials": spec.MaxParallel = reader.Int(v, at, min: 1, max: 256); break;
                            case "time_limit": spec.TimeLimit = reader.Duration(v, at); break;
                            case "time_budget_s": spec.TimeLimit = TimeSpan.FromSeconds(reader.Double(v, at, 1e-3, 1e9)); break;
                        }
                    }
                    break;
                case "parameters":
                    var map2 = reader.Mapping(value, where);
                    foreach (var (keyNode, definition) in map2.Children)
                    {
                        var path = reader.Text(keyNode, "a hyperopt parameter's path") ?? throw reader.Fail(keyNode, "a hyperopt parameter has an empty path.");
                        if (SpecPaths.Problem(path) is { } problem) throw reader.Fail(keyNode, $"hyperopt.parameters: {problem}");
                        if (parameters.Any(p => p.Path == path)) throw reader.Fail(keyNode, $"hyperopt.parameters lists '{path}' twice.");
                        parameters.Add(Parameter(reader, path, keyNode, definition));
                    }
                    break;
            }
        }
        if (parameters.Count == 0) throw reader.Fail(node, "hyperopt has no 'parameters': name at least one spec value to search, e.g. trainer.learning_rate: {space: loguniform, lower: 0.0001, upper: 0.1}.");
        foreach (var p in parameters.Where(p => p.WhenPath is not null))
        {
            if (parameters.All(q => q.Path != p.WhenPath))
                throw new TrainingException($"{p.Where}: '{p.Path}' depends on '{p.WhenPath}' (when:), which is not a searched parameter. Searched: {string.Join(", ", parameters.Select(q => q.Path))}.");
        }
        spec.Parameters = parameters;
        return spec;
    }

    private static string Algorithm(SpecReader reader, YamlNode node, string where)
    {
        var text = reader.Text(node, where)?.Trim().ToLowerInvariant();
        return reader.Word(node, where, SearchAlgorithms, text switch
        {
            "hyperopt" or "optuna" => "tpe",
            "variant_generator" or "random_search" => "random",
            "grid_search" => "grid",
            _ => null,
        });
    }

    private static HyperoptParameter Parameter(SpecReader reader, string path, YamlNode keyNode, YamlNode node)
    {
        var where = $"hyperopt.parameters.{path}";
        var map = reader.Mapping(node, where);
        var entries = reader.Entries(map, where, ParameterKeys).ToDictionary(e => e.Key, e => e.Value);
        var space = entries.TryGetValue("space", out var s) ? reader.Word(s, $"{where}.space", Spaces)
            : throw reader.Fail(map, $"{where} has no 'space': give one of {string.Join(", ", Spaces)}.");
        var parameter = new HyperoptParameter(path, space, reader.Where(keyNode.Start));
        if (space is "choice" or "grid_search")
        {
            var listKey = entries.ContainsKey("categories") ? "categories" : "values";
            if (!entries.TryGetValue(listKey, out var list))
                throw reader.Fail(map, $"{where} ({space}) has no '{(space == "choice" ? "categories" : "values")}': list the values to try.");
            var values = reader.Sequence(list, $"{where}.{listKey}").Select(Json).ToList();
            if (values.Count == 0) throw reader.Fail(list, $"{where}.{listKey} is empty: a {space} needs at least one value.");
            parameter.Values = values;
            foreach (var extra in new[] { "lower", "upper", "q" }.Where(entries.ContainsKey))
                throw reader.Fail(entries[extra], $"{where}: a {space} lists its values; '{extra}' is for ranges.");
        }
        else
        {
            parameter.Lower = entries.TryGetValue("lower", out var lower) ? reader.Double(lower, $"{where}.lower") : throw reader.Fail(map, $"{where} ({space}) has no 'lower'.");
            parameter.Upper = entries.TryGetValue("upper", out var upper) ? reader.Double(upper, $"{where}.upper") : throw reader.Fail(map, $"{where} ({space}) has no 'upper'.");
            if (space.StartsWith('q')) parameter.Q = entries.TryGetValue("q", out var q) ? reader.Double(q, $"{where}.q", 1e-300) : throw reader.Fail(map, $"{where} ({space}) has no 'q' (the step).");
            else if (entries.TryGetValue("q", out var q)) throw reader.Fail(q, $"{where}: 'q' is for the q spaces (quniform, qloguniform, qrandint), not {space}.");
            foreach (var extra in new[] { "categories", "values" }.Where(entries.ContainsKey))
                throw reader.Fail(entries[extra], $"{where}: a {space} is a range (lower, upper); '{extra}' is for choice and grid_search.");
        }
        if (entries.TryGetValue("when", out var when))
        {
            var conditions = reader.Entries(reader.Mapping(when, $"{where}.when"), $"{where}.when", null).ToList();
            if (conditions.Count != 1) throw reader.Fail(when, $"{where}.when names one parameter and its values, e.g. when: {{model_type: gbm}}.");
            parameter.WhenPath = conditions[0].Key;
            parameter.WhenValues = conditions[0].Value is YamlSequenceNode seq ? seq.Select(Json).ToList() : [Json(conditions[0].Value)];
        }
        return parameter;
    }

    /// <summary>A YAML value as JSON: plain numbers, booleans and nulls as such, other scalars as text, lists and mappings as arrays and objects.</summary>
    internal static JsonNode? Json(YamlNode node) => node switch
    {
        YamlSequenceNode seq => new JsonArray(seq.Select(Json).ToArray()),
        YamlMappingNode map => new JsonObject(map.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value ?? "", Json(e.Value)))),
        YamlScalarNode { Style: not ScalarStyle.Plain } quoted => JsonValue.Create(quoted.Value ?? ""),
        YamlScalarNode { Value: null or "" or "~" or "null" } => null,
        YamlScalarNode { Value: "true" or "True" } => JsonValue.Create(true),
        YamlScalarNode { Value: "false" or "False" } => JsonValue.Create(false),
        YamlScalarNode scalar when long.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}

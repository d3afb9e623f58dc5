using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lepton.Training.Automatic;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lepton.Training.Specs;

/// <summary>Sets values at dotted paths of a spec: the spec is written as YAML, the values are set in its tree, and the tree is read back (so every value is checked as if it had been written in the file).</summary>
internal static class SpecValues
{
    public static TrainingSpec With(TrainingSpec spec, IReadOnlyDictionary<string, JsonNode?> values)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(spec.ToYaml()));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var (path, value) in values)
        {
            if (SpecPaths.Problem(path) is { } problem) throw new TrainingException(problem);
            Set(root, path.Split('.'), value);
        }
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var shown = string.Join(", ", values.Select(v => $"{v.Key} = {v.Value?.ToJsonString() ?? "null"}"));
        try
        {
            var changed = new SpecReader(spec.Source).Read(writer.ToString(), spec.Directory);
            changed.Data = spec.Data;
            changed.Hyperopt = spec.Hyperopt;
            return changed;
        }
        catch (TrainingException e)
        {
            // The line and column are the generated YAML's, which the user never saw: keep the reason.
            var reason = Regex.Replace(e.Message, @"^.*?, line \d+, column \d+: ", "");
            throw new TrainingException($"{spec.Source} with {shown}: {reason}", e);
        }
    }

    private static void Set(YamlMappingNode map, string[] path, JsonNode? value)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            var key = new YamlScalarNode(path[i]);
            if (!map.Children.TryGetValue(key, out var next) || next is not YamlMappingNode child)
            {
                // trainer.optimizer: adam (a scalar) becomes {type: adam} when its momentum is set.
                child = next is YamlScalarNode scalar && path[i] == "optimizer" ? new YamlMappingNode { { "type", new YamlScalarNode(scalar.Value) } } : [];
                map.Children[key] = child;
            }
            map = child;
        }
        var last = path[^1];
        if (last == "optimizer" && map.Children.TryGetValue(new YamlScalarNode(last), out var existing) && existing is YamlMappingNode optimizer)
        {
            optimizer.Children[new YamlScalarNode("type")] = Yaml(value);
            return;
        }
        map.Children[new YamlScalarNode(last)] = Yaml(value);
    }

    private static YamlNode Yaml(JsonNode? value) => value switch
    {
        null => new YamlScalarNode("null"),
        JsonArray array => new YamlSequenceNode(array.Select(Yaml)),
        JsonObject obj => new YamlMappingNode(obj.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), Yaml(p.Value)))),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => new YamlScalarNode(v.GetValue<string>()) { Style = ScalarStyle.DoubleQuoted },
        _ => new YamlScalarNode(value.ToJsonString()),
    };
}

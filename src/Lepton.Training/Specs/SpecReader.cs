using System.Globalization;
using Lepton.Data.Pipelines;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lepton.Training.Specs;

/// <summary>
/// Reads a training spec's YAML node by node, so every mistake — an unknown key, a value of the wrong type, a word
/// outside a closed list — is an error naming the line and column and the closest valid names.
/// </summary>
internal sealed class SpecReader(string source)
{
    public TrainingSpec Read(string yaml, string? directory)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0].TrimEnd('.');
            throw new TrainingException($"{source}, line {e.Start.Line}, column {e.Start.Column}: {reason}: this is not valid YAML.", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's parser gives up without a position on some unfinished documents (an unclosed '[').
            throw new TrainingException($"{source}: this is not valid YAML (an unclosed bracket or quote?).", e);
        }
        catch (ArgumentException e)
        {
            // ... and refuses some malformed tags (a verbatim '!<…>' tag that is not a URI) this way.
            throw new TrainingException($"{source}: this is not valid YAML ({e.Message.Split(" (Parameter", 2)[0].TrimEnd('.')}).", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new TrainingException($"{source} is empty. A spec names at least 'input_features' and 'output_features' (see docs/training.md, \"Declarative spec\").");
        var root = Mapping(stream.Documents[0].RootNode, "the spec");
        var spec = new TrainingSpec(source, directory);
        foreach (var (key, value) in Entries(root, "the spec", SpecVocabulary.TopKeys))
        {
            switch (key)
            {
                case "data": spec.Data = Text(value, "data"); break;
                case "model_type": spec.ModelType = Word(value, "model_type", SpecVocabulary.ModelTypes); break;
                case "input_features": spec.InputFeatures.AddRange(Sequence(value, "input_features").Select(InputFeature)); break;
                case "output_features": spec.OutputFeatures.AddRange(Sequence(value, "output_features").Select(OutputFeature)); break;
                case "preprocessing": ReadPreprocessing(value, spec.Split); break;
                case "combiner": ReadCombiner(value, spec.Combiner); break;
                case "trainer": ReadTrainer(value, spec.Trainer); break;
                case "gbm": ReadGbm(value, spec.Gbm); break;
                case "hyperopt": spec.Hyperopt = HyperoptReader.Read(this, value); break;
            }
        }
        if (!root.Children.Keys.Any(k => k is YamlScalarNode { Value: "input_features" }))
            throw Fail(root, "the spec has no 'input_features': list the columns to learn from, each with a name and a type.");
        if (!root.Children.Keys.Any(k => k is YamlScalarNode { Value: "output_features" }))
            throw Fail(root, "the spec has no 'output_features': name the column to predict and its type (category, binary or number).");
        return spec;
    }

    private InputFeatureSpec InputFeature(YamlNode node, int index)
    {
        var where = $"input_features[{index}]";
        var map = Mapping(node, where);
        var entries = Entries(map, where, SpecVocabulary.InputKeys).ToDictionary(e => e.Key, e => e.Value);
        var (name, position) = Name(map, entries, where);
        var type = entries.TryGetValue("type", out var t) ? Word(t, $"{where}.type", SpecVocabulary.InputTypes)
            : throw Fail(map, $"input feature '{name}' has no 'type': give one of {string.Join(", ", SpecVocabulary.InputTypes)}.");
        var feature = new InputFeatureSpec { Name = name, Type = type, Position = position };
        if (entries.TryGetValue("encoder", out var encoder)) feature.Encoder = Word(encoder, $"{where}.encoder", SpecVocabulary.Encoders(type));
        if (entries.TryGetValue("preprocessing", out var steps)) feature.Preprocessing = [.. Sequence(steps, $"{where}.preprocessing").Select((s, i) => Step(s, $"{where}.preprocessing[{i}]", name))];
        return feature;
    }

    private OutputFeatureSpec OutputFeature(YamlNode node, int index)
    {
        var where = $"output_features[{index}]";
        var map = Mapping(node, where);
        var entries = Entries(map, where, SpecVocabulary.OutputKeys).ToDictionary(e => e.Key, e => e.Value);
        var (name, position) = Name(map, entries, where);
        var type = entries.TryGetValue("type", out var t) ? Word(t, $"{where}.type", SpecVocabulary.OutputTypes)
            : throw Fail(map, $"output feature '{name}' has no 'type': give one of {string.Join(", ", SpecVocabulary.OutputTypes)}.");
        return new OutputFeatureSpec { Name = name, Type = type, Position = position };
    }

    private (string Name, Mark Position) Name(YamlMappingNode map, Dictionary<string, YamlNode> entries, string where) =>
        entries.TryGetValue("name", out var n)
            ? (Text(n, $"{where}.name") ?? throw Fail(n, $"{where}.name is empty: name a column."), n.Start)
            : throw Fail(map, $"{where} has no 'name': name the column.");

    /// <summary>One step in the data layer's vocabulary: its name and keys are checked here, its values by the data layer's own parser.</summary>
    private YamlMappingNode Step(YamlNode node, string where, string feature)
    {
        var map = Mapping(node, where);
        var entries = Entries(map, where, PipelineSpec.StepKeys).ToDictionary(e => e.Key, e => e.Value);
        if (!entries.TryGetValue("step", out var stepNode)) throw Fail(map, $"{where} has no 'step': name it ({string.Join(", ", PipelineSpec.StepNames)}).");
        Word(stepNode, $"{where}.step", PipelineSpec.StepNames);
        try
        {
            PipelineSpec.Parse(SpecWriter.StepsYaml([SpecDefaults.WithColumn(map, feature, "target")]), where);
        }
        catch (PipelineException e)
        {
            throw Fail(map, e.Message.Replace($"{where}, step 1 ", "", StringComparison.Ordinal));
        }
        return map;
    }

    private void ReadPreprocessing(YamlNode node, SplitSpec split)
    {
        foreach (var (key, value) in Entries(Mapping(node, "preprocessing"), "preprocessing", SpecVocabulary.PreprocessingKeys))
        {
            if (key != "split") continue;
            foreach (var (k, v) in Entries(Mapping(value, "preprocessing.split"), "preprocessing.split", SpecVocabulary.SplitKeys))
            {
                switch (k)
                {
                    case "type": split.Type = Word(v, "preprocessing.split.type", SpecVocabulary.SplitTypes); break;
                    case "column": split.Column = Text(v, "preprocessing.split.column"); split.ColumnPosition = v.Start; break;
                    case "seed": split.Seed = Int(v, "preprocessing.split.seed"); break;
                    case "probabilities":
                        var p = Sequence(v, "preprocessing.split.probabilities").Select((x, _) => Double(x, "preprocessing.split.probabilities")).ToArray();
                        if (p.Length != 3 || p.Any(x => x <= 0) || Math.Abs(p.Sum() - 1) > 1e-6)
                            throw Fail(v, "preprocessing.split.probabilities must be three shares — training, validation, test — each above 0, summing to 1, e.g. [0.64, 0.16, 0.2].");
                        split.Probabilities = p;
                        break;
                }
            }
        }
    }

    private void ReadCombiner(YamlNode node, CombinerSpec combiner)
    {
        foreach (var (key, value) in Entries(Mapping(node, "combiner"), "combiner", SpecVocabulary.CombinerKeys))
        {
            var where = $"combiner.{key}";
            switch (key)
            {
                case "type": combiner.Type = Word(value, where, SpecVocabulary.CombinerTypes); break;
                case "fc_layers": combiner.FcLayers = [.. Sequence(value, where).Select(FcLayer)]; break;
                case "num_fc_layers": combiner.NumFcLayers = Int(value, where, min: 0); break;
                case "output_size": combiner.OutputSize = Int(value, where, min: 1); break;
                case "dropout": combiner.Dropout = Double(value, where, 0, 0.99); break;
                case "norm": combiner.Norm = value is YamlScalarNode { Value: null or "" or "null" or "~" } ? "none" : Word(value, where, SpecVocabulary.Norms); break;
                case "activation": combiner.Activation = Word(value, where, SpecVocabulary.Activations); break;
            }
        }
    }

    /// <summary>A hidden layer's size: a number, or Ludwig's <c>{output_size: N}</c>.</summary>
    private int FcLayer(YamlNode node, int index)
    {
        var where = $"combiner.fc_layers[{index}]";
        if (node is not YamlMappingNode map) return Int(node, where, min: 1);
        var entries = Entries(map, where, ["output_size"]).ToList();
        return entries.Count == 1 ? Int(entries[0].Value, $"{where}.output_size", min: 1) : throw Fail(map, $"{where} needs 'output_size:'.");
    }

    private void ReadTrainer(YamlNode node, TrainerSpec trainer)
    {
        foreach (var (key, value) in Entries(Mapping(node, "trainer"), "trainer", SpecVocabulary.TrainerKeys))
        {
            var where = $"trainer.{key}";
            switch (key)
            {
                case "epochs": trainer.Epochs = Int(value, where, min: 1); break;
                case "batch_size": trainer.BatchSize = AutoOrInt(value, where); break;
                case "learning_rate": trainer.LearningRate = Double(value, where, 1e-12, 100); break;
                case "early_stop": trainer.EarlyStop = Int(value, where, min: -1); break;
                case "regularization_lambda": trainer.RegularizationLambda = Double(value, where, 0, 1e6); break;
                case "time_limit": trainer.TimeLimit = Duration(value, where); break;
                case "optimizer":
                    if (value is YamlScalarNode) trainer.Optimizer = Word(value, where, SpecVocabulary.Optimizers);
                    else
                        foreach (var (k, v) in Entries(Mapping(value, where), where, SpecVocabulary.OptimizerKeys))
                        {
                            if (k == "type") trainer.Optimizer = Word(v, $"{where}.type", SpecVocabulary.Optimizers);
                            else trainer.Momentum = Double(v, $"{where}.momentum", 0, 1);
                        }
                    break;
                case "learning_rate_scheduler":
                    foreach (var (k, v) in Entries(Mapping(value, where), where, SpecVocabulary.SchedulerKeys))
                    {
                        var at = $"{where}.{k}";
                        switch (k)
                        {
                            case "decay": trainer.Decay = v is YamlScalarNode { Value: null or "" or "null" or "~" } ? "none" : Word(v, at, SpecVocabulary.Decays); break;
                            case "decay_rate": trainer.DecayRate = Double(v, at, 1e-9, 1); break;
                            case "decay_steps": trainer.DecaySteps = Int(v, at, min: 1); break;
                            case "reduce_on_plateau": trainer.ReduceOnPlateau = Int(v, at, min: 0); break;
                            case "reduce_on_plateau_rate": trainer.ReduceOnPlateauRate = Double(v, at, 1e-9, 0.999); break;
                        }
                    }
                    break;
                case "class_weights":
                    if (value is YamlScalarNode) trainer.ClassWeights = Word(value, where, SpecVocabulary.ClassWeightModes);
                    else trainer.ClassWeightValues = Mapping(value, where).Children.ToDictionary(
                        e => Text(e.Key, where) ?? throw Fail(e.Key, $"{where} has an empty class name."),
                        e => Double(e.Value, $"{where}.{(e.Key as YamlScalarNode)?.Value}", 0, 1e9), StringComparer.Ordinal);
                    break;
            }
        }
    }

    private void ReadGbm(YamlNode node, GbmSpec gbm)
    {
        foreach (var (key, value) in Entries(Mapping(node, "gbm"), "gbm", SpecVocabulary.GbmKeys))
        {
            var where = $"gbm.{key}";
            switch (key)
            {
                case "num_boost_round" or "n_estimators": gbm.NumBoostRound = Int(value, where, min: 1, max: 100_000); break;
                case "num_leaves": gbm.NumLeaves = Int(value, where, min: 2, max: 131_072); break;
                case "learning_rate": gbm.LearningRate = Double(value, where, 1e-12, 100); break;
                case "min_data_in_leaf": gbm.MinDataInLeaf = AutoOrInt(value, where); break;
                case "max_bin": gbm.MaxBin = Int(value, where, min: 2, max: 65_535); break;
                case "lambda_l2": gbm.LambdaL2 = Double(value, where, 0, 1e9); break;
                case "early_stop": gbm.EarlyStop = Int(value, where, min: 0); break;
            }
        }
    }

    /// <summary>The mapping's entries in order; a key outside <paramref name="allowed"/> (when given) is an error naming the closest ones.</summary>
    internal IEnumerable<KeyValuePair<string, YamlNode>> Entries(YamlMappingNode map, string where, IReadOnlyList<string>? allowed)
    {
        var entries = new List<KeyValuePair<string, YamlNode>>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? throw Fail(keyNode, $"a key of {where} is not a plain name.");
            if (allowed is not null && !allowed.Contains(key)) throw Fail(keyNode, $"'{key}' is not a key of {where}.{Hint(key, allowed)} Its keys: {string.Join(", ", allowed)}.");
            entries.Add(KeyValuePair.Create(key, value));
        }
        return entries;
    }

    internal YamlMappingNode Mapping(YamlNode node, string where) =>
        node as YamlMappingNode ?? throw Fail(node, $"{where} must be a mapping of keys to values ('key: value' lines), not {Describe(node)}.");

    internal IEnumerable<YamlNode> Sequence(YamlNode node, string where) =>
        node as YamlSequenceNode ?? throw Fail(node, $"{where} must be a list ('- ' items or [a, b]), not {Describe(node)}.");

    internal string? Text(YamlNode node, string where) =>
        node is YamlScalarNode scalar
            ? scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" or "" ? null : scalar.Value
            : throw Fail(node, $"{where} must be a single value, not {Describe(node)}.");

    /// <summary>A word of <paramref name="allowed"/>; <paramref name="alias"/>, when given, is what the caller read the text as.</summary>
    internal string Word(YamlNode node, string where, IReadOnlyList<string> allowed, string? alias = null)
    {
        var text = Text(node, where) ?? throw Fail(node, $"{where} is empty: give one of {string.Join(", ", allowed)}.");
        var word = alias ?? SpecVocabulary.Alias(text.Trim().ToLowerInvariant().Replace('-', '_'));
        return allowed.Contains(word) ? word : throw Fail(node, $"'{text}' is not a valid {where}.{Hint(text, allowed)} Choose one of: {string.Join(", ", allowed)}.");
    }

    internal int Int(YamlNode node, string where, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Text(node, where);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Fail(node, $"{where} must be a whole number, not {Quote(text)}.");
        return value >= min && value <= max ? value : throw Fail(node, $"{where} must be {Range(min, max)}, not {value}.");
    }

    internal double Double(YamlNode node, string where, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = Text(node, where);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Fail(node, $"{where} must be a number, not {Quote(text)}.");
        return value >= min && value <= max ? value : throw Fail(node, string.Create(CultureInfo.InvariantCulture, $"{where} must be from {min} to {max}, not {value}."));
    }

    private string AutoOrInt(YamlNode node, string where)
    {
        var text = Text(node, where);
        if (text?.Trim().ToLowerInvariant() == SpecVocabulary.Auto) return SpecVocabulary.Auto;
        return Int(node, where, min: 1).ToString(CultureInfo.InvariantCulture);
    }

    internal TimeSpan Duration(YamlNode node, string where)
    {
        var text = Text(node, where)?.Trim().ToLowerInvariant() ?? "";
        var (number, unit) = text.Length > 0 && char.IsLetter(text[^1]) ? (text[..^1], text[^1]) : (text, 's');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || !double.IsFinite(value) || unit is not ('s' or 'm' or 'h'))
            throw Fail(node, $"{where} must be a positive duration such as 90s, 10m or 1h, not {Quote(text)}.");
        return unit switch { 'h' => TimeSpan.FromHours(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
    }

    public TrainingException Fail(YamlNode node, string message) => Fail(node.Start, message);

    /// <summary>"spec.yaml, line 4, column 11": where a node is, as errors say it.</summary>
    internal string Where(Mark at) => $"{source}, line {at.Line}, column {at.Column}";

    public TrainingException Fail(Mark at, string message) => new($"{source}, line {at.Line}, column {at.Column}: {message}");

    private static string Hint(string wanted, IEnumerable<string> names)
    {
        var closest = ClosestNames.Of(wanted, names);
        return closest.Count > 0 ? $" Did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?" : "";
    }

    private static string Quote(string? text) => text is null ? "nothing" : $"'{text}'";

    private static string Range(int min, int max) =>
        max == int.MaxValue ? $"at least {min}" : $"from {min} to {max}";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "this",
    };
}

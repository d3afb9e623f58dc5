using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lepton.Training.Specs;

/// <summary>Writes a training spec (or a list of steps) as YAML that <see cref="SpecReader"/> and the data layer read back.</summary>
internal static class SpecWriter
{
    public static string Write(TrainingSpec spec)
    {
        var root = new YamlMappingNode();
        if (spec.Data is not null) root.Add("data", Scalar(spec.Data));
        if (spec.ModelType is not null) root.Add("model_type", Scalar(spec.ModelType));
        root.Add("input_features", new YamlSequenceNode(spec.InputFeatures.Select(Input)));
        root.Add("output_features", new YamlSequenceNode(spec.OutputFeatures.Select(o => (YamlNode)new YamlMappingNode { { "name", Scalar(o.Name) }, { "type", Scalar(o.Type) } })));
        var split = Split(spec.Split);
        if (split.Children.Count > 0) root.Add("preprocessing", new YamlMappingNode { { "split", split } });
        if (spec.ModelType != SpecVocabulary.Gbm) AddIfAny(root, "combiner", Combiner(spec.Combiner));
        AddIfAny(root, "trainer", Trainer(spec.Trainer, spec.ModelType != SpecVocabulary.Gbm));
        if (spec.ModelType != SpecVocabulary.Nn) AddIfAny(root, "gbm", Gbm(spec.Gbm));
        return Save(root);
    }

    /// <summary>Steps as a pipeline spec the data layer parses (<c>steps:</c> and the list).</summary>
    public static string StepsYaml(IEnumerable<YamlMappingNode> steps) =>
        Save(new YamlMappingNode { { "steps", new YamlSequenceNode(steps) } });

    private static YamlNode Input(InputFeatureSpec f)
    {
        var map = new YamlMappingNode { { "name", Scalar(f.Name) }, { "type", Scalar(f.Type) } };
        if (f.Encoder is not null) map.Add("encoder", Scalar(f.Encoder));
        if (f.Preprocessing is not null) map.Add("preprocessing", new YamlSequenceNode(f.Preprocessing));
        return map;
    }

    private static YamlMappingNode Split(SplitSpec s)
    {
        var map = new YamlMappingNode();
        if (s.Type is not null) map.Add("type", Scalar(s.Type));
        if (s.Column is not null) map.Add("column", Scalar(s.Column));
        if (s.Probabilities is not null) map.Add("probabilities", Flow(s.Probabilities.Select(Number)));
        if (s.Seed is not null) map.Add("seed", Number(s.Seed.Value));
        return map;
    }

    private static YamlMappingNode Combiner(CombinerSpec c)
    {
        var map = new YamlMappingNode();
        if (c.Type is not null) map.Add("type", Scalar(c.Type));
        if (c.FcLayers is not null) map.Add("fc_layers", Flow(c.FcLayers.Select(n => Number(n))));
        if (c.NumFcLayers is not null) map.Add("num_fc_layers", Number(c.NumFcLayers.Value));
        if (c.OutputSize is not null) map.Add("output_size", Number(c.OutputSize.Value));
        if (c.Dropout is not null) map.Add("dropout", Number(c.Dropout.Value));
        if (c.Norm is not null) map.Add("norm", Scalar(c.Norm));
        if (c.Activation is not null) map.Add("activation", Scalar(c.Activation));
        return map;
    }

    private static YamlMappingNode Trainer(TrainerSpec t, bool network)
    {
        var map = new YamlMappingNode();
        if (network)
        {
            if (t.Epochs is not null) map.Add("epochs", Number(t.Epochs.Value));
            if (t.BatchSize is not null) map.Add("batch_size", Scalar(t.BatchSize));
            if (t.Optimizer is not null || t.Momentum is not null)
            {
                var optimizer = new YamlMappingNode();
                if (t.Optimizer is not null) optimizer.Add("type", Scalar(t.Optimizer));
                if (t.Momentum is not null) optimizer.Add("momentum", Number(t.Momentum.Value));
                map.Add("optimizer", optimizer);
            }
            if (t.LearningRate is not null) map.Add("learning_rate", Number(t.LearningRate.Value));
            var scheduler = new YamlMappingNode();
            if (t.Decay is not null) scheduler.Add("decay", Scalar(t.Decay));
            if (t.DecayRate is not null) scheduler.Add("decay_rate", Number(t.DecayRate.Value));
            if (t.DecaySteps is not null) scheduler.Add("decay_steps", Number(t.DecaySteps.Value));
            if (t.ReduceOnPlateau is not null) scheduler.Add("reduce_on_plateau", Number(t.ReduceOnPlateau.Value));
            if (t.ReduceOnPlateauRate is not null) scheduler.Add("reduce_on_plateau_rate", Number(t.ReduceOnPlateauRate.Value));
            AddIfAny(map, "learning_rate_scheduler", scheduler);
            if (t.EarlyStop is not null) map.Add("early_stop", Number(t.EarlyStop.Value));
            if (t.ClassWeightValues is not null)
                map.Add("class_weights", new YamlMappingNode(t.ClassWeightValues.Select(kv => new KeyValuePair<YamlNode, YamlNode>(Scalar(kv.Key), Number(kv.Value)))));
            else if (t.ClassWeights is not null) map.Add("class_weights", Scalar(t.ClassWeights));
            if (t.RegularizationLambda is not null) map.Add("regularization_lambda", Number(t.RegularizationLambda.Value));
        }
        if (t.TimeLimit is not null) map.Add("time_limit", Scalar(Duration(t.TimeLimit.Value)));
        return map;
    }

    private static YamlMappingNode Gbm(GbmSpec g)
    {
        var map = new YamlMappingNode();
        if (g.NumBoostRound is not null) map.Add("num_boost_round", Number(g.NumBoostRound.Value));
        if (g.NumLeaves is not null) map.Add("num_leaves", Number(g.NumLeaves.Value));
        if (g.LearningRate is not null) map.Add("learning_rate", Number(g.LearningRate.Value));
        if (g.MinDataInLeaf is not null) map.Add("min_data_in_leaf", Scalar(g.MinDataInLeaf));
        if (g.MaxBin is not null) map.Add("max_bin", Number(g.MaxBin.Value));
        if (g.LambdaL2 is not null) map.Add("lambda_l2", Number(g.LambdaL2.Value));
        if (g.EarlyStop is not null) map.Add("early_stop", Number(g.EarlyStop.Value));
        return map;
    }

    private static void AddIfAny(YamlMappingNode parent, string key, YamlMappingNode child)
    {
        if (child.Children.Count > 0) parent.Add(key, child);
    }

    /// <summary>90s, 10m or 1.5h: the largest unit that keeps it short.</summary>
    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours % 0.5 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#}h")
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0}m")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###}s");

    /// <summary>A text value; quoted when YAML would otherwise read it as nothing.</summary>
    public static YamlScalarNode Scalar(string value) =>
        new(value) { Style = value is "" or "~" or "null" or "Null" or "NULL" || value.Trim() != value ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    public static YamlScalarNode Number(double value) => new(value.ToString("R", CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    private static YamlSequenceNode Flow(IEnumerable<YamlNode> items) => new(items) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };

    private static string Save(YamlMappingNode root)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}

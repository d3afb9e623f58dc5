using System.Globalization;
using Lepton.Data.Tables;
using Lepton.Training.Features;
using YamlDotNet.RepresentationModel;

namespace Lepton.Training.Specs;

/// <summary>
/// Every default of a training spec, in one place: <see cref="Fill"/> turns a spec into the one that is trained (and
/// that <c>--render-config</c> prints), so a spec and its rendering train the same. A feature's default preprocessing
/// is what the automatic mode would choose for its column (docs/training.md).
/// </summary>
internal static class SpecDefaults
{
    public const int Epochs = 500;
    public const double LearningRate = 1e-3;
    public const int EarlyStop = 20;
    public static readonly int[] FcLayers = [128, 64];
    public const double Dropout = 0.1;
    public static readonly double[] Probabilities = [0.64, 0.16, 0.2];
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(10);
    public const int BoostRounds = 300;
    public const int GbmEarlyStop = 20;

    private static readonly string[] DateParts = ["year", "month", "day", "day_of_week"];

    /// <summary>Fills every key the spec leaves out; <paramref name="profile"/> decides each feature's default steps.</summary>
    public static void Fill(TrainingSpec spec, TableProfile profile)
    {
        var output = spec.OutputFeatures[0];
        var classification = output.IsClassification;
        spec.ModelType ??= SpecVocabulary.Nn;
        var split = spec.Split;
        split.Type ??= classification ? "stratified" : "random";
        split.Probabilities ??= Probabilities;
        split.Seed ??= 0;
        foreach (var feature in spec.InputFeatures)
        {
            feature.Encoder ??= SpecVocabulary.Encoders(feature.Type)[0];
            feature.Preprocessing ??= Steps(feature.Type, profile.Column(feature.Name), classification, output.Name, split.Seed.Value);
        }

        var c = spec.Combiner;
        c.Type ??= "concat";
        if (c.FcLayers is null && (c.NumFcLayers is not null || c.OutputSize is not null))
            c.FcLayers = [.. Enumerable.Repeat(c.OutputSize ?? FcLayers[0], c.NumFcLayers ?? 1)];
        (c.NumFcLayers, c.OutputSize) = (null, null);
        c.FcLayers ??= [.. FcLayers];
        c.Dropout ??= Dropout;
        c.Norm ??= "none";
        c.Activation ??= "relu";

        var t = spec.Trainer;
        t.Epochs ??= Epochs;
        t.BatchSize ??= SpecVocabulary.Auto;
        t.Optimizer ??= "adam";
        if (t.Optimizer is "sgd" or "rmsprop") t.Momentum ??= 0;
        t.LearningRate ??= LearningRate;
        t.Decay ??= "none";
        if (t.Decay == "step")
        {
            t.DecayRate ??= 0.1;
            t.DecaySteps ??= 10;
        }
        t.ReduceOnPlateau ??= 0;
        if (t.ReduceOnPlateau > 0) t.ReduceOnPlateauRate ??= 0.5;
        t.EarlyStop ??= EarlyStop;
        if (t.ClassWeightValues is null) t.ClassWeights ??= classification ? SpecVocabulary.Auto : "none";
        t.RegularizationLambda ??= 0;
        t.TimeLimit ??= TimeLimit;

        var g = spec.Gbm;
        g.NumBoostRound ??= BoostRounds;
        g.NumLeaves ??= 31;
        g.LearningRate ??= 0.1;
        g.MinDataInLeaf ??= SpecVocabulary.Auto;
        g.MaxBin ??= 255;
        g.LambdaL2 ??= 0;
        g.EarlyStop ??= GbmEarlyStop;
    }

    /// <summary>The steps the automatic mode gives a column of this type (TrainingPlan.BuildPipeline, one feature at a time).</summary>
    public static List<YamlMappingNode> Steps(string type, ColumnProfile column, bool classification, string target, int seed)
    {
        var name = column.Name;
        return type switch
        {
            SpecVocabulary.Number => [Step("impute", ("method", "median")), Step("scale", ("method", "standard"))],
            SpecVocabulary.Binary when column.Kind == ColumnKind.Boolean => [Step("impute", ("method", "mode"))],
            SpecVocabulary.Binary => [Step("onehot")],
            SpecVocabulary.Category when column.Distinct <= RoleInference.MaxOneHot => [Step("onehot")],
            SpecVocabulary.Category when !classification =>
                [Step("target_encode", ("target", target), ("seed", seed.ToString(CultureInfo.InvariantCulture))), Step("scale", ("method", "standard"))],
            SpecVocabulary.Category => [Step("ordinal"), Step("scale", ("method", "standard"))],
            SpecVocabulary.Text => [Step("tfidf", ("max_features", RoleInference.TextFeatures.ToString(CultureInfo.InvariantCulture)))],
            SpecVocabulary.Date =>
            [
                Step("date_parts", ("parts", DateParts)),
                Step("impute", ("columns", DateParts.Select(p => $"{name}_{p}").ToArray()), ("method", "median")),
                Step("scale", ("columns", DateParts.Select(p => $"{name}_{p}").ToArray()), ("method", "standard")),
            ],
            _ => [],
        };
    }

    /// <summary>The step as the data layer reads it: this feature's column unless it names its own, and the output as its target unless it names one.</summary>
    public static YamlMappingNode WithColumn(YamlMappingNode step, string column, string target)
    {
        var copy = new YamlMappingNode(step.Children);
        if (!Has(step, "column") && !Has(step, "columns")) copy.Add("column", SpecWriter.Scalar(column));
        if (!Has(step, "target") && Value(step, "step") is "target_encode" or "select_best" or "select_l1" or "rfe") copy.Add("target", SpecWriter.Scalar(target));
        return copy;
    }

    /// <summary>How a feature's steps read in the printed plan: "impute median, scale standard".</summary>
    public static string Describe(IEnumerable<YamlMappingNode> steps) =>
        string.Join(", ", steps.Select(s => string.Join(' ', new[] { Value(s, "step") ?? "?", Value(s, "method") ?? Value(s, "max_features") }.Where(x => x is not null))));

    public static string? Value(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static bool Has(YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));

    private static YamlMappingNode Step(string name, params (string Key, object Value)[] settings)
    {
        var map = new YamlMappingNode { { "step", name } };
        foreach (var (key, value) in settings)
        {
            map.Add(key, value is string[] list
                ? new YamlSequenceNode(list.Select(v => (YamlNode)SpecWriter.Scalar(v))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow }
                : SpecWriter.Scalar((string)value));
        }
        return map;
    }
}

using System.Globalization;
using Lepton.Training.Automatic;
using Lepton.Training.Features;

namespace Lepton.Training.Specs;

/// <summary>
/// A declarative training spec in Ludwig's vocabulary (<c>input_features</c>, <c>output_features</c>,
/// <c>preprocessing.split</c>, <c>combiner</c>, <c>trainer</c>, <c>model_type</c> nn or gbm and its <c>gbm</c> section),
/// as <c>lepton train spec.yaml</c> reads it. Give it to <see cref="TableTrainer.PlanFromSpec"/>;
/// the plan's <see cref="TrainingPlan.Spec"/> is then this spec with every default filled in. The keys are in docs/training.md.
/// </summary>
public sealed class TrainingSpec
{
    internal TrainingSpec(string source, string? directory = null)
    {
        Source = source;
        Directory = directory;
    }

    /// <summary>The file name errors name.</summary>
    internal string Source { get; }

    /// <summary>The folder a relative <c>data:</c> path starts from: the spec file's.</summary>
    internal string? Directory { get; }

    internal string? Data { get; set; }

    internal string? ModelType { get; set; }

    internal List<InputFeatureSpec> InputFeatures { get; } = [];

    internal List<OutputFeatureSpec> OutputFeatures { get; } = [];

    internal SplitSpec Split { get; } = new();

    internal CombinerSpec Combiner { get; } = new();

    internal TrainerSpec Trainer { get; } = new();

    internal GbmSpec Gbm { get; } = new();

    /// <summary>The <c>hyperopt</c> section, which <c>lepton tune</c> reads (<c>lepton train</c> ignores it); null when the spec has none.</summary>
    public HyperoptSpec? Hyperopt { get; internal set; }

    /// <summary>The table the spec names in <c>data:</c>, relative to the spec file's folder; null when it names none.</summary>
    public string? DataPath => Data is null ? null : Path.GetFullPath(Path.Combine(Directory ?? "", Data));

    /// <summary>The model family the spec trains (<c>model_type</c>: <c>nn</c> or <c>gbm</c>); null when it does not say (a plan's spec always says).</summary>
    public string? ModelFamily => ModelType;

    /// <summary>The columns the spec predicts, in order.</summary>
    public IReadOnlyList<string> Outputs => OutputFeatures.Select(o => o.Name).ToList();

    /// <summary>Reads a spec file.</summary>
    /// <exception cref="TrainingException">The file is missing, or the spec is not valid: the message names the line, the column and the closest valid names.</exception>
    public static TrainingSpec Load(string path)
    {
        if (!File.Exists(path)) throw new TrainingException($"{path}: no such spec file.");
        return new SpecReader(Path.GetFileName(path)).Read(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Reads spec text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="TrainingException">The spec is not valid: the message names the line, the column and the closest valid names.</exception>
    public static TrainingSpec Parse(string yaml, string source = "spec") => new SpecReader(source).Read(yaml, null);

    /// <summary>The spec as YAML, with the keys it has (a plan's spec has them all).</summary>
    public string ToYaml() => SpecWriter.Write(this);

    /// <summary>Writes <see cref="ToYaml"/> to a file (atomically: a temporary file renamed).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, ToYaml());
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>
    /// The model family a spec of this result trains: the kept one (gbm, linear or mlp), or, when an ensemble or a text
    /// encoder was kept, which a spec cannot describe, the best single gbm, linear or mlp candidate by validation score.
    /// </summary>
    public static string FamilyOf(TableTrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Kept is "gbm" or "linear" or "mlp" ? result.Kept
            : result.Trials.Where(t => t.Name is "gbm" or "linear" or "mlp" && t.ValidationScore is not null).MaxBy(t => t.ValidationScore!.Value)?.Name ?? "mlp";
    }

    /// <summary>
    /// The spec of what the automatic mode chose and kept: its features with their types and preprocessing, its
    /// split, and the kept family with its settings; training from it gives the same family on the same features.
    /// A kept ensemble or text encoder, which a spec cannot describe, gives the best single gbm, linear or mlp candidate.
    /// For a model trained from a spec, that spec with every default filled in.
    /// </summary>
    /// <param name="result">What <c>TableTrainer.Train</c> made.</param>
    /// <param name="data">The table's path to write in <c>data:</c>; relative to <paramref name="specDirectory"/> when given.</param>
    /// <param name="specDirectory">The folder the spec will be saved in.</param>
    public static TrainingSpec From(TableTrainingResult result, string? data = null, string? specDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plan = result.Plan;
        var dataEntry = data is null ? null : specDirectory is null ? data : Path.GetRelativePath(specDirectory, Path.GetFullPath(data));
        if (plan.Spec is { } used)
        {
            // Trained from a spec: that spec, filled in, with data: as seen from where it will be saved.
            var again = new SpecReader(used.Source).Read(used.ToYaml(), specDirectory);
            again.Data = dataEntry ?? used.Data;
            return again;
        }
        var spec = new TrainingSpec("spec", specDirectory) { Data = dataEntry };
        foreach (var column in plan.Features)
            spec.InputFeatures.Add(new InputFeatureSpec { Name = column.Name, Type = TypeOf(column.Role) });
        var classification = plan.Task == TrainingTask.Classification;
        spec.OutputFeatures.Add(new OutputFeatureSpec { Name = plan.Target, Type = classification ? (plan.ClassNames.Count == 2 ? SpecVocabulary.Binary : SpecVocabulary.Category) : SpecVocabulary.Number });
        var options = plan.Options;
        var train = 1 - options.TestFraction;
        spec.Split.Type = classification ? "stratified" : "random";
        spec.Split.Probabilities = [Math.Round(train * (1 - options.ValidationFraction), 6), Math.Round(train * options.ValidationFraction, 6), options.TestFraction];
        spec.Split.Seed = options.Seed;
        spec.Trainer.TimeLimit = options.TimeLimit;
        switch (FamilyOf(result))
        {
            case "gbm":
                spec.ModelType = SpecVocabulary.Gbm;
                break;
            case "linear":
                spec.ModelType = SpecVocabulary.Nn;
                var (epochs, patience, batch, rate, decay) = LinearCandidate.Settings(result.TrainRows, plan.Task);
                spec.Combiner.FcLayers = [];
                spec.Combiner.Dropout = 0;
                spec.Trainer.Epochs = epochs;
                spec.Trainer.EarlyStop = patience;
                spec.Trainer.BatchSize = batch.ToString(CultureInfo.InvariantCulture);
                spec.Trainer.LearningRate = rate;
                spec.Trainer.RegularizationLambda = decay;
                break;
            default:
                spec.ModelType = SpecVocabulary.Nn;
                break;
        }
        SpecDefaults.Fill(spec, plan.Profile);
        return spec;
    }

    /// <summary>
    /// This spec with values set at dotted paths (<c>trainer.learning_rate</c>, <c>gbm.num_leaves</c>, …), checked as
    /// if they had been written in the file: how <c>lepton tune</c> makes each trial's spec.
    /// </summary>
    /// <exception cref="TrainingException">A path names nothing in a spec, or a value is not valid there.</exception>
    public TrainingSpec With(IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return SpecValues.With(this, values);
    }

    /// <summary>A copy to fill in, read back from its own YAML (positions are the copy's).</summary>
    internal TrainingSpec Copy() => new SpecReader(Source).Read(ToYaml(), Directory);

    private static string TypeOf(FeatureRole role) => role switch
    {
        FeatureRole.Number => SpecVocabulary.Number,
        FeatureRole.Category => SpecVocabulary.Category,
        FeatureRole.Binary => SpecVocabulary.Binary,
        FeatureRole.Text => SpecVocabulary.Text,
        FeatureRole.Date => SpecVocabulary.Date,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a feature role."),
    };
}

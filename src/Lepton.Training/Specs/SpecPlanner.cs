using System.Globalization;
using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using YamlDotNet.RepresentationModel;

namespace Lepton.Training.Specs;

/// <summary>
/// Turns a training spec and a table into a <see cref="TrainingPlan"/>: the spec's features replace role inference
/// (columns it does not list are not used), its steps replace the default preprocessing, its split and trainer
/// settings replace the automatic mode's; every column it names is checked against the table.
/// </summary>
internal static class SpecPlanner
{
    /// <param name="table">The data.</param>
    /// <param name="spec">The spec to plan by.</param>
    /// <param name="cancellationToken">Stops the profiling.</param>
    /// <param name="profile">The table's profile for the same target, when it is known (a tuner's trials): not profiled again.</param>
    public static TrainingPlan Plan(Table table, TrainingSpec spec, CancellationToken cancellationToken, TableProfile? profile = null)
    {
        var reader = new SpecReader(spec.Source);
        var columns = table.Columns.Select(c => c.Name).ToList();
        if (spec.OutputFeatures.Count == 0) throw new TrainingException($"{spec.Source}: 'output_features' is empty: name the column to predict and its type.");
        if (spec.OutputFeatures.Count > 1 && spec.ModelType == SpecVocabulary.Gbm)
            throw reader.Fail(spec.OutputFeatures[1].Position, "model_type gbm predicts one output; several outputs train one multi-task network (model_type: nn).");
        if (spec.InputFeatures.Count == 0) throw new TrainingException($"{spec.Source}: 'input_features' is empty: list the columns to learn from.");
        var output = spec.OutputFeatures[0];
        var outputNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in spec.OutputFeatures)
        {
            CheckColumn(reader, columns, o.Name, o.Position, "output feature");
            if (!outputNames.Add(o.Name)) throw reader.Fail(o.Position, $"output feature '{o.Name}' is listed twice.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in spec.InputFeatures)
        {
            CheckColumn(reader, columns, feature.Name, feature.Position, "input feature");
            if (outputNames.Contains(feature.Name)) throw reader.Fail(feature.Position, $"'{feature.Name}' is an output feature; it cannot also be an input.");
            if (!seen.Add(feature.Name)) throw reader.Fail(feature.Position, $"input feature '{feature.Name}' is listed twice.");
            if (feature.Type == SpecVocabulary.Image)
                throw reader.Fail(feature.Position, $"'{feature.Name}' is of type image, which a table spec cannot train yet: train an image folder with 'lepton train FOLDER' instead.");
        }
        var split = spec.Split;
        if (split.Type is "time" or "group")
        {
            if (split.Column is null) throw new TrainingException($"{spec.Source}: a {split.Type} split needs 'preprocessing.split.column' (the column to {(split.Type == "time" ? "sort by" : "keep together")}).");
            CheckColumn(reader, columns, split.Column, split.ColumnPosition, "split column");
        }
        if (split.Type == "stratified" && !output.IsClassification)
            throw new TrainingException($"{spec.Source}: a stratified split needs a category or binary output; '{output.Name}' is a number. Use type: random.");
        if (table.RowCount == 0) throw new TrainingException("The table has no rows: there is nothing to train on.");

        if (profile is null || profile.Target != output.Name || profile.RowCount != table.RowCount)
            profile = table.Profile(new ProfileOptions { Target = output.Name }, cancellationToken);
        var task = output.IsClassification ? TrainingTask.Classification : TrainingTask.Regression;
        TaskInference.Infer(profile.Column(output.Name), task);
        foreach (var other in spec.OutputFeatures.Skip(1))
        {
            var column = profile.Column(other.Name);
            TaskInference.Infer(column, other.IsClassification ? TrainingTask.Classification : TrainingTask.Regression);
            if (column.Missing > 0)
                throw reader.Fail(other.Position, $"output feature '{other.Name}' has {column.Missing:N0} missing values; with several outputs every row needs them all (drop those rows first, e.g. 'lepton data clean' with a drop_missing step).");
        }
        foreach (var feature in spec.InputFeatures) CheckKind(reader, feature, profile.Column(feature.Name));

        var filled = spec.Copy();
        SpecDefaults.Fill(filled, profile);
        var listed = filled.InputFeatures.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var roles = profile.Columns.Select(c =>
            outputNames.Contains(c.Name) ? new ColumnRole(c.Name, c.Kind, FeatureRole.Target, "", $"an output feature of the spec ({spec.OutputFeatures.First(o => o.Name == c.Name).Type})")
            : listed.TryGetValue(c.Name, out var f) ? new ColumnRole(c.Name, c.Kind, RoleOf(f.Type), SpecDefaults.Describe(f.Preprocessing!), $"the spec's {f.Type} input")
            : new ColumnRole(c.Name, c.Kind, FeatureRole.Dropped, "", "not listed in the spec's input_features")).ToList();
        var classes = task == TrainingTask.Classification ? FeatureTensors.ClassNames(table, output.Name) : [];
        var options = new TableTrainingOptions
        {
            Task = task,
            TimeLimit = filled.Trainer.TimeLimit!.Value,
            TestFraction = filled.Split.TestFraction,
            ValidationFraction = Math.Max(filled.Split.ValidationFraction, 1e-6),
            Seed = filled.Split.Seed!.Value,
            Candidates = [CandidateOf(filled)],
        };
        options.Validate();
        return new TrainingPlan(profile, output.Name, task, $"the spec's output '{output.Name}' is {output.Type}", roles, classes, options) { Spec = filled };
    }

    /// <summary>The name the kept model goes by: gbm, linear (a network without hidden layers) or mlp.</summary>
    public static string CandidateOf(TrainingSpec spec) =>
        spec.ModelType == SpecVocabulary.Gbm ? "gbm" : spec.Combiner.FcLayers is { Count: 0 } ? "linear" : "mlp";

    /// <summary>The data layer's pipeline from every feature's steps, in the spec's order; fitted on the training rows only.</summary>
    public static Pipeline BuildPipeline(TrainingPlan plan)
    {
        var spec = plan.Spec!;
        var steps = spec.InputFeatures.SelectMany(f => f.Preprocessing!.Select(s => SpecDefaults.WithColumn(s, f.Name, plan.Target))).ToList();
        return steps.Count == 0 ? Pipeline.Create() : PipelineSpec.Parse(SpecWriter.StepsYaml(steps), spec.Source);
    }

    /// <summary>
    /// Splits <paramref name="rows"/> as the spec says: the test part (<paramref name="testFraction"/>) holds the
    /// latest rows by the time column, whole groups, a stratified or a random share. When the column is gone
    /// (replaced by its preprocessing), the split falls back to stratified or random.
    /// </summary>
    public static TableSplit Split(Table rows, TrainingPlan plan, double testFraction) => TableSplit.Take(rows, Rows(rows, plan, testFraction));

    /// <summary>The row positions <see cref="Split"/> puts in each part, without copying the table.</summary>
    public static SplitIndices Rows(Table rows, TrainingPlan plan, double testFraction)
    {
        var split = plan.Spec!.Split;
        var seed = split.Seed!.Value;
        var present = split.Column is not null && rows.Columns.Any(c => c.Name == split.Column);
        try
        {
            return split.Type switch
            {
                "time" when present => Splitter.TimeOrderedRows(rows, split.Column!, testFraction),
                "group" when present => Splitter.GroupedRows(rows, split.Column!, testFraction, seed),
                _ when plan.Task == TrainingTask.Classification && split.Type != "random" => Splitter.StratifiedRows(rows, plan.Target, testFraction, seed),
                _ => Splitter.RandomRows(rows, testFraction, seed),
            };
        }
        catch (ArgumentException e)
        {
            throw new TrainingException($"{plan.Spec.Source}: the {split.Type} split on '{split.Column}' failed: {e.Message}", e);
        }
    }

    /// <summary>How rows are split, as people read it.</summary>
    public static string DescribeSplit(TrainingPlan plan)
    {
        var split = plan.Spec!.Split;
        var how = split.Type switch
        {
            "time" => $"by time: the latest rows by '{split.Column}' are the test rows",
            "group" => $"by group: rows sharing a '{split.Column}' stay in one part",
            "stratified" => $"stratified by '{plan.Target}'",
            _ => "random",
        };
        var p = split.Probabilities!;
        return string.Create(CultureInfo.InvariantCulture, $"{how}: {p[0]:P0} training, {p[1]:P0} validation, {p[2]:P0} test, seed {split.Seed} (from the spec)");
    }

    private static void CheckColumn(SpecReader reader, IReadOnlyList<string> columns, string name, YamlDotNet.Core.Mark at, string what)
    {
        if (columns.Contains(name)) return;
        var closest = ClosestNames.Of(name, columns);
        var hint = closest.Count > 0 ? $" Did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?" : "";
        throw reader.Fail(at, $"{what} '{name}' is not a column of the data.{hint} Its columns: {string.Join(", ", columns)}.");
    }

    private static void CheckKind(SpecReader reader, InputFeatureSpec feature, ColumnProfile column)
    {
        var ok = feature.Type switch
        {
            SpecVocabulary.Number => column.Kind is ColumnKind.Integer or ColumnKind.Float or ColumnKind.Boolean,
            SpecVocabulary.Date => column.Kind == ColumnKind.DateTime,
            _ => true,
        };
        if (!ok)
            throw reader.Fail(feature.Position, $"'{feature.Name}' is of type {feature.Type} in the spec, but its values are {column.Kind.ToString().ToLowerInvariant()} in the data. Use type: {SuggestedType(column.Kind)}.");
    }

    private static string SuggestedType(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer or ColumnKind.Float => SpecVocabulary.Number,
        ColumnKind.Boolean => SpecVocabulary.Binary,
        ColumnKind.DateTime => SpecVocabulary.Date,
        ColumnKind.Text => SpecVocabulary.Text,
        _ => SpecVocabulary.Category,
    };

    private static FeatureRole RoleOf(string type) => type switch
    {
        SpecVocabulary.Number => FeatureRole.Number,
        SpecVocabulary.Binary => FeatureRole.Binary,
        SpecVocabulary.Text => FeatureRole.Text,
        SpecVocabulary.Date => FeatureRole.Date,
        _ => FeatureRole.Category,
    };
}

using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Training.Features;
using Lepton.Training.Specs;

namespace Lepton.Training.Automatic;

/// <summary>
/// What <see cref="TableTrainer"/> will do with a table, decided from its profile before anything is trained: the
/// task and why, every column's role and preprocessing (or why it is dropped), the split, the metric that picks the
/// model, and the candidates. Printed by <c>lepton train</c> and stored in the model file's spec as <see cref="ToJson"/>.
/// </summary>
public sealed class TrainingPlan
{
    internal TrainingPlan(TableProfile profile, string target, TrainingTask task, string taskReason, IReadOnlyList<ColumnRole> columns,
        IReadOnlyList<string> classNames, TableTrainingOptions options)
    {
        Profile = profile;
        Target = target;
        Task = task;
        TaskReason = taskReason;
        Columns = columns;
        ClassNames = classNames;
        Options = options;
    }

    /// <summary>The profile the plan was made from.</summary>
    public TableProfile Profile { get; }

    /// <summary>The column predicted.</summary>
    public string Target { get; }

    /// <summary>Classification or regression.</summary>
    public TrainingTask Task { get; }

    /// <summary>Why this task: what the target's values looked like, or that it was asked for.</summary>
    public string TaskReason { get; }

    /// <summary>Every column of the table, in order, with its role.</summary>
    public IReadOnlyList<ColumnRole> Columns { get; }

    /// <summary>The columns the model reads (raw, before preprocessing).</summary>
    public IReadOnlyList<ColumnRole> Features => Columns.Where(c => c.IsFeature).ToList();

    /// <summary>The class names in index order (integers sorted as numbers); empty for regression.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The rows of the table, with and without a target.</summary>
    public long RowCount => Profile.RowCount;

    /// <summary>Rows without a target value: left out of training and testing.</summary>
    public long MissingTargetRows => Profile.Column(Target).Missing;

    /// <summary>The validation metric that picks the model, higher is better: <c>accuracy</c> or <c>r2</c>.</summary>
    public string Metric => Task == TrainingTask.Classification ? "accuracy" : "r2";

    /// <summary>The options the plan was made with (time limit, fractions, seed, candidates).</summary>
    public TableTrainingOptions Options { get; }

    /// <summary>The spec the plan was made from, with every default filled in; null for the automatic mode.</summary>
    public TrainingSpec? Spec { get; internal init; }

    /// <summary>How rows are split, as people read it.</summary>
    public string Split => Spec is not null ? SpecPlanner.DescribeSplit(this) : string.Create(CultureInfo.InvariantCulture,
        $"{(Task == TrainingTask.Classification ? $"stratified by '{Target}'" : "random")}: {1 - Options.TestFraction:P0} training (of which {Options.ValidationFraction:P0} validation), {Options.TestFraction:P0} test, seed {Options.Seed}");

    /// <summary>The plan as JSON (Ludwig's vocabulary where it has one): target, task, input features with their type and preprocessing, dropped columns with reasons, split, metric, candidates.</summary>
    public JsonObject ToJson() => new()
    {
        ["format"] = "lepton.train.plan",
        ["target"] = Target,
        ["task"] = Name(Task),
        ["task_reason"] = TaskReason,
        ["output_features"] = new JsonArray(new JsonObject { ["name"] = Target, ["type"] = Task == TrainingTask.Classification ? "category" : "number" }),
        ["input_features"] = new JsonArray(Features.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["type"] = Name(c.Role),
            ["kind"] = Name(c.Kind),
            ["preprocessing"] = c.Preprocessing,
        }).ToArray()),
        ["dropped"] = new JsonArray(Columns.Where(c => c.Role == FeatureRole.Dropped).Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["reason"] = c.Reason }).ToArray()),
        ["class_names"] = new JsonArray(ClassNames.Select(n => (JsonNode)n).ToArray()),
        ["rows"] = RowCount,
        ["rows_without_target"] = MissingTargetRows,
        ["preprocessing"] = new JsonObject
        {
            ["split"] = new JsonObject
            {
                ["type"] = Task == TrainingTask.Classification ? "stratified" : "random",
                ["test"] = Options.TestFraction,
                ["validation"] = Options.ValidationFraction,
                ["seed"] = Options.Seed,
            },
        },
        ["metric"] = Metric,
        ["time_limit_seconds"] = Options.TimeLimit.TotalSeconds,
        ["candidates"] = new JsonArray(Options.Candidates.Select(c => (JsonNode)c).ToArray()),
        ["training_spec"] = Spec?.ToYaml(),
    };

    /// <summary>The data layer's pipeline the roles call for; fitted on the training rows only. <paramref name="text"/> replaces TF-IDF for text columns (the text candidates tokenize).</summary>
    internal Pipeline BuildPipeline(Action<Pipeline, string>? text = null)
    {
        if (Spec is not null) return SpecPlanner.BuildPipeline(this);
        var pipeline = Pipeline.Create();
        var numbers = new List<string>();
        foreach (var column in Features)
        {
            switch (column.Role)
            {
                case FeatureRole.Date:
                    pipeline.DateParts(column.Name, DateParts);
                    // The names the date-parts step gives its outputs (DatePartsStep.OutputName).
                    numbers.AddRange(new[] { "year", "month", "day", "day_of_week" }.Select(p => $"{column.Name}_{p}"));
                    break;
                case FeatureRole.Number:
                    numbers.Add(column.Name);
                    break;
                case FeatureRole.Binary when column.Kind == ColumnKind.Boolean:
                    pipeline.Impute(Imputation.Mode, column.Name);
                    break;
                case FeatureRole.Binary:
                case FeatureRole.Category when column.Preprocessing.StartsWith("one-hot", StringComparison.Ordinal):
                    pipeline.OneHot(column.Name);
                    break;
                case FeatureRole.Category when Task == TrainingTask.Regression:
                    pipeline.TargetEncode(column.Name, Target, seed: Options.Seed).Scale(Scaling.Standard, column.Name);
                    break;
                case FeatureRole.Category:
                    pipeline.Ordinal(column.Name).Scale(Scaling.Standard, column.Name);
                    break;
                case FeatureRole.Text when text is not null:
                    text(pipeline, column.Name);
                    break;
                case FeatureRole.Text:
                    pipeline.TfIdf(column.Name, RoleInference.TextFeatures);
                    break;
            }
        }
        if (numbers.Count > 0) pipeline.Impute(Imputation.Median, [.. numbers]).Scale(Scaling.Standard, [.. numbers]);
        return pipeline;
    }

    private static readonly DatePart[] DateParts = [DatePart.Year, DatePart.Month, DatePart.Day, DatePart.DayOfWeek];

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

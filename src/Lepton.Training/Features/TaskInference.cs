using System.Globalization;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;

namespace Lepton.Training.Features;

/// <summary>Decides from the target's profile whether to classify or regress, and says why; refuses targets neither fits.</summary>
internal static class TaskInference
{
    /// <summary>Integer targets with at most this many distinct values are classes (a rating, a digit), more are numbers.</summary>
    public const int MaxIntegerClasses = 20;

    /// <summary>The most classes a target may have.</summary>
    public const int MaxClasses = 200;

    public static (TrainingTask Task, string Reason) Infer(ColumnProfile target, TrainingTask? requested)
    {
        var name = target.Name;
        if (target.Count == 0) throw new TrainingException($"The target '{name}' has no values: every row is missing it. Choose another column with --target.");
        if (target.Distinct < 2)
        {
            var value = target.TopValues.FirstOrDefault()?.Value ?? "?";
            throw new TrainingException($"The target '{name}' has one class ('{value}' in all {target.Count:N0} rows with a value): there is nothing to predict. Choose another column with --target.");
        }
        var numeric = target.Kind is ColumnKind.Integer or ColumnKind.Float;
        var distinct = target.Distinct.ToString("N0", CultureInfo.InvariantCulture);
        if (target.Kind == ColumnKind.DateTime)
            throw new TrainingException($"The target '{name}' holds dates; lepton train predicts classes or numbers. Choose another column with --target.");
        switch (requested)
        {
            case TrainingTask.Regression when !numeric:
                throw new TrainingException($"The target '{name}' holds text ({target.Kind}), which regression cannot predict: use --task classification, or a numeric column.");
            case TrainingTask.Regression:
                return (TrainingTask.Regression, "asked for (--task regression)");
            case TrainingTask.Classification when target.Distinct > MaxClasses:
                throw new TrainingException($"The target '{name}' has {distinct} distinct values, more than the {MaxClasses} classes a classifier takes: use --task regression for a number, or group the values.");
            case TrainingTask.Classification:
                return (TrainingTask.Classification, $"asked for (--task classification); {distinct} classes");
        }
        return target.Kind switch
        {
            ColumnKind.Boolean => (TrainingTask.Classification, "the target is true/false"),
            ColumnKind.Integer when target.Distinct <= MaxIntegerClasses => (TrainingTask.Classification, $"the target holds integers with only {distinct} distinct values (at most {MaxIntegerClasses} are classes)"),
            ColumnKind.Integer => (TrainingTask.Regression, $"the target holds integers with {distinct} distinct values (more than {MaxIntegerClasses})"),
            ColumnKind.Float when target.Distinct == 2 => (TrainingTask.Classification, "the target holds two values"),
            ColumnKind.Float => (TrainingTask.Regression, "the target holds decimal numbers"),
            _ when target.Distinct <= MaxClasses => (TrainingTask.Classification, $"the target is {target.Kind.ToString().ToLowerInvariant()} with {distinct} distinct values"),
            _ => throw new TrainingException($"The target '{name}' is {target.Kind.ToString().ToLowerInvariant()} with {distinct} distinct values, too many to be classes (at most {MaxClasses}); lepton train predicts classes or numbers."),
        };
    }
}

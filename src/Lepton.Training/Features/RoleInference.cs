using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Training.Features;

/// <summary>Gives every column of a profiled table its role, its preprocessing, or the reason it is dropped.</summary>
internal static class RoleInference
{
    /// <summary>Categories with at most this many values are one-hot encoded; more get one number each (ordinal or target encoding).</summary>
    public const int MaxOneHot = 16;

    /// <summary>A column missing in at least this share of rows is dropped.</summary>
    public const double MostlyMissing = 0.9;

    /// <summary>How many words of a text column TF-IDF keeps.</summary>
    public const int TextFeatures = 100;

    public static IReadOnlyList<ColumnRole> Infer(TableProfile profile, string target, TrainingTask task) =>
        profile.Columns.Select(c => c.Name == target
            ? new ColumnRole(c.Name, c.Kind, FeatureRole.Target, "", task == TrainingTask.Classification ? "the target: its values are the classes" : "the target")
            : Infer(c, task)).ToList();

    private static ColumnRole Infer(ColumnProfile c, TrainingTask task)
    {
        if (Dropped(c) is { } reason) return new ColumnRole(c.Name, c.Kind, FeatureRole.Dropped, "", reason);
        var distinct = c.Distinct.ToString("N0", CultureInfo.InvariantCulture);
        return c.Kind switch
        {
            ColumnKind.Integer or ColumnKind.Float => new(c.Name, c.Kind, FeatureRole.Number, "impute median, scale standard", "a number"),
            ColumnKind.Boolean => new(c.Name, c.Kind, FeatureRole.Binary, "impute most frequent", "true/false"),
            ColumnKind.DateTime => new(c.Name, c.Kind, FeatureRole.Date, "date parts (year, month, day, day of week), impute median, scale standard", "a date"),
            ColumnKind.Text => new(c.Name, c.Kind, FeatureRole.Text, $"tf-idf of its {TextFeatures} most frequent words", "free text"),
            _ when c.Distinct == 2 => new(c.Name, c.Kind, FeatureRole.Binary, "one-hot", "a category of two values"),
            _ when c.Distinct <= MaxOneHot => new(c.Name, c.Kind, FeatureRole.Category, "one-hot", $"a category of {distinct} values (one-hot up to {MaxOneHot})"),
            _ when task == TrainingTask.Regression => new(c.Name, c.Kind, FeatureRole.Category, "target encoding (cross-fitted), scale standard", $"a category of {distinct} values, too many to one-hot"),
            _ => new(c.Name, c.Kind, FeatureRole.Category, "ordinal, scale standard", $"a category of {distinct} values, too many to one-hot"),
        };
    }

    private static string? Dropped(ColumnProfile c)
    {
        if (c.Kind == ColumnKind.Identifier) return "identifier-like: a different value in (almost) every row";
        if (c.Count == 0) return "every value is missing";
        if (c.MissingShare >= MostlyMissing) return string.Create(CultureInfo.InvariantCulture, $"mostly missing ({c.MissingShare:P0} of rows)");
        if (c.Distinct < 2) return $"constant: '{c.TopValues.FirstOrDefault()?.Value ?? "?"}' in every row";
        return null;
    }
}

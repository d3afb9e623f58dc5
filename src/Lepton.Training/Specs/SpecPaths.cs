using Lepton.Training.Features;

namespace Lepton.Training.Specs;

/// <summary>The dotted paths of the spec values a <c>hyperopt</c> section may search (<c>trainer.learning_rate</c>, <c>gbm.num_leaves</c>, …).</summary>
internal static class SpecPaths
{
    public static readonly string[] All =
    [
        "model_type",
        .. SpecVocabulary.SplitKeys.Select(k => $"preprocessing.split.{k}"),
        .. SpecVocabulary.CombinerKeys.Select(k => $"combiner.{k}"),
        .. SpecVocabulary.TrainerKeys.Where(k => k != "learning_rate_scheduler").Select(k => $"trainer.{k}"),
        .. SpecVocabulary.OptimizerKeys.Select(k => $"trainer.optimizer.{k}"),
        .. SpecVocabulary.SchedulerKeys.Select(k => $"trainer.learning_rate_scheduler.{k}"),
        .. SpecVocabulary.GbmKeys.Select(k => $"gbm.{k}"),
    ];

    /// <summary>Why <paramref name="path"/> names nothing in a spec, or null when it names a value.</summary>
    public static string? Problem(string path)
    {
        if (All.Contains(path)) return null;
        var closest = ClosestNames.Of(path, All);
        var hint = closest.Count > 0 ? $" Did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?" : "";
        var section = path.Split('.')[0];
        var inSection = All.Where(p => p.StartsWith(section + ".", StringComparison.Ordinal)).ToList();
        var known = inSection.Count > 0 ? $" The {section} values: {string.Join(", ", inSection)}." : $" Searchable sections: model_type, preprocessing.split, combiner, trainer, gbm.";
        return $"'{path}' names nothing in the spec.{hint}{known}";
    }

    /// <summary>The path the model family of a trial depends on: gbm.* values exist for gbm, combiner.* and trainer.* ones (but its time limit) for nn.</summary>
    public static string? FamilyOf(string path) =>
        path.StartsWith("gbm.", StringComparison.Ordinal) ? SpecVocabulary.Gbm
        : path.StartsWith("combiner.", StringComparison.Ordinal) || (path.StartsWith("trainer.", StringComparison.Ordinal) && path != "trainer.time_limit") ? SpecVocabulary.Nn
        : null;
}

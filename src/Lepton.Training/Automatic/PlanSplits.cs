using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Training.Features;
using Lepton.Training.Specs;

namespace Lepton.Training.Automatic;

/// <summary>
/// A plan's rows for searching its settings without touching its test rows: the test rows it holds out, and the
/// validation rows or folds of the rest — by the plan's own split rule (the spec's random, stratified, time or group
/// split; stratified for classification otherwise). Positions are 0-based rows of the table.
/// </summary>
public static class PlanSplits
{
    /// <summary>The rows the plan trains on (<see cref="SplitIndices.Train"/>, validation included) and the ones it tests on (<see cref="SplitIndices.Test"/>).</summary>
    public static SplitIndices HoldOut(Table table, TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        return Rows(table, plan, plan.Options.TestFraction);
    }

    /// <summary>
    /// <paramref name="development"/> (the rows <see cref="HoldOut"/> left for training) split into training and
    /// validation rows (<see cref="SplitIndices.Test"/>), the validation share being the plan's.
    /// </summary>
    public static SplitIndices Validation(Table table, TrainingPlan plan, IReadOnlyList<long> development)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(development);
        using var rows = TableSplit.Rows(table, development);
        var inner = Rows(rows, plan, plan.Options.ValidationFraction);
        return new SplitIndices(Map(inner.Train, development), Map(inner.Test, development));
    }

    /// <summary><paramref name="development"/> in <paramref name="folds"/> folds (stratified for classification, shuffled with the plan's seed): each fold's rows are its <see cref="SplitIndices.Test"/>.</summary>
    public static IReadOnlyList<SplitIndices> Folds(Table table, TrainingPlan plan, IReadOnlyList<long> development, int folds)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(development);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (folds > development.Count) throw new TrainingException($"{folds} folds need at least {folds} rows; {development.Count} are left for training.");
        using var rows = TableSplit.Rows(table, development);
        var seed = plan.Spec?.Split.Seed ?? plan.Options.Seed;
        var inner = plan.Task == TrainingTask.Classification
            ? Splitter.StratifiedKFold(rows, plan.Target, folds, seed)
            : Splitter.KFold(rows, folds, seed);
        return inner.Select(f => new SplitIndices(Map(f.Train, development), Map(f.Test, development))).ToList();
    }

    private static SplitIndices Rows(Table rows, TrainingPlan plan, double fraction) =>
        plan.Spec is not null ? SpecPlanner.Rows(rows, plan, fraction)
        : plan.Task == TrainingTask.Classification ? Splitter.StratifiedRows(rows, plan.Target, fraction, plan.Options.Seed)
        : Splitter.RandomRows(rows, fraction, plan.Options.Seed);

    private static long[] Map(long[] inner, IReadOnlyList<long> outer) => inner.Select(i => outer[(int)i]).ToArray();
}

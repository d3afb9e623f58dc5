using Lepton.Data.Tables;

namespace Lepton.Training.Explanations;

/// <summary>
/// Permutation importance (Breiman 2001; scikit-learn's <c>permutation_importance</c>): how much a model's score falls
/// when one column's values are shuffled across the rows, breaking its link to the target while keeping its
/// distribution. Works for any model that can score a table, on rows it did not train on.
/// </summary>
public static class PermutationImportance
{
    /// <summary>
    /// The importance of each of <paramref name="columns"/>: per repeat, the score on <paramref name="table"/> minus the
    /// score with that column shuffled (the other way round when lower scores are better), so a positive value means the
    /// model relies on the column. Sorted by mean importance, largest first.
    /// </summary>
    /// <param name="table">Rows with the model's inputs and the target, not used to train it.</param>
    /// <param name="columns">The columns to shuffle, one at a time.</param>
    /// <param name="score">The model's score on a table (accuracy, RMSE, …).</param>
    /// <param name="options">Repeats, seed, and whether higher scores are better.</param>
    /// <param name="progress">Told once per scored table, shuffled or not.</param>
    /// <exception cref="ArgumentException">No column is given, a column is named twice, or the options are out of range.</exception>
    /// <exception cref="KeyNotFoundException">A column is not in the table; the message lists the ones there are.</exception>
    public static PermutationImportanceResult Compute(Table table, IReadOnlyList<string> columns, Func<Table, double> score, PermutationImportanceOptions? options = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(score);
        options ??= new PermutationImportanceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Repeats, 1, nameof(options));
        if (columns.Count == 0) throw new ArgumentException("Name at least one column to shuffle.", nameof(columns));
        if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Column '{twice.Key}' is named twice.", nameof(columns));
        foreach (var column in columns) table.Column(column);

        var baseline = score(table);
        progress?.Report(1);
        var sign = options.HigherIsBetter ? 1 : -1;
        var importances = new List<FeatureImportance>();
        for (var c = 0; c < columns.Count; c++)
        {
            var drops = new double[options.Repeats];
            for (var r = 0; r < options.Repeats; r++)
            {
                using var shuffled = table.WithShuffledColumn(columns[c], options.Seed + (c * options.Repeats) + r);
                drops[r] = sign * (baseline - score(shuffled));
                progress?.Report(1);
            }
            importances.Add(new FeatureImportance(columns[c], drops.Average(), StandardDeviation(drops), drops));
        }
        return new PermutationImportanceResult(baseline, [.. importances.OrderByDescending(i => i.Mean).ThenBy(i => i.Column, StringComparer.Ordinal)]);
    }

    /// <summary>The population standard deviation, as scikit-learn reports <c>importances_std</c>.</summary>
    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}

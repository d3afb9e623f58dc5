using Lepton.Data.Tables;

namespace Lepton.Data.Splits;

/// <summary>
/// Seeded, reproducible ways to split a table: random, stratified, grouped, time-ordered, k-fold and stratified
/// k-fold. The same table and seed give the same rows every time (System.Random with a seed is stable).
/// </summary>
public static class Splitter
{
    /// <summary>A random split with round(n × testFraction) test rows.</summary>
    public static TableSplit Random(Table table, double testFraction = 0.2, int seed = 0) => TableSplit.Take(table, RandomRows(table, testFraction, seed));

    /// <summary>A random split keeping each class's share in both parts (per class, round(count × testFraction) test rows).</summary>
    public static TableSplit Stratified(Table table, string column, double testFraction = 0.2, int seed = 0) =>
        TableSplit.Take(table, StratifiedRows(table, column, testFraction, seed));

    /// <summary>A split in which every group (rows sharing a value of <paramref name="groupColumn"/>) lies wholly in one part; groups are drawn at random until the test part holds about testFraction of the rows.</summary>
    public static TableSplit Grouped(Table table, string groupColumn, double testFraction = 0.2, int seed = 0) =>
        TableSplit.Take(table, GroupedRows(table, groupColumn, testFraction, seed));

    /// <summary>The latest round(n × testFraction) rows by <paramref name="timeColumn"/> are the test part: training never sees the future.</summary>
    /// <exception cref="ArgumentException">The time column has missing values.</exception>
    public static TableSplit TimeOrdered(Table table, string timeColumn, double testFraction = 0.2) =>
        TableSplit.Take(table, TimeOrderedRows(table, timeColumn, testFraction));

    /// <summary>The row positions <see cref="Random"/> puts in each part, without copying the table (for data already in tensors).</summary>
    public static SplitIndices RandomRows(Table table, double testFraction = 0.2, int seed = 0) => RandomIndices(Count(table), testFraction, seed);

    /// <summary>The row positions <see cref="Stratified"/> puts in each part, without copying the table.</summary>
    public static SplitIndices StratifiedRows(Table table, string column, double testFraction = 0.2, int seed = 0) =>
        StratifiedIndices(Labels(table, column), testFraction, seed);

    /// <summary>The row positions <see cref="Grouped"/> puts in each part, without copying the table.</summary>
    public static SplitIndices GroupedRows(Table table, string groupColumn, double testFraction = 0.2, int seed = 0) =>
        GroupedIndices(Labels(table, groupColumn), testFraction, seed);

    /// <summary>The row positions <see cref="TimeOrdered"/> puts in each part, without copying the table.</summary>
    /// <exception cref="ArgumentException">The time column has missing values.</exception>
    public static SplitIndices TimeOrderedRows(Table table, string timeColumn, double testFraction = 0.2) =>
        TimeOrderedIndices(table, timeColumn, testFraction);

    /// <summary>K folds of (nearly) equal size; fold i tests on its rows and trains on the rest.</summary>
    public static IReadOnlyList<SplitIndices> KFold(Table table, int k = 5, int seed = 0, bool shuffle = true) => KFoldIndices(Count(table), k, seed, shuffle);

    /// <summary>K folds each keeping the class shares of <paramref name="column"/>.</summary>
    public static IReadOnlyList<SplitIndices> StratifiedKFold(Table table, string column, int k = 5, int seed = 0) => StratifiedKFoldIndices(Labels(table, column), k, seed, shuffle: true);

    /// <summary>
    /// K folds of the positions 0…<paramref name="count"/>−1 (of a dataset, or arrays), of sizes differing by at most
    /// one; fold i tests on its positions and trains on the rest (scikit-learn's KFold, shuffled by default). Use
    /// each fold with <c>dataset.Subset</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k is below 2 or above the count.</exception>
    public static IReadOnlyList<SplitIndices> KFold(int count, int k = 5, int seed = 0, bool shuffle = true) => KFoldIndices(count, k, seed, shuffle);

    /// <summary>
    /// K folds of the positions of <paramref name="labels"/> (one class label per example; null is a class of its
    /// own) in which every class is spread as evenly as it can be: each fold holds its share of every class, within
    /// one example (scikit-learn's StratifiedKFold, shuffled within each class by default).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k is below 2 or above the number of labels.</exception>
    public static IReadOnlyList<SplitIndices> StratifiedKFold(IReadOnlyList<string?> labels, int k = 5, int seed = 0, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return StratifiedKFoldIndices([.. labels], k, seed, shuffle);
    }

    internal static SplitIndices RandomIndices(long n, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        var order = Shuffled(Range(n), new System.Random(seed));
        var testCount = (int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero);
        return Make(order.Skip(testCount), order.Take(testCount));
    }

    internal static SplitIndices StratifiedIndices(string?[] labels, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        var random = new System.Random(seed);
        var train = new List<long>();
        var test = new List<long>();
        foreach (var rows in ByClass(labels))
        {
            var order = Shuffled(rows, random);
            var testCount = (int)Math.Round(order.Count * testFraction, MidpointRounding.AwayFromZero);
            test.AddRange(order.Take(testCount));
            train.AddRange(order.Skip(testCount));
        }
        return Make(train, test);
    }

    internal static SplitIndices GroupedIndices(string?[] groups, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        var byGroup = ByClass(groups);
        var order = Shuffled(Enumerable.Range(0, byGroup.Count).ToList(), new System.Random(seed));
        var wanted = groups.Length * testFraction;
        var train = new List<long>();
        var test = new List<long>();
        foreach (var g in order)
        {
            // A group goes to test while that brings the test size closer to the wanted share.
            var rows = byGroup[g];
            if (Math.Abs(test.Count + rows.Count - wanted) < Math.Abs(test.Count - wanted)) test.AddRange(rows);
            else train.AddRange(rows);
        }
        return Make(train, test);
    }

    internal static SplitIndices TimeOrderedIndices(Table table, string timeColumn, double testFraction)
    {
        CheckFraction(testFraction);
        var column = Sql.Name(table.Column(timeColumn).Name);
        var missing = Table.ToLong(table.Session.Scalar($"SELECT count(*) FROM {Table.StorageName} WHERE {column} IS NULL"));
        if (missing > 0)
            throw new ArgumentException($"The time column '{timeColumn}' has {missing} missing values, so those rows cannot be placed in time. Impute or drop them first.", nameof(timeColumn));
        var order = new List<long>();
        table.Session.ForEach($"SELECT position FROM (SELECT {column} AS t, row_number() OVER (ORDER BY rowid) - 1 AS position FROM {Table.StorageName}) ORDER BY t, position", r => order.Add(r.GetInt64(0)));
        var testCount = (int)Math.Round(order.Count * testFraction, MidpointRounding.AwayFromZero);
        return Make(order.Take(order.Count - testCount), order.Skip(order.Count - testCount));
    }

    internal static IReadOnlyList<SplitIndices> KFoldIndices(long n, int k, int seed, bool shuffle)
    {
        CheckFolds(k, n);
        var order = shuffle ? Shuffled(Range(n), new System.Random(seed)) : Range(n);
        var fold = new int[n];
        for (var i = 0; i < order.Count; i++) fold[order[i]] = (int)((long)i * k / n);
        return Folds(fold, k);
    }

    internal static IReadOnlyList<SplitIndices> StratifiedKFoldIndices(string?[] labels, int k, int seed, bool shuffle)
    {
        CheckFolds(k, labels.Length);
        var random = new System.Random(seed);
        var fold = new int[labels.Length];
        var next = 0;
        // Each class is dealt round the folds in turn, continuing where the last class stopped, so folds stay even.
        foreach (var rows in ByClass(labels))
        {
            foreach (var row in shuffle ? Shuffled(rows, random) : rows) fold[row] = next++ % k;
        }
        return Folds(fold, k);
    }

    private static IReadOnlyList<SplitIndices> Folds(int[] fold, int k) =>
        Enumerable.Range(0, k).Select(f => Make(
            Enumerable.Range(0, fold.Length).Where(i => fold[i] != f).Select(i => (long)i),
            Enumerable.Range(0, fold.Length).Where(i => fold[i] == f).Select(i => (long)i))).ToList();

    private static List<List<long>> ByClass(string?[] labels) =>
        labels.Select((label, i) => (label, i: (long)i))
            .GroupBy(x => x.label ?? "\0missing", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(x => x.i).ToList())
            .ToList();

    private static List<T> Shuffled<T>(List<T> items, System.Random random)
    {
        var copy = new List<T>(items);
        for (var i = copy.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy;
    }

    private static List<long> Range(long n) => Enumerable.Range(0, checked((int)n)).Select(i => (long)i).ToList();

    private static SplitIndices Make(IEnumerable<long> train, IEnumerable<long> test) => new(train.Order().ToArray(), test.Order().ToArray());

    private static long Count(Table table) => table.RowCount;

    private static string?[] Labels(Table table, string column) => table.GetStrings(column);

    private static void CheckFraction(double fraction)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"The test fraction must be between 0 and 1 (exclusive), not {fraction}.");
    }

    private static void CheckFolds(int k, long n)
    {
        if (k < 2 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"k-fold needs 2 ≤ k ≤ the number of rows ({n}), not {k}.");
    }
}

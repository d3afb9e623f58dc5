using System.Collections;
using System.Globalization;

namespace Lepton.Data.Tables;

/// <summary>
/// Computes a <see cref="TableProfile"/> as a few SQL passes inside DuckDB: one pass for counts, distinct values,
/// moments and quantiles of every column; one for histograms and outlier counts; one for duplicate rows;
/// then grouped counts for top values and associations. Only small results come back to .NET.
/// </summary>
internal static class TableProfiler
{
    private static readonly double[] Probabilities = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// <summary>Up to this many distinct values (as first estimated), distinct counts and top values are exact.</summary>
    public const long ExactDistinctLimit = 20_000;

    // A column with at most this many distinct values among the first rows goes to the exact value counts without an estimate first.
    private const long SampleDistinctRoute = 5_000;

    /// <summary>
    /// Up to this many rows quantiles are exact (interpolated, as numpy and pandas); above, they are T-Digest
    /// estimates (DuckDB's approx_quantile). Not reservoir_quantile: merged across threads it kept only the first
    /// rows of a 120,000-row table (median 25,000 where the true one was 30,000).
    /// </summary>
    public const int ExactQuantileRows = 100_000;

    // GROUPING() returns a 64-bit mask, so one GROUPING SETS query takes at most this many columns.
    private const int MaxGroupingColumns = 60;

    /// <summary>Correlations are computed among at most this many numeric columns (the first ones), and Cramér's V among at most this many categorical ones (the target first).</summary>
    public const int MaxCorrelationColumns = 100;
    private const string T = Table.StorageName;

    public static TableProfile Profile(Table table, ProfileOptions options, CancellationToken ct)
    {
        var session = table.Session;
        if (options.Target is { } target) table.Column(target);
        var columns = table.Columns;

        var basics = Basics(table, ct);
        var tops = TopValues(session, columns, basics, options.TopValues, out var numbers, ct);
        var shapes = Shapes(session, columns, basics, options.HistogramBins, numbers, ct);
        var profiles = columns.Select((c, i) => Build(c, table.RowCount, basics[i], shapes[i], tops[i], options.HistogramBins)).ToList();

        var duplicates = table.RowCount - Table.ToLong(session.Scalar(
            $"SELECT count(*) FROM (SELECT DISTINCT hash({string.Join(", ", columns.Select(c => Sql.Name(c.Name)))}) FROM {T})", ct));
        if (columns.Count == 0) duplicates = 0;

        var numeric = columns.Where(c => c.IsNumeric).Select(c => c.Name).Take(MaxCorrelationColumns).ToList();
        var categorical = profiles.Where(p => IsCategorical(p, options)).Select(p => p.Name).ToList();
        if (options.Target is { } t && categorical.Remove(t)) categorical.Insert(0, t);
        categorical = categorical.Take(MaxCorrelationColumns).ToList();
        var correlations = new List<Correlation>();
        correlations.AddRange(Correlations(session, numeric, table.RowCount, options.CorrelationSampleRows, ct));
        var cramers = CramersV(session, categorical, table.RowCount, options.CorrelationSampleRows, ct);
        correlations.AddRange(cramers.Select(v => new Correlation(v.Key.A, v.Key.B, CorrelationMethod.CramersV, v.Value)));

        var relations = new List<Correlation>();
        var targetIsCategorical = false;
        IReadOnlyList<ValueCount> classes = [];
        if (options.Target is { } name)
        {
            var targetProfile = profiles.First(p => p.Name == name);
            targetIsCategorical = IsCategorical(targetProfile, options) &&
                (targetProfile.Kind is not (ColumnKind.Integer or ColumnKind.Float) || targetProfile.Distinct <= 20);
            relations = TargetRelations(session, profiles, targetProfile, targetIsCategorical, correlations, cramers, options, ct);
            if (targetIsCategorical)
            {
                classes = session.Rows($"SELECT CAST({Sql.Name(name)} AS VARCHAR) AS v, count(*) AS n FROM {T} WHERE {Sql.Name(name)} IS NOT NULL GROUP BY v ORDER BY n DESC, v", ct)
                    .Select(r => new ValueCount((string)r[0]!, Table.ToLong(r[1]))).ToList();
            }
        }

        return new TableProfile
        {
            RowCount = table.RowCount,
            DuplicateRows = duplicates,
            Columns = profiles,
            Correlations = correlations,
            Target = options.Target,
            TargetRelations = relations,
            TargetIsCategorical = targetIsCategorical,
            TargetClasses = classes,
        };
    }

    // Integers count as categories only when values repeat (codes, ratings), not when nearly every row differs.
    private static bool IsCategorical(ColumnProfile p, ProfileOptions options) =>
        p.Distinct > 1 && p.Distinct <= options.MaxCategories &&
        (p.Kind is ColumnKind.Categorical or ColumnKind.Boolean || (p.Kind is ColumnKind.Integer && p.Distinct * 2 <= p.Count));

    /// <summary>First pass: counts, distinct, moments, quantiles, and number-like text.</summary>
    private static List<Dictionary<string, object?>> Basics(Table table, CancellationToken ct)
    {
        var (session, columns, rows) = (table.Session, table.Columns, table.RowCount);
        var select = new Selection();
        var known = new Dictionary<string, long>();
        foreach (var column in columns)
        {
            var c = Sql.Name(column.Name);
            select.Add(column.Name, "count", $"count({c})");
            // The count made when the kinds were chosen is exact for a table no larger than the sample, and
            // enough to send a column with few values to the exact value counts; the rest need an estimate.
            if (table.SampleDistinct.TryGetValue(column.Name, out var seen) && (table.RowCount <= KindInference.SampleRows || seen <= SampleDistinctRoute))
                known[column.Name] = seen;
            else
                select.Add(column.Name, "distinct", $"approx_count_distinct({c})");
            if (column.IsNumeric)
            {
                // Columns with few values get exact quantiles from their value counts later.
                var counted = table.SampleDistinct.TryGetValue(column.Name, out var few) && few <= SampleDistinctRoute;
                select.Add(column.Name, "min", $"min({c})::DOUBLE");
                select.Add(column.Name, "max", $"max({c})::DOUBLE");
                select.Add(column.Name, "mean", $"avg({c})::DOUBLE");
                select.Add(column.Name, "std", $"stddev_samp({c})::DOUBLE");
                var probabilities = $"[{string.Join(", ", Probabilities.Select(Sql.Number))}]";
                if (!counted) select.Add(column.Name, "quantiles", rows <= ExactQuantileRows
                    ? $"quantile_cont({c}::DOUBLE, {probabilities})"
                    : $"approx_quantile({c}::DOUBLE, {probabilities})");
            }
            else if (column.Kind == ColumnKind.Boolean)
            {
                select.Add(column.Name, "min", $"min({c}::INTEGER)::DOUBLE");
                select.Add(column.Name, "max", $"max({c}::INTEGER)::DOUBLE");
                select.Add(column.Name, "mean", $"avg({c}::INTEGER)::DOUBLE");
            }
            else if (column.Kind == ColumnKind.DateTime)
            {
                select.Add(column.Name, "earliest", $"min({c})::TIMESTAMP");
                select.Add(column.Name, "latest", $"max({c})::TIMESTAMP");
            }
        }
        var result = select.Run(session, columns, ct);
        for (var i = 0; i < columns.Count; i++)
        {
            if (!known.TryGetValue(columns[i].Name, out var distinct)) continue;
            result[i]["distinct"] = distinct;
            result[i]["distinct_exact"] = rows <= KindInference.SampleRows;
        }
        return result;
    }

    /// <summary>Second pass: histogram bins and outlier counts, which need the first pass's min, max, quartiles and moments.</summary>
    private static List<Dictionary<string, object?>> Shapes(DuckSession session, IReadOnlyList<TableColumn> columns, List<Dictionary<string, object?>> basics, int bins,
        Dictionary<string, List<(double Value, long Count)>> numbers, CancellationToken ct)
    {
        // Each numeric column is converted to DOUBLE and given its bin once, in a projection the aggregates share.
        var select = new Selection();
        var projection = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            if (!columns[i].IsNumeric || basics[i]["min"] is not double min || basics[i]["max"] is not double max) continue;
            if (numbers.ContainsKey(columns[i].Name)) continue;
            var v = $"v{i}";
            var width = (max - min) / bins;
            projection.Add($"{Sql.Name(columns[i].Name)}::DOUBLE AS {v}");
            projection.Add(width > 0 ? $"least(floor(({Sql.Name(columns[i].Name)}::DOUBLE - {Sql.Number(min)}) / {Sql.Number(width)}), {bins - 1})::INTEGER AS b{i}" : $"CASE WHEN {Sql.Name(columns[i].Name)} IS NULL THEN NULL ELSE 0 END AS b{i}");
            select.Add(columns[i].Name, "histogram", $"histogram(b{i}) FILTER (WHERE {v} IS NOT NULL)"); // least() skips NULLs, so a missing value has a bin
            var q = Quantiles(basics[i]);
            if (q.TryGetValue(0.25, out var q1) && q.TryGetValue(0.75, out var q3))
            {
                var iqr = q3 - q1;
                select.Add(columns[i].Name, "iqr", $"count(*) FILTER (WHERE {v} < {Sql.Number(q1 - 1.5 * iqr)} OR {v} > {Sql.Number(q3 + 1.5 * iqr)})");
            }
            if (basics[i]["mean"] is double mean && basics[i]["std"] is double std && std > 0)
                select.Add(columns[i].Name, "z", $"count(*) FILTER (WHERE abs({v} - {Sql.Number(mean)}) > {Sql.Number(3 * std)})");
        }
        var shapes = select.Run(session, columns, ct, projection.Count == 0 ? T : $"(SELECT {string.Join(", ", projection)} FROM {T})");
        for (var i = 0; i < columns.Count; i++)
        {
            if (numbers.TryGetValue(columns[i].Name, out var counted) && basics[i]["min"] is double min && basics[i]["max"] is double max)
                CountedShape.Fill(counted, min, max, basics[i].GetValueOrDefault("mean") as double?, basics[i].GetValueOrDefault("std") as double?, bins, Probabilities, basics[i], shapes[i]);
        }
        return shapes;
    }

    /// <summary>
    /// Most frequent values and exact distinct counts. Columns with at most <see cref="ExactDistinctLimit"/> distinct
    /// values (by the first pass's estimate) get a full value histogram in one shared pass; for the others the
    /// engine's approximate top-k picks candidates and a second pass counts them exactly.
    /// </summary>
    private static List<(IReadOnlyList<ValueCount> Top, long? Distinct, long NumberLike)> TopValues(DuckSession session, IReadOnlyList<TableColumn> columns,
        List<Dictionary<string, object?>> basics, int k, out Dictionary<string, List<(double Value, long Count)>> numbers, CancellationToken ct)
    {
        var result = columns.Select(_ => ((IReadOnlyList<ValueCount>)[], (long?)null, 0L)).ToList();
        var exactColumns = new List<string>();
        var candidates = new Selection();
        for (var i = 0; i < columns.Count; i++)
        {
            // Values are grouped in their own type (casting a million values to text first costs more than the grouping).
            var c = Sql.Name(columns[i].Name);
            if (Table.ToLong(basics[i]["count"]) == 0) result[i] = ([], 0, 0);
            else if (Table.ToLong(basics[i]["distinct"]) <= ExactDistinctLimit) exactColumns.Add(columns[i].Name);
            else if (k > 0 && columns[i].StorageType == "VARCHAR" && columns[i].Kind != ColumnKind.Identifier) candidates.Add(columns[i].Name, "candidates", $"approx_top_k({c}, {k})");
        }
        var raw = ValueCounts(session, exactColumns, ct);
        var histograms = raw.ToDictionary(r => r.Key, r => r.Value.Select(v => new ValueCount(Text(v.Value), v.Count)).ToList());
        numbers = raw.Where(r => columns.First(c => c.Name == r.Key).IsNumeric)
            .ToDictionary(r => r.Key, r => r.Value.Select(v => (Convert.ToDouble(v.Value, CultureInfo.InvariantCulture), v.Count)).OrderBy(v => v.Item1).ToList());
        var picked = candidates.Run(session, columns, ct);
        var counting = new Selection();
        for (var i = 0; i < columns.Count; i++)
        {
            if (histograms.TryGetValue(columns[i].Name, out var all))
            {
                var numberLike = columns[i].StorageType == "VARCHAR" ? all.Where(v => IsNumber(v.Value)).Sum(v => v.Count) : 0;
                result[i] = (all.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(k).ToList(), all.Count, numberLike);
            }
            if (picked[i].GetValueOrDefault("candidates") is IList values)
            {
                var c = Sql.Name(columns[i].Name);
                counting.Add(columns[i].Name, "numberlike", $"count(*) FILTER (WHERE TRY_CAST({c} AS DOUBLE) IS NOT NULL)");
                foreach (var value in values.Cast<object?>().OfType<string>())
                    counting.Add(columns[i].Name, "v:" + value, $"count(*) FILTER (WHERE {c} = {Sql.Literal(value)})");
            }
        }
        var counted = counting.Run(session, columns, ct);
        for (var i = 0; i < columns.Count; i++)
        {
            if (picked[i].ContainsKey("candidates"))
            {
                var top = counted[i].Where(e => e.Key.StartsWith("v:", StringComparison.Ordinal)).Select(e => new ValueCount(e.Key[2..], Table.ToLong(e.Value)));
                result[i] = (top.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList(), null, Table.ToLong(counted[i]["numberlike"]));
            }
        }
        return result;
    }

    /// <summary>Every value's count for each of the given columns, in one pass (GROUPING SETS); missing values are left out.</summary>
    private static Dictionary<string, List<(object Value, long Count)>> ValueCounts(DuckSession session, List<string> names, CancellationToken ct)
    {
        var result = new Dictionary<string, List<(object, long)>>();
        foreach (var chunk in names.Chunk(MaxGroupingColumns))
        {
            var quoted = chunk.Select(Sql.Name).ToList();
            foreach (var name in chunk) result[name] = [];
            var rows = session.Rows(
                $"SELECT GROUPING({string.Join(", ", quoted)}), {string.Join(", ", quoted)}, count(*) FROM {T} GROUP BY GROUPING SETS ({string.Join(", ", quoted.Select(q => $"({q})"))})", ct);
            foreach (var row in rows)
            {
                var mask = Table.ToLong(row[0]);
                for (var i = 0; i < chunk.Length; i++)
                {
                    if ((mask & (1L << (chunk.Length - 1 - i))) != 0 || row[1 + i] is not { } value) continue;
                    result[chunk[i]].Add((value, Table.ToLong(row[^1])));
                }
            }
        }
        return result;
    }

    private static ColumnProfile Build(TableColumn column, long rows, Dictionary<string, object?> basics, Dictionary<string, object?> shape, (IReadOnlyList<ValueCount> Top, long? Distinct, long NumberLike) values, int bins)
    {
        var count = Table.ToLong(basics["count"]);
        var histogram = new List<HistogramBin>();
        if (shape.TryGetValue("histogram", out var h) && h is IDictionary binCounts && basics["min"] is double min && basics["max"] is double max)
        {
            var counts = Entries(binCounts).ToDictionary(e => Convert.ToInt32(e.Key, CultureInfo.InvariantCulture), e => Table.ToLong(e.Value));
            var binCount = max > min ? bins : 1;
            var width = max > min ? (max - min) / binCount : 0;
            histogram = Enumerable.Range(0, binCount)
                .Select(b => new HistogramBin(min + b * width, b == binCount - 1 ? max : min + (b + 1) * width, counts.GetValueOrDefault(b)))
                .ToList();
        }
        return new ColumnProfile
        {
            Name = column.Name,
            Kind = column.Kind,
            Count = count,
            Missing = rows - count,
            Distinct = values.Distinct ?? Table.ToLong(basics["distinct"]),
            DistinctIsEstimate = values.Distinct is null && basics.GetValueOrDefault("distinct_exact") is not true,
            Min = basics.GetValueOrDefault("min") as double?,
            Max = basics.GetValueOrDefault("max") as double?,
            Mean = basics.GetValueOrDefault("mean") as double?,
            StandardDeviation = basics.GetValueOrDefault("std") as double?,
            Quantiles = Quantiles(basics),
            Earliest = basics.GetValueOrDefault("earliest") as DateTime?,
            Latest = basics.GetValueOrDefault("latest") as DateTime?,
            TopValues = values.Top,
            Histogram = histogram,
            OutliersIqr = Table.ToLong(shape.GetValueOrDefault("iqr")),
            OutliersZScore = Table.ToLong(shape.GetValueOrDefault("z")),
            NumberLikeValues = values.NumberLike,
        };
    }

    private static Dictionary<double, double> Quantiles(Dictionary<string, object?> basics)
    {
        if (basics.GetValueOrDefault("quantiles") is not IList values || values.Count != Probabilities.Length) return [];
        var result = new Dictionary<double, double>();
        for (var i = 0; i < Probabilities.Length; i++)
        {
            if (values[i] is { } v) result[Probabilities[i]] = Convert.ToDouble(v, CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>
    /// Pearson and Spearman correlations of every pair of numeric columns, on a repeatable random sample of
    /// <paramref name="sampleRows"/> rows when the table is larger (rows missing either value are left out of a pair).
    /// The columns are read once and the pairs computed in .NET (<see cref="PairStatistics"/>).
    /// </summary>
    private static IEnumerable<Correlation> Correlations(DuckSession session, List<string> numeric, long rows, int sampleRows, CancellationToken ct)
    {
        var pairs = Pairs(numeric);
        if (pairs.Count == 0) return [];
        var values = Read(session, numeric.Select(n => $"{Sql.Name(n)}::DOUBLE").ToList(), rows, sampleRows, ct,
            (reader, j) => reader.IsDBNull(j) ? double.NaN : reader.GetDouble(j));
        var index = numeric.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        // Spearman is Pearson on average ranks, each column ranked once among its own values.
        var ranks = values.Select(PairStatistics.Ranks).ToArray();
        return pairs.Select(p => new Correlation(p.A, p.B, CorrelationMethod.Pearson, PairStatistics.Pearson(values[index[p.A]], values[index[p.B]])))
            .Concat(pairs.Select(p => new Correlation(p.A, p.B, CorrelationMethod.Spearman, PairStatistics.Pearson(ranks[index[p.A]], ranks[index[p.B]])))).ToList();
    }

    /// <summary>
    /// Cramér's V for every pair of categorical columns, from each pair's contingency table (rows where either value
    /// is missing left out), on the same sample as the correlations when the table is larger.
    /// </summary>
    private static Dictionary<(string A, string B), double> CramersV(DuckSession session, List<string> categorical, long rows, int sampleRows, CancellationToken ct)
    {
        var pairs = Pairs(categorical);
        var result = new Dictionary<(string, string), double>();
        if (pairs.Count == 0) return result;
        // Each value as its dense rank among the column's values (1, 2, …), 0 for a missing one.
        var codes = Read(session, categorical.Select(n => $"CASE WHEN {Sql.Name(n)} IS NULL THEN 0 ELSE dense_rank() OVER (ORDER BY {Sql.Name(n)}) END").ToList(),
            rows, sampleRows, ct, (reader, j) => (int)reader.GetInt64(j));
        var levels = codes.Select(c => c.Length == 0 ? 0 : c.Max()).ToArray();
        var index = categorical.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        foreach (var (a, b) in pairs)
            result[(a, b)] = PairStatistics.CramersV(codes[index[a]], levels[index[a]], codes[index[b]], levels[index[b]]);
        return result;
    }

    /// <summary>Reads expressions over the table (or over its repeatable sample of <paramref name="sampleRows"/> rows when larger) into one array per expression.</summary>
    private static TValue[][] Read<TValue>(DuckSession session, List<string> expressions, long rows, int sampleRows, CancellationToken ct, Func<System.Data.Common.DbDataReader, int, TValue> value)
    {
        var count = (int)Math.Min(rows, sampleRows);
        var columns = expressions.Select(_ => new TValue[count]).ToArray();
        var source = rows > sampleRows ? $"(SELECT * FROM {T} USING SAMPLE reservoir({sampleRows} ROWS) REPEATABLE (42))" : T;
        var row = 0;
        session.ForEach($"SELECT {string.Join(", ", expressions)} FROM {source}", reader =>
        {
            for (var j = 0; j < columns.Length; j++) columns[j][row] = value(reader, j);
            row++;
        }, ct);
        return row == count ? columns : [.. columns.Select(c => c[..row])];
    }

    private static List<Correlation> TargetRelations(DuckSession session, List<ColumnProfile> profiles, ColumnProfile target, bool targetIsCategorical,
        List<Correlation> correlations, Dictionary<(string A, string B), double> cramers, ProfileOptions options, CancellationToken ct)
    {
        var relations = new List<Correlation>();
        var targetNumeric = target.Kind is ColumnKind.Integer or ColumnKind.Float;
        var features = profiles.Where(p => p.Name != target.Name).ToList();
        var numeric = features.Where(f => f.Kind is ColumnKind.Integer or ColumnKind.Float).Select(f => f.Name).ToList();
        var categorical = features.Where(f => IsCategorical(f, options)).Select(f => f.Name).ToList();
        if (targetIsCategorical)
        {
            foreach (var f in categorical)
            {
                var v = cramers.TryGetValue((f, target.Name), out var x) ? x : cramers.GetValueOrDefault((target.Name, f), double.NaN);
                relations.Add(new(f, target.Name, CorrelationMethod.CramersV, v));
            }
            var etas = CorrelationRatios(session, [target.Name], numeric.Where(n => !categorical.Contains(n)).ToList(), ct);
            relations.AddRange(etas.Select(e => new Correlation(e.Key.Value, target.Name, CorrelationMethod.CorrelationRatio, e.Value)));
        }
        else if (targetNumeric)
        {
            foreach (var f in numeric)
            {
                var r = correlations.FirstOrDefault(c => c.Method == CorrelationMethod.Pearson && ((c.First == f && c.Second == target.Name) || (c.First == target.Name && c.Second == f)));
                if (r is not null) relations.Add(new(f, target.Name, CorrelationMethod.Pearson, r.Value));
            }
            var etas = CorrelationRatios(session, categorical.Where(c => !numeric.Contains(c)).Take(MaxGroupingColumns).ToList(), [target.Name], ct);
            relations.AddRange(etas.Select(e => new Correlation(e.Key.Group, target.Name, CorrelationMethod.CorrelationRatio, e.Value)));
        }
        return relations.OrderByDescending(r => double.IsNaN(r.Value) ? -1 : Math.Abs(r.Value)).ToList();
    }

    /// <summary>
    /// η (correlation ratio) of each value column grouped by each group column: sqrt(between-group / total sum of
    /// squares), from per-group counts, sums and sums of squares gathered in one pass.
    /// </summary>
    private static Dictionary<(string Group, string Value), double> CorrelationRatios(DuckSession session, List<string> groups, List<string> values, CancellationToken ct)
    {
        var result = new Dictionary<(string, string), double>();
        if (groups.Count == 0 || values.Count == 0) return result;
        var aggregates = values.SelectMany(v =>
        {
            var c = $"{Sql.Name(v)}::DOUBLE";
            return new[] { $"count({c})", $"sum({c})", $"sum({c} * {c})" };
        });
        var groupNames = groups.Select(Sql.Name).ToList();
        var sets = string.Join(", ", groupNames.Select(g => $"({g})"));
        var rows = session.Rows($"SELECT GROUPING({string.Join(", ", groupNames)}), {string.Join(", ", groupNames)}, {string.Join(", ", aggregates)} FROM {T} GROUP BY GROUPING SETS ({sets})", ct);
        for (var gi = 0; gi < groups.Count; gi++)
        {
            var mask = ((1L << groups.Count) - 1) & ~(1L << (groups.Count - 1 - gi));
            var mine = rows.Where(r => Table.ToLong(r[0]) == mask && r[1 + gi] is not null).ToList();
            for (var vi = 0; vi < values.Count; vi++)
            {
                var at = 1 + groups.Count + 3 * vi;
                var parts = mine.Select(r => (N: (double)Table.ToLong(r[at]), Sum: ToDouble(r[at + 1]), Squares: ToDouble(r[at + 2]))).Where(p => p.N > 0).ToList();
                var n = parts.Sum(p => p.N);
                var mean = parts.Sum(p => p.Sum) / n;
                var total = parts.Sum(p => p.Squares) - n * mean * mean;
                var between = parts.Sum(p => p.N * Math.Pow(p.Sum / p.N - mean, 2));
                result[(groups[gi], values[vi])] = n > 0 && total > 1e-12 * Math.Max(1, parts.Sum(p => p.Squares)) ? Math.Sqrt(Math.Clamp(between / total, 0, 1)) : double.NaN;
            }
        }
        return result;
    }

    private static List<(string A, string B)> Pairs(List<string> names)
    {
        var pairs = new List<(string, string)>();
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = i + 1; j < names.Count; j++) pairs.Add((names[i], names[j]));
        }
        return pairs;
    }

    // The same rule as the engine's TRY_CAST to DOUBLE, for values already counted by the histogram.
    private static bool IsNumber(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A value as the profile shows it: culture-invariant numbers, ISO dates, lower-case booleans.</summary>
    private static string Text(object value) => value switch
    {
        string text => text,
        bool b => b ? "true" : "false",
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // DuckDB returns MAP values as generic dictionaries, whose non-generic enumerator does not yield DictionaryEntry.
    private static IEnumerable<(object Key, object? Value)> Entries(IDictionary map)
    {
        foreach (var key in map.Keys) yield return (key, map[key]);
    }

    private static double ToDouble(object? value) => value is null ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>Named aggregate expressions gathered into one SELECT, so a pass over the table computes them all.</summary>
    private sealed class Selection
    {
        private readonly List<(string Column, string Key, string Expression)> items = [];

        public void Add(string column, string key, string expression) => items.Add((column, key, expression));

        public List<Dictionary<string, object?>> Run(DuckSession session, IReadOnlyList<TableColumn> columns, CancellationToken ct, string source = T)
        {
            var result = columns.Select(_ => new Dictionary<string, object?>()).ToList();
            if (items.Count == 0) return result;
            var row = session.Rows($"SELECT {string.Join(", ", items.Select(i => i.Expression))} FROM {source}", ct)[0];
            var index = columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i);
            for (var i = 0; i < items.Count; i++) result[index[items[i].Column]][items[i].Key] = row[i];
            return result;
        }
    }
}

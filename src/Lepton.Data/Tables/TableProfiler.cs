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
    private const string T = Table.StorageName;

    public static TableProfile Profile(Table table, ProfileOptions options, CancellationToken ct)
    {
        var session = table.Session;
        if (options.Target is { } target) table.Column(target);
        var columns = table.Columns;

        var basics = Basics(session, columns, ct);
        var shapes = Shapes(session, columns, basics, options.HistogramBins, ct);
        var tops = TopValues(session, columns, basics, options.TopValues, ct);
        var profiles = columns.Select((c, i) => Build(c, basics[i], shapes[i], tops[i], options.HistogramBins)).ToList();

        var duplicates = table.RowCount - Table.ToLong(session.Scalar(
            $"SELECT count(*) FROM (SELECT DISTINCT hash({string.Join(", ", columns.Select(c => Sql.Name(c.Name)))}) FROM {T})", ct));
        if (columns.Count == 0) duplicates = 0;

        var numeric = columns.Where(c => c.IsNumeric).Select(c => c.Name).ToList();
        var categorical = profiles.Where(p => IsCategorical(p, options)).Select(p => p.Name).ToList();
        var correlations = new List<Correlation>();
        correlations.AddRange(Pearson(session, numeric, ct));
        correlations.AddRange(Spearman(session, numeric, table.RowCount, options.RankSampleRows, ct));
        for (var i = 0; i < categorical.Count; i++)
        {
            for (var j = i + 1; j < categorical.Count; j++)
                correlations.Add(new Correlation(categorical[i], categorical[j], CorrelationMethod.CramersV, CramersV(session, categorical[i], categorical[j], ct)));
        }

        var relations = new List<Correlation>();
        var targetIsCategorical = false;
        IReadOnlyList<ValueCount> classes = [];
        if (options.Target is { } name)
        {
            var targetProfile = profiles.First(p => p.Name == name);
            targetIsCategorical = IsCategorical(targetProfile, options) &&
                (targetProfile.Kind is not (ColumnKind.Integer or ColumnKind.Float) || targetProfile.Distinct <= 20);
            relations = TargetRelations(session, profiles, targetProfile, targetIsCategorical, correlations, options, ct);
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
    private static List<Dictionary<string, object?>> Basics(DuckSession session, IReadOnlyList<TableColumn> columns, CancellationToken ct)
    {
        var select = new Selection();
        foreach (var column in columns)
        {
            var c = Sql.Name(column.Name);
            select.Add(column.Name, "count", $"count({c})");
            select.Add(column.Name, "distinct", $"count(DISTINCT {c})");
            if (column.IsNumeric)
            {
                select.Add(column.Name, "min", $"min({c})::DOUBLE");
                select.Add(column.Name, "max", $"max({c})::DOUBLE");
                select.Add(column.Name, "mean", $"avg({c})::DOUBLE");
                select.Add(column.Name, "std", $"stddev_samp({c})::DOUBLE");
                select.Add(column.Name, "quantiles", $"quantile_cont({c}::DOUBLE, [{string.Join(", ", Probabilities.Select(Sql.Number))}])");
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
            else if (column.StorageType == "VARCHAR")
            {
                select.Add(column.Name, "numberlike", $"count(*) FILTER (WHERE TRY_CAST({c} AS DOUBLE) IS NOT NULL)");
            }
        }
        return select.Run(session, columns, ct);
    }

    /// <summary>Second pass: histogram bins and outlier counts, which need the first pass's min, max, quartiles and moments.</summary>
    private static List<Dictionary<string, object?>> Shapes(DuckSession session, IReadOnlyList<TableColumn> columns, List<Dictionary<string, object?>> basics, int bins, CancellationToken ct)
    {
        var select = new Selection();
        for (var i = 0; i < columns.Count; i++)
        {
            if (!columns[i].IsNumeric || basics[i]["min"] is not double min || basics[i]["max"] is not double max) continue;
            var c = $"{Sql.Name(columns[i].Name)}::DOUBLE";
            var width = (max - min) / bins;
            var bin = width > 0 ? $"least(floor(({c} - {Sql.Number(min)}) / {Sql.Number(width)}), {bins - 1})::INTEGER" : "0";
            select.Add(columns[i].Name, "histogram", $"histogram({bin}) FILTER (WHERE {c} IS NOT NULL)");
            var q = Quantiles(basics[i]);
            if (q.TryGetValue(0.25, out var q1) && q.TryGetValue(0.75, out var q3))
            {
                var iqr = q3 - q1;
                select.Add(columns[i].Name, "iqr", $"count(*) FILTER (WHERE {c} < {Sql.Number(q1 - 1.5 * iqr)} OR {c} > {Sql.Number(q3 + 1.5 * iqr)})");
            }
            if (basics[i]["mean"] is double mean && basics[i]["std"] is double std && std > 0)
                select.Add(columns[i].Name, "z", $"count(*) FILTER (WHERE abs({c} - {Sql.Number(mean)}) > {Sql.Number(3 * std)})");
        }
        return select.Run(session, columns, ct);
    }

    /// <summary>Most frequent values: one histogram pass for columns with few distinct values, a grouped query for the rest.</summary>
    private static List<IReadOnlyList<ValueCount>> TopValues(DuckSession session, IReadOnlyList<TableColumn> columns, List<Dictionary<string, object?>> basics, int k, CancellationToken ct)
    {
        var result = columns.Select(_ => (IReadOnlyList<ValueCount>)[]).ToList();
        if (k <= 0) return result;
        var select = new Selection();
        for (var i = 0; i < columns.Count; i++)
        {
            var distinct = Table.ToLong(basics[i]["distinct"]);
            if (distinct == 0) continue;
            var c = Sql.Name(columns[i].Name);
            if (distinct <= 10_000)
            {
                select.Add(columns[i].Name, "histogram", $"histogram(CAST({c} AS VARCHAR))");
                continue;
            }
            result[i] = session.Rows(
                    $"SELECT CAST({c} AS VARCHAR) AS v, count(*) AS n FROM {T} WHERE {c} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT {k}", ct)
                .Select(r => new ValueCount((string)r[0]!, Table.ToLong(r[1]))).ToList();
        }
        var grouped = select.Run(session, columns, ct);
        for (var i = 0; i < columns.Count; i++)
        {
            if (grouped[i].TryGetValue("histogram", out var map) && map is IDictionary counts)
            {
                result[i] = Entries(counts)
                    .Select(e => new ValueCount((string)e.Key, Table.ToLong(e.Value)))
                    .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
                    .Take(k).ToList();
            }
        }
        return result;
    }

    private static ColumnProfile Build(TableColumn column, Dictionary<string, object?> basics, Dictionary<string, object?> shape, IReadOnlyList<ValueCount> top, int bins)
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
            Missing = Table.ToLong(basics["rows"]) - count,
            Distinct = Table.ToLong(basics["distinct"]),
            Min = basics.GetValueOrDefault("min") as double?,
            Max = basics.GetValueOrDefault("max") as double?,
            Mean = basics.GetValueOrDefault("mean") as double?,
            StandardDeviation = basics.GetValueOrDefault("std") as double?,
            Quantiles = Quantiles(basics),
            Earliest = basics.GetValueOrDefault("earliest") as DateTime?,
            Latest = basics.GetValueOrDefault("latest") as DateTime?,
            TopValues = top,
            Histogram = histogram,
            OutliersIqr = Table.ToLong(shape.GetValueOrDefault("iqr")),
            OutliersZScore = Table.ToLong(shape.GetValueOrDefault("z")),
            NumberLikeValues = Table.ToLong(basics.GetValueOrDefault("numberlike")),
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

    private static IEnumerable<Correlation> Pearson(DuckSession session, List<string> numeric, CancellationToken ct)
    {
        var pairs = Pairs(numeric);
        if (pairs.Count == 0) return [];
        var row = session.Rows($"SELECT {string.Join(", ", pairs.Select(p => $"corr({Sql.Name(p.A)}::DOUBLE, {Sql.Name(p.B)}::DOUBLE)"))} FROM {T}", ct)[0];
        return pairs.Select((p, i) => new Correlation(p.A, p.B, CorrelationMethod.Pearson, ToDouble(row[i])));
    }

    private static IEnumerable<Correlation> Spearman(DuckSession session, List<string> numeric, long rows, int sampleRows, CancellationToken ct)
    {
        var pairs = Pairs(numeric);
        if (pairs.Count == 0) return [];
        // Average ranks (ties share the mean of their positions) within each column, then Pearson on the ranks.
        var source = rows > sampleRows ? $"(SELECT * FROM {T} USING SAMPLE reservoir({sampleRows} ROWS) REPEATABLE (42))" : T;
        var ranks = string.Join(", ", numeric.Select((n, i) =>
            $"CASE WHEN {Sql.Name(n)} IS NULL THEN NULL ELSE rank() OVER (ORDER BY {Sql.Name(n)}) + (count(*) OVER (PARTITION BY {Sql.Name(n)}) - 1) / 2.0 END AS r{i}"));
        var index = numeric.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        var row = session.Rows(
            $"SELECT {string.Join(", ", pairs.Select(p => $"corr(r{index[p.A]}, r{index[p.B]})"))} FROM (SELECT {ranks} FROM {source})", ct)[0];
        return pairs.Select((p, i) => new Correlation(p.A, p.B, CorrelationMethod.Spearman, ToDouble(row[i])));
    }

    /// <summary>Cramér's V from the contingency table of two columns (rows where both are present).</summary>
    private static double CramersV(DuckSession session, string a, string b, CancellationToken ct)
    {
        var cells = session.Rows(
            $"SELECT CAST({Sql.Name(a)} AS VARCHAR), CAST({Sql.Name(b)} AS VARCHAR), count(*) FROM {T} " +
            $"WHERE {Sql.Name(a)} IS NOT NULL AND {Sql.Name(b)} IS NOT NULL GROUP BY ALL", ct)
            .Select(r => ((string)r[0]!, (string)r[1]!, (double)Table.ToLong(r[2]))).ToList();
        return Statistics.CramersV(cells);
    }

    private static List<Correlation> TargetRelations(DuckSession session, List<ColumnProfile> profiles, ColumnProfile target, bool targetIsCategorical,
        List<Correlation> correlations, ProfileOptions options, CancellationToken ct)
    {
        var relations = new List<Correlation>();
        var targetNumeric = target.Kind is ColumnKind.Integer or ColumnKind.Float;
        foreach (var feature in profiles.Where(p => p.Name != target.Name))
        {
            var featureNumeric = feature.Kind is ColumnKind.Integer or ColumnKind.Float;
            var featureCategorical = IsCategorical(feature, options);
            Correlation? relation = null;
            if (targetIsCategorical && featureCategorical)
                relation = new(feature.Name, target.Name, CorrelationMethod.CramersV, CramersV(session, feature.Name, target.Name, ct));
            else if (targetIsCategorical && featureNumeric)
                relation = new(feature.Name, target.Name, CorrelationMethod.CorrelationRatio, CorrelationRatio(session, target.Name, feature.Name, ct));
            else if (!targetIsCategorical && targetNumeric && featureNumeric)
                relation = new(feature.Name, target.Name, CorrelationMethod.Pearson,
                    correlations.First(c => c.Method == CorrelationMethod.Pearson && (c.First, c.Second) == (feature.Name, target.Name) || (c.Second, c.First) == (feature.Name, target.Name)).Value);
            else if (!targetIsCategorical && targetNumeric && featureCategorical)
                relation = new(feature.Name, target.Name, CorrelationMethod.CorrelationRatio, CorrelationRatio(session, feature.Name, target.Name, ct));
            if (relation is not null) relations.Add(relation);
        }
        return relations.OrderByDescending(r => double.IsNaN(r.Value) ? -1 : Math.Abs(r.Value)).ToList();
    }

    /// <summary>η: the share of a numeric column's spread explained by a grouping column, as a square root.</summary>
    private static double CorrelationRatio(DuckSession session, string groups, string values, CancellationToken ct)
    {
        var g = Sql.Name(groups);
        var v = $"{Sql.Name(values)}::DOUBLE";
        var row = session.Rows(
            $"WITH d AS (SELECT {g} AS g, {v} AS v FROM {T} WHERE {g} IS NOT NULL AND {v} IS NOT NULL), " +
            $"m AS (SELECT avg(v) AS mean FROM d) " +
            $"SELECT (SELECT sum(n * (gm - (SELECT mean FROM m)) ^ 2) FROM (SELECT count(*) AS n, avg(v) AS gm FROM d GROUP BY g)), " +
            $"(SELECT sum((v - (SELECT mean FROM m)) ^ 2) FROM d)", ct)[0];
        var between = ToDouble(row[0]);
        var total = ToDouble(row[1]);
        return total > 0 ? Math.Sqrt(between / total) : double.NaN;
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

        public List<Dictionary<string, object?>> Run(DuckSession session, IReadOnlyList<TableColumn> columns, CancellationToken ct)
        {
            var result = columns.Select(_ => new Dictionary<string, object?>()).ToList();
            var rows = Table.ToLong(session.Scalar($"SELECT count(*) FROM {T}", ct));
            foreach (var r in result) r["rows"] = rows;
            if (items.Count == 0) return result;
            var row = session.Rows($"SELECT {string.Join(", ", items.Select(i => i.Expression))} FROM {T}", ct)[0];
            var index = columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i);
            for (var i = 0; i < items.Count; i++) result[index[items[i].Column]][items[i].Key] = row[i];
            return result;
        }
    }
}

using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Reports;

/// <summary>What the report needs beyond the profile, computed inside the table's engine: samples, date histograms, memory.</summary>
internal static class ReportQueries
{
    /// <summary>A repeatable sample of rows where both columns are present (reservoir sampling: one pass, no sort).</summary>
    public static ScatterSample Scatter(Table table, Correlation pair, int rows, CancellationToken ct)
    {
        var x = Sql.Name(pair.First);
        var y = Sql.Name(pair.Second);
        var xs = new List<double>(rows);
        var ys = new List<double>(rows);
        table.Session.ForEach(
            $"SELECT {x}::DOUBLE, {y}::DOUBLE FROM (SELECT {x}, {y} FROM {Table.StorageName} WHERE {x} IS NOT NULL AND {y} IS NOT NULL) " +
            $"USING SAMPLE reservoir({rows} ROWS) REPEATABLE (42)",
            r =>
            {
                xs.Add(r.GetDouble(0));
                ys.Add(r.GetDouble(1));
            }, ct);
        return new ScatterSample(pair.First, pair.Second, pair.Value, xs.ToArray(), ys.ToArray());
    }

    /// <summary>An equal-width histogram of a date-time column between its earliest and latest values (edges as OLE automation dates).</summary>
    public static IReadOnlyList<HistogramBin> DateHistogram(Table table, ColumnProfile column, int bins, CancellationToken ct)
    {
        if (column.Earliest is not { } earliest || column.Latest is not { } latest) return [];
        var low = (earliest - DateTime.UnixEpoch).TotalSeconds;
        var high = (latest - DateTime.UnixEpoch).TotalSeconds;
        var count = high > low ? bins : 1;
        var width = high > low ? (high - low) / count : 1;
        var c = Sql.Name(column.Name);
        var counts = new Dictionary<int, long>();
        table.Session.ForEach(
            $"SELECT least(floor((epoch({c}::TIMESTAMP) - {Sql.Number(low)}) / {Sql.Number(width)}), {count - 1})::INTEGER AS b, count(*) " +
            $"FROM {Table.StorageName} WHERE {c} IS NOT NULL GROUP BY b",
            r => counts[r.GetInt32(0)] = r.GetInt64(1), ct);
        return Enumerable.Range(0, count)
            .Select(b => new HistogramBin(ToOADate(low + b * width), ToOADate(b == count - 1 ? high : low + (b + 1) * width), counts.GetValueOrDefault(b)))
            .ToList();
    }

    /// <summary>Bytes the engine holds for the table (compressed), or null when it does not say.</summary>
    public static long? MemoryBytes(Table table, CancellationToken ct)
    {
        try
        {
            var value = table.Session.Scalar("SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()", ct);
            return value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        catch (DuckDB.NET.Data.DuckDBException)
        {
            return null;
        }
    }

    private static double ToOADate(double unixSeconds) => DateTime.UnixEpoch.AddSeconds(unixSeconds).ToOADate();
}

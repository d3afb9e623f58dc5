using System.Globalization;
using System.Text.RegularExpressions;

namespace Lepton.Data.Tables;

/// <summary>
/// Turns the engine's storage types into Lepton's column kinds, looking at the data where the type alone does
/// not say (text: categorical, free text or identifier; integers: identifier when named like one and unique).
/// </summary>
internal static partial class KindInference
{
    /// <summary>Categorical when there are at most this many distinct values (and at most half the rows).</summary>
    public const int MaxCategories = 50;

    /// <summary>Rows the kinds are decided on (the first ones); also the sample behind <see cref="Table.SampleDistinct"/>.</summary>
    public const int SampleRows = 100_000;

    public static List<TableColumn> Infer(DuckSession session, IReadOnlyDictionary<string, ColumnKind>? overrides, out Dictionary<string, long> sampleDistinct, CancellationToken ct)
    {
        sampleDistinct = [];
        var storage = Table.DescribeStorage(session, ct);
        if (storage.Count == 0) return [];
        var stats = Statistics(session, storage, ct);
        foreach (var (name, s) in stats) sampleDistinct[name] = (long)s.Distinct;
        var columns = new List<TableColumn>();
        foreach (var (name, type) in storage)
        {
            var kind = overrides is not null && overrides.TryGetValue(name, out var given) ? given : Guess(name, type, stats[name]);
            var wanted = Sql.StorageFor(kind) ?? (IsSimple(type) ? type : "VARCHAR");
            if (wanted != type)
            {
                var conversion = IsSimple(type) ? $"TRY_CAST({Sql.Name(name)} AS {wanted})" : $"CAST({Sql.Name(name)} AS VARCHAR)";
                session.Execute($"ALTER TABLE {Table.StorageName} ALTER COLUMN {Sql.Name(name)} TYPE {wanted} USING {conversion}", ct);
            }
            columns.Add(new TableColumn(name, kind, wanted));
        }
        return columns;
    }

    private static bool IsSimple(string type) =>
        type is "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "UBIGINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "HUGEINT"
            or "DOUBLE" or "FLOAT" or "BOOLEAN" or "DATE" or "TIMESTAMP" or "VARCHAR" || type.StartsWith("DECIMAL", StringComparison.Ordinal);

    private static ColumnKind Guess(string name, string type, ColumnStats s)
    {
        if (type is "BOOLEAN") return ColumnKind.Boolean;
        if (type is "DOUBLE" or "FLOAT" || type.StartsWith("DECIMAL", StringComparison.Ordinal)) return ColumnKind.Float;
        if (type is "DATE" || type.StartsWith("TIMESTAMP", StringComparison.Ordinal)) return ColumnKind.DateTime;
        if (type is "UUID") return ColumnKind.Identifier;
        // Lists, structs and maps (nested JSON) are kept as their text; BIGINT[] is not an integer.
        if (!IsSimple(type)) return ColumnKind.Text;
        if (type.Contains("INT", StringComparison.Ordinal))
            return IdLikeName().IsMatch(name) && s.Count > 1 && s.Distinct >= 0.95 * s.Count ? ColumnKind.Identifier : ColumnKind.Integer;
        if (type is not "VARCHAR") return ColumnKind.Text;

        if (s.Count == 0 || s.Distinct <= Math.Max(2, Math.Min(MaxCategories, s.Count / 2))) return ColumnKind.Categorical;
        if (s.SpaceShare >= 0.3 || s.AverageLength >= 30) return ColumnKind.Text;
        return s.Distinct >= 0.95 * s.Count ? ColumnKind.Identifier : ColumnKind.Categorical;
    }

    private static Dictionary<string, ColumnStats> Statistics(DuckSession session, List<(string Name, string Type)> storage, CancellationToken ct)
    {
        // One pass over the first 100,000 rows for every column: enough to choose a kind, and cheap (a random sample
        // of every column would cost as much as the read).
        var parts = new List<string>();
        foreach (var (name, type) in storage)
        {
            var c = Sql.Name(name);
            parts.Add($"count({c})");
            parts.Add(IsSimple(type) ? $"count(DISTINCT {c})" : "0");
            parts.Add(type is "VARCHAR" ? $"avg(length({c}))" : "0");
            parts.Add(type is "VARCHAR" ? $"count(*) FILTER (WHERE contains(trim({c}), ' '))" : "0");
        }
        var row = session.Rows($"SELECT {string.Join(", ", parts)} FROM (SELECT * FROM {Table.StorageName} LIMIT {SampleRows})", ct)[0];
        var stats = new Dictionary<string, ColumnStats>();
        for (var i = 0; i < storage.Count; i++)
        {
            var count = ToDouble(row[4 * i]);
            stats[storage[i].Name] = new ColumnStats(count, ToDouble(row[4 * i + 1]), ToDouble(row[4 * i + 2]), count == 0 ? 0 : ToDouble(row[4 * i + 3]) / count);
        }
        return stats;
    }

    private static double ToDouble(object? value) => value is null ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private readonly record struct ColumnStats(double Count, double Distinct, double AverageLength, double SpaceShare);

    [GeneratedRegex(@"(^|[_\s.-])(id|key|uuid|guid)$|^id|[a-z]Id$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdLikeName();
}

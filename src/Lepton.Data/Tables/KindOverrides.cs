using System.Globalization;

namespace Lepton.Data.Tables;

/// <summary>
/// Applies the user's column names and kinds to a table loaded from JSON or Parquet (CSV applies them while
/// reading), with the bad-row policy deciding what happens to values that do not convert.
/// </summary>
internal static class KindOverrides
{
    public static void Apply(DuckSession session, string path, TableReadOptions options, LoadResult result, CancellationToken ct)
    {
        var columns = Table.DescribeStorage(session, ct);
        if (options.ColumnNames is { } names)
        {
            if (names.Count != columns.Count)
                throw new TableReadException(path, $"{path}: {names.Count} column names were given but the file has {columns.Count} columns.");
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] != columns[i].Name)
                    session.Execute($"ALTER TABLE {Table.StorageName} RENAME COLUMN {Sql.Name(columns[i].Name)} TO {Sql.Name(names[i])}", ct);
            }
            columns = Table.DescribeStorage(session, ct);
        }
        if (options.ColumnKinds is not { Count: > 0 } kinds) return;

        var changes = new List<(string Name, string Type)>();
        foreach (var (name, kind) in kinds)
        {
            if (columns.All(c => c.Name != name))
                throw new TableReadException(path, $"{path}: a kind was set for column '{name}', which the file does not have. Its columns: {string.Join(", ", columns.Select(c => c.Name))}.");
            var type = Sql.StorageFor(kind);
            var current = columns.First(c => c.Name == name).Type;
            if (type is not null && type != current) changes.Add((name, type));
        }
        if (changes.Count == 0) return;

        var fails = string.Join(" OR ", changes.Select(c => $"({Sql.Name(c.Name)} IS NOT NULL AND TRY_CAST({Sql.Name(c.Name)} AS {c.Type}) IS NULL)"));
        var bad = session.Rows($"SELECT rowid + 1, {string.Join(", ", changes.Select(c => Sql.Name(c.Name) + "::VARCHAR"))} FROM {Table.StorageName} WHERE {fails} ORDER BY rowid", ct);
        if (bad.Count > 0)
        {
            if (options.BadRows == BadRowPolicy.Fail)
            {
                var record = Convert.ToInt64(bad[0][0], CultureInfo.InvariantCulture);
                throw new TableReadException(path,
                    $"{path}, record {record}: a value does not convert to the kind asked for ({string.Join(", ", changes.Select(c => $"{c.Name} as {c.Type}"))}). " +
                    $"{bad.Count} record(s) do not fit.", CsvLoader.BadRowsHint, record);
            }
            var skip = options.BadRows == BadRowPolicy.Skip;
            result.Problems = [.. result.Problems, .. bad.Take(options.MaxReportedProblems).Select(r => new RowProblem(
                Convert.ToInt64(r[0], CultureInfo.InvariantCulture), "CAST: a value does not convert to the column's kind", null,
                string.Join(", ", r.Skip(1).Select(v => v?.ToString() ?? "null")), skip))];
            if (skip)
            {
                session.Execute($"DELETE FROM {Table.StorageName} WHERE {fails}", ct);
                var reasons = new Dictionary<string, long>(result.SkippedByReason) { ["CAST"] = bad.Count };
                result.SkippedByReason = reasons;
            }
            else
            {
                result.RowsKeptWithNulls += bad.Count;
            }
        }
        foreach (var (name, type) in changes)
        {
            session.Execute($"ALTER TABLE {Table.StorageName} ALTER COLUMN {Sql.Name(name)} TYPE {type} USING TRY_CAST({Sql.Name(name)} AS {type})", ct);
        }
    }
}

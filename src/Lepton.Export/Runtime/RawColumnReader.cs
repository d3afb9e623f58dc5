using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;

namespace Lepton.Export.Runtime;

/// <summary>
/// The inputs of a whole table ONNX model from raw records or a table: one array per <see cref="RawColumn"/>, typed
/// as its graph declares. Records are typed as the records route types them for a <c>.lepton</c> model
/// (<see cref="RecordColumns"/>: a number sent as <c>"2"</c> is 2, null is a missing value).
/// </summary>
internal static class RawColumnReader
{
    public static IReadOnlyList<Array> FromRecords(IReadOnlyList<RawColumn> columns, IReadOnlyList<JsonObject> records)
    {
        if (records.Count == 0) throw new PipelineException("There are no records to read.");
        var typed = RecordColumns.Of(records, [.. columns.Select(c => c.Name)], columns.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal));
        var missing = columns.Where(c => !typed.Columns.Any(t => t.Name == c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new PipelineException($"No record has {Listed(missing)}, which the model reads (its columns: {string.Join(", ", columns.Select(c => c.Name))}). Send every column; null stands for a missing value.");
        var arrays = new Array[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var at = typed.Columns.Select(c => c.Name).ToList().IndexOf(columns[i].Name);
            arrays[i] = columns[i].Values(typed.Values[at]);
        }
        return arrays;
    }

    public static IReadOnlyList<Array> FromTable(IReadOnlyList<RawColumn> columns, Table table, long firstRow)
    {
        var missing = columns.Where(c => !table.Columns.Any(t => t.Name == c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new PipelineException($"The table has no {Listed(missing)}, which the model reads (its columns: {string.Join(", ", columns.Select(c => c.Name))}).");
        var row = (int)Math.Min(firstRow, int.MaxValue);
        return [.. columns.Select(c => c.Values(Values(c, table.Column(c.Name), table), row))];
    }

    // Numbers as the engine holds them; anything else as text, which a number column parses or refuses naming the row.
    private static object?[] Values(RawColumn column, TableColumn stored, Table table)
    {
        if (column.Type == RawColumnType.Text) return table.GetStrings(stored.Name);
        if (stored.IsNumeric || stored.Kind == ColumnKind.Boolean)
        {
            return column.Type == RawColumnType.Integer && stored.Kind != ColumnKind.Float
                ? [.. table.GetInt64s(stored.Name).Select(v => (object?)v)]
                : [.. table.GetDoubles(stored.Name).Select(v => (object?)v)];
        }
        return [.. table.GetStrings(stored.Name).Select(s => s is null ? null
            : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? (object)d : s)];
    }

    private static string Listed(IReadOnlyList<string> names) =>
        names.Count == 1 ? $"'{names[0]}'" : $"{string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'"))} or '{names[^1]}'";
}

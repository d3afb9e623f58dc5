using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// Raw records (JSON objects named as the training table's columns) as typed columns, ready to append to an engine.
/// A column's type is the training table's kind when every value fits it (a number sent as <c>"2"</c> for a number
/// column is read as 2), otherwise what the values are, so a step meeting the wrong kind (a date where a number was)
/// fails naming itself, as it does for a table. Only the pipeline's input columns are kept; a column no record names
/// is left out, so the pipeline's default or its "missing column" error applies; JSON null is a missing value.
/// </summary>
public sealed class RecordColumns
{
    private RecordColumns(List<TableColumn> columns, List<object?[]> values, int rowCount)
    {
        Columns = columns;
        Values = values;
        RowCount = rowCount;
    }

    /// <summary>The columns with their kinds and SQL types (BIGINT, DOUBLE, BOOLEAN or VARCHAR).</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Per column, one value per record (long, double, bool, string or null), in record order.</summary>
    public IReadOnlyList<object?[]> Values { get; }

    /// <summary>How many records were read.</summary>
    public int RowCount { get; }

    /// <summary>
    /// Types <paramref name="records"/> column by column: of <paramref name="inputColumns"/>, those some record names,
    /// each as its training kind (<paramref name="trainingKinds"/>) when every value fits it.
    /// </summary>
    /// <exception cref="PipelineException">A record names a field twice, or holds a string that is not text.</exception>
    public static RecordColumns Of(IReadOnlyList<JsonObject> records, IReadOnlyList<string> inputColumns, IReadOnlyDictionary<string, ColumnKind> trainingKinds)
    {
        for (var i = 0; i < records.Count; i++)
        {
            try
            {
                // A parsed JsonObject builds its dictionary on first use, and a name given twice throws there.
                _ = records[i].Count;
            }
            catch (ArgumentException e)
            {
                throw new PipelineException($"Record {i} gives a field more than once ({e.Message.Split(" (Parameter", 2)[0]}); send each column once.", e);
            }
        }

        var columns = new List<TableColumn>();
        var values = new List<object?[]>();
        foreach (var name in inputColumns)
        {
            if (!records.Any(r => r.ContainsKey(name))) continue;
            var raw = records.Select((r, i) => r.TryGetPropertyValue(name, out var node) ? Raw(node, i, name) : null).ToArray();
            var (kind, type, typed) = Typed(raw, trainingKinds.TryGetValue(name, out var k) ? k : null);
            columns.Add(new TableColumn(name, kind, type));
            values.Add(typed);
        }
        return new RecordColumns(columns, values, records.Count);
    }

    /// <summary>A JSON value as long, double, bool or string (nested values and numbers beyond double as their JSON text).</summary>
    private static object? Raw(JsonNode? node, int record, string column)
    {
        try
        {
            return Raw(node);
        }
        catch (InvalidOperationException e)
        {
            // A string with a lone surrogate (an escaped half of a UTF-16 pair) has no text to give.
            throw new PipelineException($"Record {record}'s '{column}' cannot be read as text: {e.Message}", e);
        }
    }

    private static object? Raw(JsonNode? node)
    {
        if (node is not JsonValue value) return node?.ToJsonString();
        return value.GetValueKind() switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => Number(value),
            _ => value.ToJsonString(),
        };
    }

    private static object Number(JsonValue value)
    {
        var text = value.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) ? real : text;
    }

    private static (ColumnKind Kind, string Type, object?[] Values) Typed(object?[] raw, ColumnKind? training)
    {
        var present = raw.Where(v => v is not null).ToList();
        if (present.Count == 0) return AllMissing(raw, training);
        if (present.All(v => v is bool)) return (ColumnKind.Boolean, "BOOLEAN", raw);
        var numeric = training is ColumnKind.Integer or ColumnKind.Float;
        if (present.All(v => v is long))
            return training == ColumnKind.Float ? (ColumnKind.Float, "DOUBLE", Doubles(raw)) : (ColumnKind.Integer, "BIGINT", raw);
        if (present.All(v => v is long or double)) return (ColumnKind.Float, "DOUBLE", Doubles(raw));
        if (numeric && present.All(v => v is long or double || v is string s && IsNumber(s)))
            return (ColumnKind.Float, "DOUBLE", Doubles(raw));
        var text = raw.Select(Text).ToArray();
        return (training is ColumnKind.Categorical or ColumnKind.Text or ColumnKind.Identifier or ColumnKind.DateTime ? training.Value : ColumnKind.Categorical, "VARCHAR", text);
    }

    // A column sent only as nulls takes the training table's type, so imputation and casts treat it as they did there.
    private static (ColumnKind, string, object?[]) AllMissing(object?[] raw, ColumnKind? training) => training switch
    {
        ColumnKind.Integer => (ColumnKind.Integer, "BIGINT", raw),
        ColumnKind.Float => (ColumnKind.Float, "DOUBLE", raw),
        ColumnKind.Boolean => (ColumnKind.Boolean, "BOOLEAN", raw),
        { } kind => (kind, "VARCHAR", raw),
        null => (ColumnKind.Categorical, "VARCHAR", raw),
    };

    private static bool IsNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);

    private static object?[] Doubles(object?[] raw) => raw.Select(v => v switch
    {
        long l => (object)(double)l,
        string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => v,
    }).ToArray();

    private static object? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value,
    };
}

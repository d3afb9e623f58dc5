using System.Text.Json;

namespace Lepton.Data.Tables;

/// <summary>
/// A condition on a row's own columns, written in SQL (<c>age &gt;= 18 AND city &lt;&gt; 'Lyon'</c>), checked before it
/// is run: one expression, no subqueries, window functions or table functions (a filter reads the row, never another
/// table or a file), and every column it names exists. The engine's parser decides what the text is
/// (<c>json_serialize_sql</c>), so quoting and comments are read as the engine reads them.
/// </summary>
internal static class RowPredicate
{
    /// <summary>The predicate checked against the columns; the text of the error names the offending column or construct.</summary>
    /// <exception cref="ArgumentException">The predicate is empty, not one SQL condition, or names a column the table lacks.</exception>
    public static string Check(DuckSession session, string predicate, IReadOnlyList<TableColumn> columns, string paramName)
    {
        if (string.IsNullOrWhiteSpace(predicate))
            throw new ArgumentException("The filter is empty. Write a SQL condition on the columns, e.g. \"age >= 18 AND city <> 'Lyon'\".", paramName);
        var json = (string?)session.Scalar($"SELECT json_serialize_sql({Sql.Literal($"SELECT 1 FROM {Table.StorageName} WHERE {predicate}")})");
        using var document = JsonDocument.Parse(json ?? "{}");
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            var reason = root.TryGetProperty("error_message", out var m) ? m.GetString()?.Split('\n')[0].Replace("Parser Error: ", "", StringComparison.Ordinal) : null;
            // A second statement after ';' that is not a SELECT cannot be serialised: the text is more than a condition.
            if (reason?.StartsWith("Only SELECT statements", StringComparison.Ordinal) == true) throw NotOneCondition(predicate, paramName);
            throw new ArgumentException($"The filter \"{predicate}\" is not a SQL condition ({reason ?? "it does not parse"}).", paramName);
        }
        var statements = root.GetProperty("statements");
        var node = statements.GetArrayLength() == 1 ? statements[0].GetProperty("node") : default;
        if (node.ValueKind != JsonValueKind.Object || !IsPlainSelect(node)) throw NotOneCondition(predicate, paramName);
        var where = node.GetProperty("where_clause");
        if (Find(where, "SUBQUERY") || Find(where, "WINDOW") || ContainsTableReference(where))
            throw new ArgumentException($"The filter \"{predicate}\" reads more than the row: a filter is a condition on the row's own columns, without subqueries, window functions or table functions.", paramName);

        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var column in ColumnReferences(where))
        {
            if (!names.Contains(column))
            {
                throw new ArgumentException(
                    $"The filter \"{predicate}\" names the column '{column}', which the table does not have. Its columns: {string.Join(", ", columns.Select(c => c.Name))}. " +
                    "Quote names with spaces or capitals in double quotes (\"Unit Price\"); text values go in single quotes ('Lyon').", paramName);
            }
        }
        return $"({predicate})";
    }

    private static ArgumentException NotOneCondition(string predicate, string paramName) =>
        new($"The filter \"{predicate}\" is not one SQL condition: write only the condition (what follows WHERE), without ';', ORDER BY, LIMIT or GROUP BY.", paramName);

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // What json_serialize_sql gives for "SELECT 1 FROM t WHERE …" and nothing else.
    private static bool IsPlainSelect(JsonElement node) =>
        Text(node, "type") == "SELECT_NODE"
        && node.TryGetProperty("where_clause", out var where) && where.ValueKind == JsonValueKind.Object
        && Empty(node, "modifiers") && Empty(node, "group_expressions") && Null(node, "having") && Null(node, "qualify")
        && node.TryGetProperty("from_table", out var from) && Text(from, "type") == "BASE_TABLE"
        && node.GetProperty("select_list").GetArrayLength() == 1;

    private static bool Empty(JsonElement node, string property) =>
        !node.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0;

    private static bool Null(JsonElement node, string property) =>
        !node.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    private static bool Find(JsonElement element, string expressionClass) => element.ValueKind switch
    {
        JsonValueKind.Object => Text(element, "class") == expressionClass
            || element.EnumerateObject().Any(p => Find(p.Value, expressionClass)),
        JsonValueKind.Array => element.EnumerateArray().Any(e => Find(e, expressionClass)),
        _ => false,
    };

    private static bool ContainsTableReference(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Text(element, "type") is "BASE_TABLE" or "TABLE_FUNCTION"
            || element.EnumerateObject().Any(p => ContainsTableReference(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(ContainsTableReference),
        _ => false,
    };

    /// <summary>The column names the expression refers to (the last part of a qualified name).</summary>
    private static IEnumerable<string> ColumnReferences(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var name in ColumnReferences(item)) yield return name;
            }
        }
        if (element.ValueKind != JsonValueKind.Object) yield break;
        if (Text(element, "class") == "COLUMN_REF" && element.TryGetProperty("column_names", out var parts) && parts.GetArrayLength() > 0)
        {
            yield return parts[parts.GetArrayLength() - 1].GetString()!;
            yield break;
        }
        foreach (var property in element.EnumerateObject())
        {
            foreach (var name in ColumnReferences(property.Value)) yield return name;
        }
    }
}

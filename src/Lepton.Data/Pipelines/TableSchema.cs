using System.Text.Json.Nodes;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// The raw columns a table model reads, with their kinds: what a record sent to it must hold. Stored in a model
/// file's preprocessing under <see cref="PreprocessingKey"/>, beside the pipeline, so a caller (or a server) can say
/// which column is missing or of the wrong kind before any step runs.
/// </summary>
public sealed class TableSchema
{
    /// <summary>The key the schema is stored under in a model's preprocessing: a list of <c>{"name", "kind"}</c>.</summary>
    public const string PreprocessingKey = "table_schema";

    /// <summary>A schema of these columns, in order.</summary>
    /// <exception cref="ArgumentException">There are no columns, or a name repeats.</exception>
    public TableSchema(IReadOnlyList<TableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("A table schema needs at least one column.", nameof(columns));
        var repeated = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"The column '{repeated.Key}' appears twice in the schema.", nameof(columns));
        Columns = columns.ToList();
    }

    /// <summary>The raw input columns (name and kind), in the training table's order.</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Writes the schema into a model's preprocessing (<c>model.Metadata.Preprocessing</c>).</summary>
    public void WriteTo(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing[PreprocessingKey] = new JsonArray(Columns.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["kind"] = KindName(c.Kind),
        }).ToArray());
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, or null when the preprocessing holds no schema.</summary>
    /// <exception cref="PipelineException">The stored schema is not a list of named columns of known kinds.</exception>
    public static TableSchema? ReadFrom(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (preprocessing[PreprocessingKey] is null) return null;
        if (preprocessing[PreprocessingKey] is not JsonArray list)
            throw new PipelineException($"The model's \"{PreprocessingKey}\" must be a list of {{\"name\", \"kind\"}} objects.");
        var columns = list.Select((item, i) =>
        {
            if (item is not JsonObject o || o["name"] is not JsonValue n || !n.TryGetValue<string>(out var name)
                || o["kind"] is not JsonValue k || !k.TryGetValue<string>(out var kind) || ParseKind(kind) is not { } parsed)
                throw new PipelineException($"The model's \"{PreprocessingKey}\"[{i}] must be {{\"name\": text, \"kind\": one of {string.Join(", ", Enum.GetValues<ColumnKind>().Select(KindName))}}}; it is {item?.ToJsonString() ?? "null"}.");
            return new TableColumn(name, parsed, "");
        }).ToList();
        try
        {
            return new TableSchema(columns);
        }
        catch (ArgumentException e)
        {
            throw new PipelineException($"The model's \"{PreprocessingKey}\" cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The kind as written in the file: lower-case (<c>integer</c>, <c>categorical</c>, …).</summary>
    private static string KindName(ColumnKind kind) => kind.ToString().ToLowerInvariant();

    private static ColumnKind? ParseKind(string text) =>
        Enum.GetValues<ColumnKind>().Where(k => KindName(k) == text).Select(k => (ColumnKind?)k).FirstOrDefault();
}

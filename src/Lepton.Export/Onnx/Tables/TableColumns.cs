using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Onnx;

namespace Lepton.Export.Onnx.Tables;

/// <summary>
/// The table's columns while the pipeline's steps are written: each raw column becomes a graph input the first time a
/// step reads it (doubles for numbers and booleans, as the training table held them, or floats cast to double when
/// asked; strings for categories and text),
/// and each step replaces, adds or removes columns.
/// </summary>
internal sealed class TableColumns
{
    private readonly OnnxGraphBuilder graph;
    private readonly Dictionary<string, TableColumn?> columns = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, ColumnKind> kinds;

    private readonly bool floatInputs;

    public TableColumns(OnnxGraphBuilder graph, FittedPipeline pipeline, bool floatInputs, IReadOnlyList<string>? inputs)
    {
        this.graph = graph;
        this.floatInputs = floatInputs;
        kinds = pipeline.InputKinds;
        // Raw columns are inputs in the training table's order: those the model file lists (the target and unused
        // columns left out), or without that list every column of a known kind; those the model does not need are
        // pruned at the end. A column of unknown kind (a pipeline saved before kinds were), or one named as an output
        // of the graph (a target called "label"), becomes an input only when a step or the features read it.
        foreach (var name in pipeline.InputColumns)
        {
            columns[name] = null;
            if ((inputs?.Contains(name) ?? !graph.IsTaken(name)) && kinds.TryGetValue(name, out var kind)) Declare(name, IsText(kind));
        }
    }

    private static bool IsText(ColumnKind kind) => kind is not (ColumnKind.Integer or ColumnKind.Float or ColumnKind.Boolean);

    public bool Has(string name) => columns.ContainsKey(name);

    /// <summary>The column as it stands, its raw input declared on first use (text when the training column was, or when unknown and <paramref name="wantText"/>).</summary>
    /// <exception cref="OnnxExportException">The table has no such column.</exception>
    public TableColumn Get(string name, bool wantText, string step)
    {
        if (!columns.TryGetValue(name, out var column))
            throw new OnnxExportException($"Step '{step}' reads the column '{name}', which the table does not hold at that point; the pipeline cannot be exported.");
        return column ?? Declare(name, kinds.TryGetValue(name, out var kind) ? IsText(kind) : wantText);
    }

    private TableColumn Declare(string name, bool text)
    {
        var type = text ? TensorProto.Types.DataType.String : floatInputs ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double;
        graph.Input(name, new Shape(1), type);
        var column = text ? TableColumn.Text(name)
            : TableColumn.Number(floatInputs ? graph.Node("Cast", [name], $"{name}/double", OnnxAttributes.Int("to", (long)TensorProto.Types.DataType.Double)) : name);
        columns[name] = column;
        return column;
    }

    /// <summary>The column's [batch, 1] double value.</summary>
    /// <exception cref="OnnxExportException">The column holds text, or no ONNX operator computes it.</exception>
    public string Number(string name, string step)
    {
        var column = Get(name, wantText: false, step);
        if (column.IsText)
            throw new OnnxExportException($"Step '{step}' cannot be exported to ONNX: it reads '{name}' as a number, but the column holds text in the training table.");
        return column.Value;
    }

    /// <summary>True when the training table held <paramref name="name"/> as booleans (its categories are "true" and "false").</summary>
    public bool IsBoolean(string name) => kinds.TryGetValue(name, out var kind) && kind == ColumnKind.Boolean;

    public void Set(string name, TableColumn column) => columns[name] = column;

    public void Remove(string name) => columns.Remove(name);
}

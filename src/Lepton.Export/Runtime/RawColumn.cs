using System.Globalization;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;

namespace Lepton.Export.Runtime;

/// <summary>
/// One raw-column input of a whole table ONNX model (<c>lepton export</c> of a model trained on a table): the training
/// table's column it reads and the type its graph declares, <c>[batch, 1]</c> or <c>[batch]</c>.
/// </summary>
/// <param name="Name">The column's name, which is the graph input's name.</param>
/// <param name="Type">What the graph input holds.</param>
public sealed record RawColumn(string Name, RawColumnType Type)
{
    /// <summary>The kind a record's values are read as for this column (<see cref="RecordColumns.Of"/>): numbers or text.</summary>
    public ColumnKind Kind => Type switch
    {
        RawColumnType.Integer => ColumnKind.Integer,
        RawColumnType.Text => ColumnKind.Categorical,
        _ => ColumnKind.Float,
    };

    /// <summary>
    /// The graph input's values for one value per row, as a table or typed records give them (<see langword="long"/>,
    /// <see langword="double"/>, <see langword="bool"/>, <see langword="string"/>, or null for a missing value):
    /// <c>double[]</c>, <c>float[]</c>, <c>long[]</c> or <c>string[]</c> by <see cref="Type"/>.
    /// </summary>
    /// <param name="values">One value per row.</param>
    /// <param name="firstRow">The first value's row number, for messages.</param>
    /// <exception cref="PipelineException">A value is not of the column's type (text for a number), or an integer column has a missing value; the message names the column and the row.</exception>
    public Array Values(IReadOnlyList<object?> values, int firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        switch (Type)
        {
            case RawColumnType.Text:
                var texts = new string[values.Count];
                for (var i = 0; i < texts.Length; i++) texts[i] = Text(values[i]);
                return texts;
            case RawColumnType.Integer:
                var whole = new long[values.Count];
                for (var i = 0; i < whole.Length; i++) whole[i] = Integer(values[i], firstRow + i);
                return whole;
            case RawColumnType.Float:
                var floats = new float[values.Count];
                for (var i = 0; i < floats.Length; i++) floats[i] = (float)Number(values[i], firstRow + i);
                return floats;
            default:
                var numbers = new double[values.Count];
                for (var i = 0; i < numbers.Length; i++) numbers[i] = Number(values[i], firstRow + i);
                return numbers;
        }
    }

    private double Number(object? value, int row) => value switch
    {
        null => double.NaN,
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        // A column of numbers with one text among them arrives as text: the numbers still count.
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => throw new PipelineException($"Column '{Name}' takes numbers, but row {row} holds {Quoted(value)}; send a number (or null for a missing value)."),
    };

    private long Integer(object? value, int row) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        null => throw new PipelineException($"Column '{Name}' takes whole numbers and the model has no missing value for it, but row {row} has none; send a whole number."),
        _ => throw new PipelineException($"Column '{Name}' takes whole numbers, but row {row} holds {Quoted(value)}; send a whole number."),
    };

    // As the pipeline reads a category: the value as text (numbers culture-invariant, booleans as true/false).
    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Quoted(object value)
    {
        var text = Text(value);
        return $"'{(text.Length > 40 ? text[..40] + "…" : text)}'";
    }
}

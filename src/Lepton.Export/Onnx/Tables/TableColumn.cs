namespace Lepton.Export.Onnx.Tables;

/// <summary>
/// One column of the table at some point of the pipeline, as a value of the ONNX graph: [batch, 1] doubles (NaN is a
/// missing value) or [batch, 1] strings ("" is a missing value, read as <see cref="MissingAs"/> once an imputation
/// filled it); or a column no ONNX operator computes, which fails with the reason only if something reads it.
/// </summary>
internal sealed class TableColumn
{
    private readonly string? value;
    private readonly string? refusal;

    private TableColumn(string? value, bool isText, string? missingAs, string? refusal)
    {
        this.value = value;
        IsText = isText;
        MissingAs = missingAs;
        this.refusal = refusal;
    }

    public static TableColumn Number(string value) => new(value, false, null, null);

    public static TableColumn Text(string value, string? missingAs = null) => new(value, true, missingAs, null);

    /// <summary>A column the file cannot compute; <paramref name="refusal"/> is the whole error message.</summary>
    public static TableColumn Refused(string refusal) => new(null, false, null, refusal);

    /// <summary>Strings rather than floats.</summary>
    public bool IsText { get; }

    /// <summary>For a text column an imputation filled: the category a missing value ("") stands for.</summary>
    public string? MissingAs { get; }

    /// <summary>The graph value's name.</summary>
    /// <exception cref="OnnxExportException">No ONNX operator computes the column.</exception>
    public string Value => value ?? throw new OnnxExportException(refusal!);
}

namespace Lepton.Export.Runtime;

/// <summary>What one raw-column input of a whole table ONNX model holds, as its graph declares it.</summary>
public enum RawColumnType
{
    /// <summary>Doubles (numbers and booleans as 1/0; NaN is a missing value): what <c>lepton export</c> writes for a number column.</summary>
    Number,

    /// <summary>Float32 numbers (NaN is a missing value): an export with <c>TableFloatInputs</c>.</summary>
    Float,

    /// <summary>64-bit whole numbers (no missing value can be given).</summary>
    Integer,

    /// <summary>Strings (<c>""</c> is a missing value): categories and text.</summary>
    Text,
}

namespace Lepton.Data.Tables;

/// <summary>A file format a table can be read from or written to.</summary>
public enum TableFormat
{
    /// <summary>Chosen from the file name's extension.</summary>
    Auto,

    /// <summary>Delimited text (comma, semicolon, tab, pipe …) with an optional header.</summary>
    Csv,

    /// <summary>A JSON array of objects (a .json file holding JSON Lines is recognised too).</summary>
    Json,

    /// <summary>One JSON object per line (also called NDJSON).</summary>
    JsonLines,

    /// <summary>Apache Parquet.</summary>
    Parquet,
}

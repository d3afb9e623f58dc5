namespace Lepton.Data.Tables;

/// <summary>A file could not be read as a table; the message names the file and, when known, the line.</summary>
public sealed class TableReadException : Exception
{
    /// <summary>Creates the exception for a file, with the line concerned when there is one.</summary>
    public TableReadException(string filePath, string message, long? line = null, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
        Line = line;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line (or record) concerned, when there is one.</summary>
    public long? Line { get; }
}

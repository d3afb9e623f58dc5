namespace Lepton.Data.Tables;

/// <summary>A file could not be read as a table; the message names the file and, when known, the line.</summary>
public sealed class TableReadException : Exception
{
    /// <summary>Creates the exception for a file, with the line concerned when there is one.</summary>
    public TableReadException(string filePath, string message, long? line = null, Exception? inner = null)
        : this(filePath, message, null, line, inner)
    {
    }

    /// <summary>Creates the exception with a <see cref="TableReadHint"/>: the message is the problem followed by the hint.</summary>
    public TableReadException(string filePath, string problem, TableReadHint? hint, long? line = null, Exception? inner = null)
        : base(hint is null ? problem : $"{problem} {hint}", inner)
    {
        FilePath = filePath;
        Line = line;
        Problem = problem;
        Hint = hint;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line (or record) concerned, when there is one.</summary>
    public long? Line { get; }

    /// <summary>What went wrong and where, without the advice of <see cref="Hint"/>.</summary>
    public string Problem { get; }

    /// <summary>The read option that gets past the error, when one does; the message ends with it in C# terms.</summary>
    public TableReadHint? Hint { get; }
}

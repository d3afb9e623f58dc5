using DuckDB.NET.Data;

namespace Lepton.Data.Tables;

/// <summary>
/// The engine running out of memory while reading a file, said as the file's problem with the setting that gets past
/// it: DuckDB holds a block for each column's segment, so a very wide file (a thousand columns) needs far more memory
/// than its size, and more than the default limit.
/// </summary>
internal static class EngineMemory
{
    public static bool IsOutOfMemory(DuckDBException e) => e.Message.StartsWith("Out of Memory Error", StringComparison.Ordinal);

    public static TableReadException Refusal(string path, DuckSession session, DuckDBException e)
    {
        object? limit;
        try
        {
            limit = session.Scalar("SELECT current_setting('memory_limit')", CancellationToken.None);
        }
        catch (DuckDBException)
        {
            limit = "its limit"; // an engine this short of memory may not answer even that
        }
        return new TableReadException(path,
            $"{path}: the data engine ran out of memory reading it (limit {limit}). The engine holds a block for each column, so a very wide file needs far more memory than its size.",
            new TableReadHint(nameof(TableReadOptions.MemoryLimit), "\"4GB\"", "Give it more memory: {0}; or keep fewer columns in the file."), inner: e);
    }
}

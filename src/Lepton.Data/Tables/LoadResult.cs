namespace Lepton.Data.Tables;

/// <summary>What a format's loader found, before the summary is put together.</summary>
internal sealed class LoadResult
{
    public long RowsRead { get; set; }
    public long RowsKeptWithNulls { get; set; }
    public IReadOnlyList<RowProblem> Problems { get; set; } = [];
    public IReadOnlyDictionary<string, long> SkippedByReason { get; set; } = new Dictionary<string, long>();
    public char? Delimiter { get; init; }
    public bool? HasHeader { get; init; }
    public int SkippedLines { get; init; }
}

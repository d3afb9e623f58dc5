using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>A table produced by a fitted pipeline and the report of what each step changed. Disposing frees the table.</summary>
public sealed class PipelineResult : IDisposable
{
    internal PipelineResult(Table table, PipelineReport report)
    {
        Table = table;
        Report = report;
    }

    /// <summary>The new table (the input is left unchanged).</summary>
    public Table Table { get; }

    /// <summary>What each step changed.</summary>
    public PipelineReport Report { get; }

    /// <summary>Frees the table.</summary>
    public void Dispose() => Table.Dispose();
}

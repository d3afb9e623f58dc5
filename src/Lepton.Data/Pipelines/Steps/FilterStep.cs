using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>Keeps the rows for which a SQL condition on their columns is true (as <see cref="Table.Filter"/>).</summary>
internal sealed record FilterStep : PipelineStep
{
    public required string Where { get; init; }

    public override bool DropsRows => true;

    public override string Describe() => $"keep rows where {Where}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Check(train);
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        var condition = Check(table);
        try
        {
            return new StepReport(Describe()) { RowsDropped = table.Rewrite(where: $"coalesce({condition}, false)") };
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw new PipelineException($"Step '{Describe()}': the condition does not run on this table: {e.Message.Split('\n')[0].Trim()}.", e);
        }
    }

    private string Check(WorkingTable table)
    {
        try
        {
            return RowPredicate.Check(table.Session, Where, table.Columns, nameof(Where));
        }
        catch (ArgumentException e)
        {
            throw new PipelineException($"Step '{Describe()}': {e.Message.Split(" (Parameter")[0]}", e);
        }
    }
}

namespace Lepton.Data.Pipelines.Steps;

/// <summary>Removes rows in which any of the named columns is missing (a row without its target cannot be learned from).</summary>
internal sealed record DropMissingStep : PipelineStep
{
    public required string[] Columns { get; init; }

    public override bool DropsRows => true;

    public override string Describe() => $"drop rows missing {string.Join(" or ", Columns)}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Columns);
        var dropped = table.Rewrite(where: string.Join(" AND ", Columns.Select(c => $"{Col(c)} IS NOT NULL")));
        return new StepReport(Describe()) { RowsDropped = dropped };
    }
}

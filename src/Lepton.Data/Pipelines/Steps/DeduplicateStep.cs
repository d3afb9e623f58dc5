namespace Lepton.Data.Pipelines.Steps;

/// <summary>Removes rows equal to an earlier row (on all columns, or the ones named); the first stays.</summary>
internal sealed record DeduplicateStep : PipelineStep
{
    public string[] Columns { get; init; } = [];

    public override bool DropsRows => true;

    public override string Describe() => Columns.Length == 0 ? "deduplicate rows" : $"deduplicate rows on {string.Join(", ", Columns)}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Columns);
        var keys = Columns.Length > 0 ? Columns : table.Columns.Select(c => c.Name).ToArray();
        var dropped = table.Rewrite(qualify: $"row_number() OVER (PARTITION BY {string.Join(", ", keys.Select(Col))} ORDER BY rowid) = 1");
        return new StepReport(Describe()) { RowsDropped = dropped };
    }
}

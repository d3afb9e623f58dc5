namespace Lepton.Data.Pipelines.Steps;

/// <summary>Removes named columns (identifiers, leaks); a column already absent at apply time is fine.</summary>
internal sealed record DropColumnsStep : PipelineStep
{
    public required string[] Columns { get; init; }

    public override string Describe() => $"drop {string.Join(", ", Columns)}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        var present = Columns.Where(table.Has).ToList();
        if (present.Count > 0) table.Rewrite(removed: present);
        return new StepReport(Describe()) { ColumnsRemoved = present };
    }
}

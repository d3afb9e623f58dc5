namespace Lepton.Data.Pipelines.Steps;

/// <summary>Removes numeric columns whose training variance (population) is at most the threshold; 0 removes constant columns.</summary>
internal sealed record VarianceThresholdStep : PipelineStep
{
    public double Threshold { get; init; }

    public string[] Except { get; init; } = [];

    public string[] Removed { get; init; } = [];

    public override string Describe() => $"variance threshold {Threshold}";

    public override PipelineStep Fit(WorkingTable train)
    {
        var columns = train.NumericOr([], Except);
        if (columns.Count == 0) return this;
        var row = train.Rows($"SELECT {string.Join(", ", columns.Select(c => $"var_pop(CAST({Col(c)} AS DOUBLE))"))} FROM {WorkingTable.Name}")[0];
        var removed = columns.Where((_, i) => !(ToDouble(row[i]) > Threshold)).ToArray();
        return this with { Removed = removed };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Removed);
        if (Removed.Length > 0) table.Rewrite(removed: Removed);
        return new StepReport(Describe()) { ColumnsRemoved = Removed };
    }
}

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Removes numeric columns strongly correlated with an earlier one: for each pair whose training |Pearson r|
/// exceeds the threshold, the later column (in table order) goes, unless its partner has gone already.
/// </summary>
internal sealed record CorrelationFilterStep : PipelineStep
{
    public double Threshold { get; init; } = 0.95;

    public string[] Except { get; init; } = [];

    public string[] Removed { get; init; } = [];

    public override string Describe() => $"correlation filter |r| > {Threshold}";

    public override PipelineStep Fit(WorkingTable train)
    {
        var columns = train.NumericOr([], Except);
        var pairs = new List<(int I, int J)>();
        for (var i = 0; i < columns.Count; i++)
            for (var j = i + 1; j < columns.Count; j++) pairs.Add((i, j));
        if (pairs.Count == 0) return this;
        var row = train.Rows($"SELECT {string.Join(", ", pairs.Select(p => $"corr(CAST({Col(columns[p.I])} AS DOUBLE), CAST({Col(columns[p.J])} AS DOUBLE))"))} FROM {WorkingTable.Name}")[0];
        var removed = new HashSet<int>();
        for (var k = 0; k < pairs.Count; k++)
        {
            var (i, j) = pairs[k];
            if (removed.Contains(i) || removed.Contains(j)) continue;
            if (Math.Abs(ToDouble(row[k])) > Threshold) removed.Add(j);
        }
        return this with { Removed = removed.Order().Select(i => columns[i]).ToArray() };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Removed);
        if (Removed.Length > 0) table.Rewrite(removed: Removed);
        return new StepReport(Describe()) { ColumnsRemoved = Removed };
    }
}

using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>x ↦ ln(1 + x) on numeric columns; values at or below −1 have no logarithm and become missing (reported).</summary>
internal sealed record LogStep : PipelineStep
{
    public required string[] Columns { get; init; }

    public override string Describe() => $"log1p {string.Join(", ", Columns)}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Columns);
        var invalid = Columns.Sum(c => table.Count($"CAST({Col(c)} AS DOUBLE) <= -1"));
        var changed = Columns.Sum(c => table.Count($"{Col(c)} IS NOT NULL"));
        table.Rewrite(
            Columns.ToDictionary(c => c, c => $"CASE WHEN CAST({Col(c)} AS DOUBLE) > -1 THEN ln(1 + CAST({Col(c)} AS DOUBLE)) END"),
            newKinds: Columns.ToDictionary(c => c, _ => ColumnKind.Float));
        return new StepReport(Describe()) { ValuesChanged = changed, Notes = invalid > 0 ? [$"{invalid} values ≤ −1 set missing"] : [] };
    }
}

using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>Adds degree-2 products of numeric columns: squares (<c>a^2</c>) and pairwise interactions (<c>a*b</c>), or interactions only.</summary>
internal sealed record PolynomialStep : PipelineStep
{
    public required string[] Columns { get; init; }

    public bool InteractionOnly { get; init; }

    public override string Describe() => $"{(InteractionOnly ? "interactions" : "polynomial degree 2")} of {string.Join(", ", Columns)}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Columns);
        var added = new List<(string, string, ColumnKind)>();
        for (var i = 0; i < Columns.Length; i++)
        {
            for (var j = InteractionOnly ? i + 1 : i; j < Columns.Length; j++)
            {
                var name = i == j ? $"{Columns[i]}^2" : $"{Columns[i]}*{Columns[j]}";
                added.Add((name, $"CAST({Col(Columns[i])} AS DOUBLE) * CAST({Col(Columns[j])} AS DOUBLE)", ColumnKind.Float));
            }
        }
        if (added.Count > 0) table.Rewrite(added: added);
        return new StepReport(Describe()) { ValuesChanged = added.Count * table.RowCount, ColumnsAdded = added.Select(a => a.Item1).ToList() };
    }
}

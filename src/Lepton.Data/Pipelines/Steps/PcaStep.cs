using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Projects numeric columns onto the leading principal components of the training data (covariance computed in
/// the engine, eigenvectors by Jacobi rotations here), as columns <c>pc1</c>, <c>pc2</c>, …; the inputs go. Each
/// component's sign is fixed so its largest-magnitude weight is positive. A row with a missing input gets missing components.
/// </summary>
internal sealed record PcaStep : PipelineStep
{
    public string[] Columns { get; init; } = [];

    public string[] Except { get; init; } = [];

    public int Components { get; init; } = 2;

    public string Prefix { get; init; } = "pc";

    public double[] Means { get; init; } = [];

    /// <summary>Fitted: one row of weights per component.</summary>
    public double[][] Weights { get; init; } = [];

    /// <summary>Fitted: the variance each component explains (population).</summary>
    public double[] ExplainedVariance { get; init; } = [];

    public override string Describe() => $"PCA to {Components} components";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        var columns = train.NumericOr(Columns, Except).ToArray();
        var d = columns.Length;
        if (Components < 1 || Components > d)
            throw new PipelineException($"Step '{Describe()}': asks for {Components} components from {d} numeric columns; choose 1 to {d}.");
        var x = columns.Select(c => $"CAST({Col(c)} AS DOUBLE)").ToArray();
        var complete = string.Join(" AND ", x.Select(e => $"{e} IS NOT NULL"));
        var terms = new List<string>();
        terms.AddRange(x.Select(e => $"avg({e})"));
        for (var i = 0; i < d; i++)
            for (var j = i; j < d; j++) terms.Add($"covar_pop({x[i]}, {x[j]})");
        var row = train.Rows($"SELECT {string.Join(", ", terms)} FROM {WorkingTable.Name} WHERE {complete}")[0];
        var means = Enumerable.Range(0, d).Select(i => ToDouble(row[i])).ToArray();
        var cov = new double[d, d];
        var k = d;
        for (var i = 0; i < d; i++)
            for (var j = i; j < d; j++) cov[i, j] = cov[j, i] = ToDouble(row[k++]);
        var (values, vectors) = Eigen.Symmetric(cov);
        var order = Enumerable.Range(0, d).OrderByDescending(i => values[i]).Take(Components).ToArray();
        var weights = order.Select(o =>
        {
            var w = Enumerable.Range(0, d).Select(i => vectors[i, o]).ToArray();
            var largest = w.MaxBy(Math.Abs);
            return largest < 0 ? w.Select(v => -v).ToArray() : w;
        }).ToArray();
        return this with { Columns = columns, Means = means, Weights = weights, ExplainedVariance = order.Select(o => values[o]).ToArray() };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Columns);
        var added = new List<(string, string, ColumnKind)>();
        for (var p = 0; p < Weights.Length; p++)
        {
            var sum = new StringBuilder();
            for (var i = 0; i < Columns.Length; i++)
                sum.Append(i == 0 ? "" : " + ").Append($"(CAST({Col(Columns[i])} AS DOUBLE) - {Num(Means[i])}) * {Num(Weights[p][i])}");
            added.Add(($"{Prefix}{p + 1}", sum.ToString(), ColumnKind.Float));
        }
        var incomplete = table.Count(string.Join(" OR ", Columns.Select(c => $"{Col(c)} IS NULL")));
        table.Rewrite(added: added, removed: Columns);
        return new StepReport(Describe())
        {
            ValuesChanged = (table.RowCount - incomplete) * Weights.Length,
            ColumnsAdded = added.Select(a => a.Item1).ToList(),
            ColumnsRemoved = Columns,
            Notes = incomplete > 0 ? [$"{incomplete} rows with a missing input → missing components"] : [],
        };
    }
}

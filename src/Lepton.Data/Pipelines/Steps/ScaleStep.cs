using System.Globalization;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>Rescales numeric columns with statistics from the training data: x ↦ (x − Center) / Scale, or the training quantile of x.</summary>
internal sealed record ScaleStep : PipelineStep
{
    public string[] Columns { get; init; } = [];

    public Scaling Method { get; init; }

    /// <summary>Columns left out when <see cref="Columns"/> is empty (e.g. the target).</summary>
    public string[] Except { get; init; } = [];

    public Dictionary<string, double> Center { get; init; } = [];

    public Dictionary<string, double> Scale { get; init; } = [];

    /// <summary>Fitted for quantile scaling: the training percentiles 0, 1, …, 100 per column.</summary>
    public Dictionary<string, double[]> Quantiles { get; init; } = [];

    public override string Describe() => $"scale {(Columns.Length == 0 ? "numeric columns" : string.Join(", ", Columns))} ({Method.ToString().ToLowerInvariant()})";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        var columns = train.NumericOr(Columns, Except).ToArray();
        var center = new Dictionary<string, double>(StringComparer.Ordinal);
        var scale = new Dictionary<string, double>(StringComparer.Ordinal);
        var quantiles = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var x = $"CAST({Col(column)} AS DOUBLE)";
            if (Method == Scaling.Quantile)
            {
                var points = string.Join(", ", Enumerable.Range(0, 101).Select(i => (i / 100.0).ToString("R", CultureInfo.InvariantCulture)));
                var list = train.Scalar($"SELECT quantile_cont({x}, [{points}]) FROM {WorkingTable.Name}");
                quantiles[column] = list is System.Collections.IEnumerable values ? values.Cast<object?>().Select(ToDouble).ToArray() : [];
                continue;
            }
            var sql = Method switch
            {
                Scaling.MinMax => $"SELECT min({x}), max({x}) - min({x})",
                Scaling.Standard => $"SELECT avg({x}), stddev_pop({x})",
                _ => $"SELECT quantile_cont({x}, 0.5), quantile_cont({x}, 0.75) - quantile_cont({x}, 0.25)",
            };
            var row = train.Rows(sql + $" FROM {WorkingTable.Name}")[0];
            var spread = ToDouble(row[1]);
            center[column] = ToDouble(row[0]);
            scale[column] = double.IsNaN(spread) || spread == 0 ? 1 : spread;   // a constant column stays put
        }
        return this with { Columns = columns, Center = center, Scale = scale, Quantiles = quantiles };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Columns);
        var replaced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            var x = $"CAST({Col(column)} AS DOUBLE)";
            replaced[column] = Method == Scaling.Quantile
                ? QuantileExpression(x, Quantiles[column])
                : $"({x} - {Num(Center[column])}) / {Num(Scale[column])}";
        }
        var changed = Columns.Sum(c => table.Count($"{Col(c)} IS NOT NULL"));
        table.Rewrite(replaced, newKinds: Columns.ToDictionary(c => c, _ => ColumnKind.Float));
        return new StepReport(Describe()) { ValuesChanged = changed };
    }

    private static string QuantileExpression(string x, double[] q)
    {
        if (q.Length == 0 || double.IsNaN(q[0])) return "CAST(NULL AS DOUBLE)";
        var sql = new StringBuilder($"CASE WHEN {x} IS NULL THEN NULL WHEN {x} <= {Num(q[0])} THEN 0.0");
        var step = 1.0 / (q.Length - 1);
        for (var i = 1; i < q.Length; i++)
        {
            if (q[i] == q[i - 1]) continue;   // a repeated quantile is already covered by the WHEN before
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {x} <= {Num(q[i])} THEN {Num((i - 1) * step)} + ({x} - {Num(q[i - 1])}) / {Num(q[i] - q[i - 1])} * {Num(step)}");
        }
        return sql.Append(" ELSE 1.0 END").ToString();
    }
}

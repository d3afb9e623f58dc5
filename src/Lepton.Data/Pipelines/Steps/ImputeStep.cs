using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>Fills missing values; mean, median, mode and constant values come from the training data.</summary>
internal sealed record ImputeStep : PipelineStep
{
    public string[] Columns { get; init; } = [];

    public Imputation Method { get; init; }

    public string? Constant { get; init; }

    /// <summary>Fitted: the value per column (invariant text), for mean, median, mode and constant.</summary>
    public Dictionary<string, string> Fill { get; init; } = [];

    private bool Numeric => Method is Imputation.Mean or Imputation.Median or Imputation.Linear;

    public override string Describe() => $"impute {(Columns.Length == 0 ? "all columns" : string.Join(", ", Columns))} ({Method.ToString().ToLowerInvariant()})";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, Columns);
        if (Method == Imputation.Constant && Constant is null)
            throw new PipelineException($"Step '{Describe()}': constant imputation needs a value (Pipeline.Impute(column, Imputation.Constant, value); YAML: value:).");
        var columns = Columns.Length > 0 ? Columns
            : train.Columns.Where(c => !Numeric || c.IsNumeric).Select(c => c.Name).ToArray();
        foreach (var column in columns)
        {
            if (Numeric && !train.Column(column).IsNumeric)
                throw new PipelineException($"Step '{Describe()}': '{column}' is {train.Column(column).Kind}, not numeric; use mode or constant imputation for it.");
        }
        var fill = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var value = Method switch
            {
                Imputation.Mean => Number(train.Scalar($"SELECT avg(CAST({Col(column)} AS DOUBLE)) FROM {WorkingTable.Name}")),
                Imputation.Median => Number(train.Scalar($"SELECT quantile_cont(CAST({Col(column)} AS DOUBLE), 0.5) FROM {WorkingTable.Name}")),
                Imputation.Mode => train.Scalar($"SELECT v FROM (SELECT CAST({Col(column)} AS VARCHAR) AS v, count(*) AS n FROM {WorkingTable.Name} WHERE {Col(column)} IS NOT NULL GROUP BY 1) ORDER BY n DESC, v LIMIT 1") as string,
                Imputation.Constant => Constant,
                _ => null,
            };
            if (value is not null) fill[column] = value;
        }
        return this with { Columns = columns, Fill = fill };
    }

    private static string? Number(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Columns);
        var before = Columns.Sum(c => Nulls(table, c));
        var replaced = new Dictionary<string, string>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            var c = Col(column);
            var storage = table.Column(column).StorageType;
            string? expression = Method switch
            {
                Imputation.Mean or Imputation.Median when Fill.TryGetValue(column, out var v) => $"COALESCE(CAST({c} AS DOUBLE), {v})",
                Imputation.Mode or Imputation.Constant when Fill.TryGetValue(column, out var v) => $"COALESCE({c}, CAST({Sql.Literal(v)} AS {storage}))",
                Imputation.ForwardFill => $"COALESCE({c}, last_value({c} IGNORE NULLS) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))",
                Imputation.BackwardFill => $"COALESCE({c}, first_value({c} IGNORE NULLS) OVER (ORDER BY rowid ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING))",
                Imputation.Linear => Linear(c),
                _ => null,
            };
            if (expression is null) continue;
            replaced[column] = expression;
            if (Numeric) kinds[column] = ColumnKind.Float;
        }
        table.Rewrite(replaced, newKinds: kinds);
        var after = Columns.Sum(c => Nulls(table, c));
        return new StepReport(Describe())
        {
            ValuesChanged = before - after,
            Notes = after > 0 ? [$"{after} values left missing (no value to fill from)"] : [],
        };
    }

    private static string Linear(string c)
    {
        const string Before = "OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)";
        const string After = "OVER (ORDER BY rowid ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)";
        var x = $"CAST({c} AS DOUBLE)";
        var pos = $"CASE WHEN {c} IS NOT NULL THEN rowid END";
        var pv = $"last_value({x} IGNORE NULLS) {Before}";
        var pr = $"last_value({pos} IGNORE NULLS) {Before}";
        var nv = $"first_value({x} IGNORE NULLS) {After}";
        var nr = $"first_value({pos} IGNORE NULLS) {After}";
        return $"CASE WHEN {c} IS NOT NULL THEN {x} WHEN {pv} IS NULL THEN {nv} WHEN {nv} IS NULL THEN {pv} ELSE {pv} + ({nv} - {pv}) * (rowid - {pr}) / ({nr} - {pr}) END";
    }
}

using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Replaces a category by the smoothed mean of a numeric or 0/1 target for it: (sum + m·prior) / (count + m).
/// On the training table it is cross-fitted: rows are split into K folds by a seeded hash of their position, and a
/// row's encoding uses only the other folds, so it never sees its own target. Other tables use the whole training
/// data. Rule at apply time: an unseen or missing category gets the prior (the training mean) and is counted.
/// </summary>
internal sealed record TargetEncodeStep : PipelineStep
{
    public required string Column { get; init; }

    public required string Target { get; init; }

    public int Folds { get; init; } = 5;

    public int Seed { get; init; }

    public double Smoothing { get; init; } = 1.0;

    public double Prior { get; init; }

    public Dictionary<string, double> Encoding { get; init; } = [];

    public override string Describe() => $"target-encode {Column} by {Target}";

    private static string Y(string target) => $"CAST({Col(target)} AS DOUBLE)";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column, Target]);
        if (Folds < 2) throw new PipelineException($"Step '{Describe()}': cross-fitting needs at least 2 folds, not {Folds}.");
        var target = train.Column(Target);
        if (!target.IsNumeric && target.Kind != ColumnKind.Boolean)
            throw new PipelineException($"Step '{Describe()}': the target '{Target}' is {target.Kind}; target encoding needs a number or 0/1. Encode it first (e.g. Ordinal for two classes).");
        var text = Categories.Text(Column);
        var y = Y(Target);
        var prior = ToDouble(train.Scalar($"SELECT avg({y}) FROM {WorkingTable.Name}"));
        var encoding = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in train.Rows($"SELECT {text}, sum({y}), count({y}) FROM {WorkingTable.Name} WHERE {Col(Column)} IS NOT NULL GROUP BY 1"))
            encoding[(string)row[0]!] = Smooth(ToDouble(row[1]), ToDouble(row[2]), prior);
        return this with { Prior = prior, Encoding = encoding };
    }

    private double Smooth(double sum, double count, double prior) =>
        count + Smoothing > 0 ? ((double.IsNaN(sum) ? 0 : sum) + Smoothing * prior) / (count + Smoothing) : prior;

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        var keys = Encoding.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var unseen = Categories.Unseen(table, Column, keys);
        var missing = table.Count($"{Col(Column)} IS NULL");
        var values = "[" + string.Join(", ", keys.Select(k => Num(Encoding[k]))) + "]::DOUBLE[]";
        var expression = $"coalesce(({values})[list_position({Sql.List(keys)}::VARCHAR[], {Categories.Text(Column)})], {Num(Prior)})";
        table.Rewrite(new Dictionary<string, string> { [Column] = expression }, newKinds: new Dictionary<string, ColumnKind> { [Column] = ColumnKind.Float });
        return new StepReport(Describe())
        {
            ValuesChanged = table.RowCount,
            UnseenValues = unseen,
            Notes = [.. unseen > 0 ? new[] { $"{unseen} unseen categories → prior {Prior.ToString("G4", CultureInfo.InvariantCulture)}" } : [], .. missing > 0 ? new[] { $"{missing} missing → prior" } : []],
        };
    }

    /// <summary>Out-of-fold encoding of the training rows, computed in one query.</summary>
    public override StepReport ApplyToTraining(WorkingTable train)
    {
        Require(train, [Column, Target]);
        var c = Col(Column);
        var y = Y(Target);
        var fold = FoldExpression("rowid", Folds, Seed);
        // Per row: the category's and the whole table's target sums and counts without the row's own fold.
        var sum = $"(sum({y}) OVER (PARTITION BY {c}) - coalesce(sum({y}) OVER (PARTITION BY {c}, {fold}), 0))";
        var count = $"(count({y}) OVER (PARTITION BY {c}) - count({y}) OVER (PARTITION BY {c}, {fold}))";
        var prior = $"((sum({y}) OVER () - coalesce(sum({y}) OVER (PARTITION BY {fold}), 0)) / nullif(count({y}) OVER () - count({y}) OVER (PARTITION BY {fold}), 0))";
        var m = Num(Smoothing);
        var expression = $"CASE WHEN {c} IS NULL THEN {Num(Prior)} ELSE coalesce((coalesce({sum}, 0) + {m} * coalesce({prior}, {Num(Prior)})) / nullif({count} + {m}, 0), {prior}, {Num(Prior)}) END";
        train.Rewrite(new Dictionary<string, string> { [Column] = expression }, newKinds: new Dictionary<string, ColumnKind> { [Column] = ColumnKind.Float });
        return new StepReport(Describe() + $" (cross-fitted, {Folds} folds)") { ValuesChanged = train.RowCount };
    }

    /// <summary>A row's fold: a seeded hash of its position, so the split is the same every run.</summary>
    public static string FoldExpression(string position, int folds, int seed) =>
        $"(hash({position} + {seed.ToString(CultureInfo.InvariantCulture)}) % {folds.ToString(CultureInfo.InvariantCulture)})";
}

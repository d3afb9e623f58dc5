using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Drops or clips values outside bounds fitted on the training data: Q1 − k·IQR and Q3 + k·IQR, or two quantiles
/// (clipping at quantiles is winsorizing).
/// </summary>
internal sealed record OutlierStep : PipelineStep
{
    public required string Column { get; init; }

    public OutlierAction Action { get; init; }

    /// <summary>The IQR factor k, or null when bounds are quantiles.</summary>
    public double? IqrFactor { get; init; }

    public double LowerQuantile { get; init; } = 0.05;

    public double UpperQuantile { get; init; } = 0.95;

    public double? Low { get; init; }

    public double? High { get; init; }

    public override bool DropsRows => Action == OutlierAction.Drop;

    public override string Describe() =>
        $"{(Action == OutlierAction.Drop ? "drop" : "clip")} outliers of {Column} ({(IqrFactor is { } k ? $"IQR × {k}" : $"quantiles {LowerQuantile}–{UpperQuantile}")})";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        if (!train.Column(Column).IsNumeric)
            throw new PipelineException($"Step '{Describe()}': '{Column}' is {train.Column(Column).Kind}, not numeric.");
        var x = $"CAST({Col(Column)} AS DOUBLE)";
        if (IqrFactor is { } k)
        {
            var row = train.Rows($"SELECT quantile_cont({x}, 0.25), quantile_cont({x}, 0.75) FROM {WorkingTable.Name}")[0];
            double q1 = ToDouble(row[0]), q3 = ToDouble(row[1]);
            return this with { Low = q1 - k * (q3 - q1), High = q3 + k * (q3 - q1) };
        }
        var bounds = train.Rows($"SELECT quantile_cont({x}, {Num(LowerQuantile)}), quantile_cont({x}, {Num(UpperQuantile)}) FROM {WorkingTable.Name}")[0];
        return this with { Low = ToDouble(bounds[0]), High = ToDouble(bounds[1]) };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        if (Low is not { } low || High is not { } high || double.IsNaN(low)) return new StepReport(Describe()) { Notes = ["no bounds: the training column was empty"] };
        var x = $"CAST({Col(Column)} AS DOUBLE)";
        var outside = $"({x} < {Num(low)} OR {x} > {Num(high)})";
        if (Action == OutlierAction.Drop)
            return new StepReport(Describe()) { RowsDropped = table.Rewrite(where: $"NOT coalesce({outside}, false)") };
        var changed = table.Count(outside);
        table.Rewrite(
            new Dictionary<string, string> { [Column] = $"least(greatest({x}, {Num(low)}), {Num(high)})" },
            newKinds: new Dictionary<string, ColumnKind> { [Column] = ColumnKind.Float });
        return new StepReport(Describe()) { ValuesChanged = changed };
    }
}

namespace Lepton.Data.Pipelines;

/// <summary>What applying a fitted pipeline changed, step by step.</summary>
public sealed class PipelineReport
{
    internal PipelineReport(IReadOnlyList<StepReport> steps, long rowsIn, long rowsOut)
    {
        Steps = steps;
        RowsIn = rowsIn;
        RowsOut = rowsOut;
    }

    /// <summary>One report per step, in order (a first "defaults" entry when configured defaults filled missing columns).</summary>
    public IReadOnlyList<StepReport> Steps { get; }

    /// <summary>Rows in the input table.</summary>
    public long RowsIn { get; }

    /// <summary>Rows in the output table.</summary>
    public long RowsOut { get; }

    /// <summary>The report for the first step whose description starts with <paramref name="prefix"/>.</summary>
    public StepReport Step(string prefix) => Steps.FirstOrDefault(s => s.Step.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"No step starts with '{prefix}'. Steps: {string.Join("; ", Steps.Select(s => s.Step))}.");

    /// <summary>One line per step, then the row counts.</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, Steps.Select(s => s.ToString())) + Environment.NewLine + $"{RowsIn} rows in, {RowsOut} rows out";
}

using System.Globalization;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Feature selection by a linear model of a numeric (or 0/1) target on standardised features, fitted here on the
/// training rows with no missing values: L1 (lasso; features whose coefficient is 0 go) or recursive feature
/// elimination (least squares, the smallest |coefficient| goes, refit, until <see cref="Keep"/> remain).
/// </summary>
internal sealed record ModelSelectionStep : PipelineStep
{
    public required string Target { get; init; }

    /// <summary>True: recursive feature elimination to <see cref="Keep"/>; false: L1 with <see cref="Alpha"/>.</summary>
    public bool Recursive { get; init; }

    public int Keep { get; init; } = 1;

    public double Alpha { get; init; } = 0.01;

    public Dictionary<string, double> Coefficients { get; init; } = [];

    public string[] Removed { get; init; } = [];

    public override string Describe() => Recursive ? $"recursive elimination to {Keep} features for {Target}" : $"L1 selection (α = {Alpha.ToString(CultureInfo.InvariantCulture)}) for {Target}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Target]);
        var target = train.Column(Target);
        if (!target.IsNumeric && target.Kind != Tables.ColumnKind.Boolean)
            throw new PipelineException($"Step '{Describe()}': the target '{Target}' is {target.Kind}; a linear model needs a number. Encode it first (ordinal, or 0/1).");
        var features = train.NumericOr([], Target).ToList();
        var (raw, y) = LinearModels.Read(train, features, Target);
        if (raw.Length < 2) throw new PipelineException($"Step '{Describe()}': fewer than 2 training rows have every feature and the target.");
        var (x, yc) = LinearModels.Standardise(raw, y);
        if (!Recursive)
        {
            var b = LinearModels.Lasso(x, yc, Alpha);
            return this with
            {
                Coefficients = features.Select((f, i) => (f, b[i])).ToDictionary(p => p.f, p => p.Item2, StringComparer.Ordinal),
                Removed = features.Where((_, i) => b[i] == 0).ToArray(),
            };
        }
        if (Keep < 1 || Keep > features.Count) throw new PipelineException($"Step '{Describe()}': keep must be 1 to {features.Count}.");
        var active = Enumerable.Range(0, features.Count).ToList();
        double[] coefficients = [];
        while (true)
        {
            coefficients = LinearModels.LeastSquares(x.Select(r => active.Select(j => r[j]).ToArray()).ToArray(), yc);
            if (active.Count <= Keep) break;
            var weakest = Enumerable.Range(0, active.Count).MinBy(i => Math.Abs(coefficients[i]));
            active.RemoveAt(weakest);
        }
        return this with
        {
            Coefficients = active.Select((j, i) => (features[j], coefficients[i])).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            Removed = features.Where((_, j) => !active.Contains(j)).ToArray(),
        };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Removed);
        if (Removed.Length > 0) table.Rewrite(removed: Removed);
        return new StepReport(Describe()) { ColumnsRemoved = Removed };
    }
}

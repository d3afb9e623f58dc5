using System.Globalization;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>Keeps the <see cref="Keep"/> numeric features scoring highest against a class target on the training data; removes the rest.</summary>
internal sealed record SelectBestStep : PipelineStep
{
    public required string Target { get; init; }

    public FeatureScore Score { get; init; }

    public int Keep { get; init; }

    public Dictionary<string, double> Scores { get; init; } = [];

    public string[] Removed { get; init; } = [];

    public override string Describe() => $"select {Keep} best by {(Score == FeatureScore.Chi2 ? "chi²" : "mutual information")} with {Target}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Target]);
        var features = train.NumericOr([], Target);
        if (Keep < 1) throw new PipelineException($"Step '{Describe()}': keep at least one feature.");
        var scores = features.ToDictionary(f => f, f => Score == FeatureScore.Chi2 ? Chi2(train, f) : MutualInformation(train, f), StringComparer.Ordinal);
        var kept = scores.OrderByDescending(s => double.IsNaN(s.Value) ? double.NegativeInfinity : s.Value).ThenBy(s => features.ToList().IndexOf(s.Key))
            .Take(Keep).Select(s => s.Key).ToHashSet();
        return this with { Scores = scores, Removed = features.Where(f => !kept.Contains(f)).ToArray() };
    }

    private double Chi2(WorkingTable train, string feature)
    {
        var x = $"CAST({Col(feature)} AS DOUBLE)";
        if (ToDouble(train.Scalar($"SELECT min({x}) FROM {WorkingTable.Name}")) < 0)
            throw new PipelineException($"Step '{Describe()}': chi² needs non-negative features, and '{feature}' has negative values. Min-max scale it first, or use mutual information.");
        var rows = train.Rows($"SELECT sum(coalesce({x}, 0)), count(*) FROM {WorkingTable.Name} WHERE {Col(Target)} IS NOT NULL GROUP BY {Col(Target)}");
        var total = rows.Sum(r => ToDouble(r[0]));
        var n = rows.Sum(r => ToDouble(r[1]));
        var chi2 = 0.0;
        foreach (var r in rows)
        {
            var expected = ToDouble(r[1]) / n * total;
            if (expected > 0) chi2 += Math.Pow(ToDouble(r[0]) - expected, 2) / expected;
        }
        return chi2;
    }

    private double MutualInformation(WorkingTable train, string feature)
    {
        var sql = $"""
            WITH b AS (SELECT ntile(10) OVER (ORDER BY CAST({Col(feature)} AS DOUBLE)) AS bin, CAST({Col(Target)} AS VARCHAR) AS y
                       FROM {WorkingTable.Name} WHERE {Col(feature)} IS NOT NULL AND {Col(Target)} IS NOT NULL),
                 j AS (SELECT bin, y, count(*)::DOUBLE AS n FROM b GROUP BY bin, y),
                 t AS (SELECT sum(n) AS total FROM j)
            SELECT sum(j.n / t.total * ln((j.n * t.total) / (pb.n * py.n)))
            FROM j, t,
                 (SELECT bin, sum(n) AS n FROM j GROUP BY bin) pb,
                 (SELECT y, sum(n) AS n FROM j GROUP BY y) py
            WHERE pb.bin = j.bin AND py.y = j.y
            """;
        return ToDouble(train.Scalar(sql));
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, Removed);
        if (Removed.Length > 0) table.Rewrite(removed: Removed);
        return new StepReport(Describe())
        {
            ColumnsRemoved = Removed,
            Notes = [string.Join(", ", Scores.OrderByDescending(s => s.Value).Take(5).Select(s => $"{s.Key} {s.Value.ToString("G4", CultureInfo.InvariantCulture)}"))],
        };
    }
}

namespace Lepton.Cli.Commands;

/// <summary>Every compared run's history of one metric: what one chart shows.</summary>
internal sealed record MetricCurves(string Metric, IReadOnlyList<RunSeries> Series);

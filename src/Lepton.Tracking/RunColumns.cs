namespace Lepton.Tracking;

/// <summary>The distinct parameter, metric and tag names recorded by a set of runs, each sorted ordinally: a runs table's column choices.</summary>
/// <param name="Params">Parameter names.</param>
/// <param name="Metrics">Metric names.</param>
/// <param name="Tags">Tag names.</param>
public sealed record RunColumns(IReadOnlyList<string> Params, IReadOnlyList<string> Metrics, IReadOnlyList<string> Tags);

using Lepton.Tracking;

namespace Lepton.Cli.Commands;

/// <summary>One run's history of one metric, with the label its curve gets in a legend.</summary>
internal sealed record RunSeries(string Label, IReadOnlyList<MetricPoint> Points);

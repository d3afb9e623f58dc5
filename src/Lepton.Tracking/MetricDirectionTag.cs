namespace Lepton.Tracking;

/// <summary>
/// The tag in which a run records which way a metric improves: <c>lepton.metric.{metric}.direction</c> with the
/// value <c>maximize</c>, <c>minimize</c> or <c>none</c>, so tools that read runs without the engine (the CLI, the
/// dashboard, another language's client) know it.
/// </summary>
internal static class MetricDirectionTag
{
    private const string Prefix = "lepton.metric.";
    private const string Suffix = ".direction";

    /// <summary>The longest metric name whose direction fits in a tag name.</summary>
    public const int MaxMetricLength = Names.MaxKeyLength - 24;

    public static string KeyOf(string metric) => Prefix + metric + Suffix;

    public static string Format(MetricDirection direction) => direction switch
    {
        MetricDirection.Maximize => "maximize",
        MetricDirection.Minimize => "minimize",
        MetricDirection.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "A metric's direction is Maximize, Minimize or None."),
    };

    /// <summary>The direction <paramref name="run"/> recorded for <paramref name="metric"/>, or null when it recorded none (or one this Lepton does not know).</summary>
    public static MetricDirection? Recorded(Run run, string metric) =>
        run.Tags.GetValueOrDefault(KeyOf(metric)) switch
        {
            "maximize" => MetricDirection.Maximize,
            "minimize" => MetricDirection.Minimize,
            "none" => MetricDirection.None,
            _ => null,
        };
}

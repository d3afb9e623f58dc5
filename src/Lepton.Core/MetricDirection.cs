namespace Lepton;

/// <summary>
/// Which way a metric improves: what Fit's callbacks watch for in <c>Auto</c> mode, what a tracked run records for
/// each metric, and how run comparisons pick the best value.
/// </summary>
public enum MetricDirection
{
    /// <summary>Neither value is better (a learning rate, a count): nothing to pick as best.</summary>
    None,

    /// <summary>Lower is better: losses and errors.</summary>
    Minimize,

    /// <summary>Higher is better: accuracy, AUC, F1, R².</summary>
    Maximize,
}

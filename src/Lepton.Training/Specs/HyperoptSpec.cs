namespace Lepton.Training.Specs;

/// <summary>
/// A spec's <c>hyperopt</c> section, in Ludwig's vocabulary, as <c>lepton tune</c> reads it: what to search
/// (<see cref="Parameters"/>, keyed by dotted paths into the spec), the metric and goal, how each trial is scored
/// (<see cref="Split"/>), the search algorithm, the pruner and the executor's limits. The keys are in docs/tuning.md.
/// </summary>
public sealed class HyperoptSpec
{
    internal HyperoptSpec()
    {
    }

    /// <summary><c>minimize</c> or <c>maximize</c>; null when the spec leaves it to the metric (loss, rmse, mae: minimize; others: maximize).</summary>
    public string? Goal { get; internal set; }

    /// <summary>The metric each trial is scored by on rows it did not train on: <c>loss</c>; <c>accuracy</c> or <c>f1_macro</c> (classification); <c>r2</c>, <c>rmse</c> or <c>mae</c> (regression).</summary>
    public string Metric { get; internal set; } = "loss";

    /// <summary>Where <see cref="Metric"/> is written, for errors ("spec.yaml, line 4, column 11").</summary>
    public string MetricWhere { get; internal set; } = "hyperopt";

    /// <summary><c>validation</c> (train on the training rows, score on the validation rows) or <c>cross_validation</c> (k folds of the training and validation rows).</summary>
    public string Split { get; internal set; } = "validation";

    /// <summary>Folds for <c>cross_validation</c>.</summary>
    public int Folds { get; internal set; } = 5;

    /// <summary>The search algorithm: <c>tpe</c> (default), <c>random</c> or <c>grid</c>.</summary>
    public string SearchAlgorithm { get; internal set; } = "tpe";

    /// <summary>The sampler's seed; null for the split's seed.</summary>
    public int? Seed { get; internal set; }

    /// <summary>The pruner: <c>median</c> (default), <c>none</c>, <c>successive_halving</c> or <c>hyperband</c>.</summary>
    public string Pruner { get; internal set; } = "median";

    /// <summary>Trials in the study (<c>executor.num_trials</c>, Ludwig's <c>num_samples</c>); null for the search's default (a grid's size, else 10).</summary>
    public int? Trials { get; internal set; }

    /// <summary>Trials run at once (<c>executor.max_parallel</c>).</summary>
    public int MaxParallel { get; internal set; } = 1;

    /// <summary>No trial starts after this (<c>executor.time_limit</c>); null for none.</summary>
    public TimeSpan? TimeLimit { get; internal set; }

    /// <summary>The parameters searched, in the spec's order.</summary>
    public IReadOnlyList<HyperoptParameter> Parameters { get; internal set; } = [];

    /// <summary>Where the section starts, for errors.</summary>
    public string Where { get; internal set; } = "hyperopt";
}

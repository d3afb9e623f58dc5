namespace Lepton.Tracking;

/// <summary>
/// Which runs to find and in what order. <see cref="Filter"/> uses MLflow's syntax, clauses joined by <c>and</c>:
/// <c>metrics.val_accuracy &gt; 0.9 and params.optimizer = 'adam' and tags.recipe != 'small' and status = 'finished'</c>.
/// <see cref="OrderBy"/> is e.g. <c>metrics.val_accuracy desc</c>, <c>start_time</c> or <c>params.lr asc</c>; runs without
/// the metric or parameter come last either way, as in MLflow. <see cref="Offset"/> skips that many of the ordered runs
/// and <see cref="MaxResults"/> bounds the rest: a page of a runs table.
/// </summary>
public sealed record RunQuery(
    IReadOnlyList<string>? Experiments = null,
    string? Filter = null,
    string? OrderBy = null,
    int MaxResults = 1000,
    int Offset = 0);

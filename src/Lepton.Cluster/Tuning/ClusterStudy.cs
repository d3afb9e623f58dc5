using Lepton.Tuning;
using Lepton.Tuning.Spaces;

namespace Lepton.Cluster.Tuning;

/// <summary>A study as one silo runs it: its search space, how it is tuned (sampler, pruner, direction, trials) and its objective.</summary>
/// <param name="space">The parameters searched.</param>
/// <param name="options">The sampler, pruner, direction and number of trials; the cluster sets the name, the store and the heartbeat.</param>
/// <param name="objective">Trains and scores one trial (on a thread of its own, never a grain's).</param>
/// <param name="owned">What the study holds until the silo drops it (its table, say), or null.</param>
public sealed class ClusterStudy(SearchSpace space, TunerOptions options, Func<Trial, CancellationToken, double> objective, IDisposable? owned = null) : IDisposable
{
    /// <summary>The parameters searched.</summary>
    public SearchSpace Space { get; } = space ?? throw new ArgumentNullException(nameof(space));

    /// <summary>How the study is tuned.</summary>
    public TunerOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Scores a trial on a thread of its own: a trial trains for long and blocks on the store as it reports.</summary>
    internal Task<double> ScoreAsync(Trial trial, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => objective(trial, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Releases what the study holds.</summary>
    public void Dispose() => owned?.Dispose();
}

using System.Collections.Concurrent;
using Lepton.Cluster.Tuning;
using Lepton.Tuning;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;
using Orleans.Runtime;

namespace Lepton.Cluster.Tests;

/// <summary>
/// A quick real objective: (x − 0.5)² + (y + 0.25)², reached in <see cref="Steps"/> reported steps with a short sleep
/// each, so a trial runs long enough to be caught by a silo's death. A trial on a silo the test killed behaves as a
/// process that is gone but not yet noticed: it stops at its next step until the test releases it, then returns its
/// value late, which the store must refuse.
/// </summary>
internal sealed class SlowQuadratic(ILocalSiloDetails silo, FailoverProbe probe) : IClusterObjective
{
    public const string Name = "quadratic";
    public const int Steps = 8;
    public static readonly TimeSpan StepTime = TimeSpan.FromMilliseconds(150);

    public string Kind => Name;

    public ClusterStudy Open(StudySubmission submission, CancellationToken cancellationToken)
    {
        var space = new SearchSpace().Add("x", new FloatDistribution(-2, 2)).Add("y", new FloatDistribution(-2, 2));
        var options = new TunerOptions { Direction = StudyDirection.Minimize, Sampler = new RandomSampler(submission.Seed), Pruner = new NoPruner(), Trials = submission.Trials };
        return new ClusterStudy(space, options, Score);
    }

    private double Score(Trial trial, CancellationToken cancellationToken)
    {
        var x = trial.GetDouble("x");
        var y = trial.GetDouble("y");
        var value = (x - 0.5) * (x - 0.5) + (y + 0.25) * (y + 0.25);
        var me = silo.SiloAddress.ToParsableString();
        for (var step = 0; step < Steps; step++)
        {
            Thread.Sleep(StepTime);
            if (probe.Killed == me)
            {
                probe.Release.Wait(TimeSpan.FromSeconds(60), cancellationToken);
                probe.LateResults.Add(trial.Number);
                return value;
            }
            trial.Report(step, value * (1 + 1.0 / (step + 1)));
        }
        probe.Completed.AddOrUpdate(trial.Number, 1, (_, n) => n + 1);
        return value;
    }
}

/// <summary>What the silos' objectives tell the test: the silo it killed, and which trials ran to their end.</summary>
internal sealed class FailoverProbe : IDisposable
{
    public volatile string? Killed;

    public ManualResetEventSlim Release { get; } = new();

    /// <summary>Trials whose objective ran to its end, by number: how many times each.</summary>
    public ConcurrentDictionary<int, int> Completed { get; } = new();

    /// <summary>Trials of the killed silo that returned their value after the test released them.</summary>
    public ConcurrentBag<int> LateResults { get; } = [];

    public void Dispose()
    {
        Release.Set();
        Release.Dispose();
    }
}

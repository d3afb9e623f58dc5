using System.Diagnostics;
using Lepton.Cluster.Hosting;
using Lepton.Cluster.Tuning;
using Lepton.Tracking;
using Lepton.Tuning.Studies;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Lepton.Cluster.Tests;

/// <summary>
/// Distributed tuning on three real silos in this process (Orleans' TestingHost), sharing one SQLite tracking
/// database as separate processes would. Membership is shortened (probes every second, two missed probes) so a dead
/// silo is declared in a few seconds; set LEPTON_CLUSTER_DEFAULT_MEMBERSHIP=1 to run with Orleans' defaults and read the
/// failover time they give.
/// </summary>
public sealed class DistributedTuningTests(ITestOutputHelper output)
{
    private const int Trials = 9;
    private static readonly bool DefaultMembership = Environment.GetEnvironmentVariable("LEPTON_CLUSTER_DEFAULT_MEMBERSHIP") == "1";

    [Fact]
    public async Task A_study_completes_on_three_silos_when_one_is_killed_mid_trial_and_its_trial_runs_again()
    {
        using var folder = new TempFolder();
        using var probe = new FailoverProbe();
        await using var cluster = await StartAsync(folder, probe);
        var coordinator = cluster.Client.GetGrain<IStudyCoordinatorGrain>("failover");
        var submission = new StudySubmission { Name = "failover", Objective = SlowQuadratic.Name, Trials = Trials, Seed = 3, HeartbeatSeconds = 2 };
        var progress = await coordinator.SubmitAsync(submission);

        // Kill a secondary silo that runs a trial and does not host the coordinator (the coordinator's own death is
        // covered by the heartbeat path), once it is well into its trial.
        var primary = cluster.Silos[0].SiloAddress.ToParsableString();
        var (victim, running) = await WaitForAsync(coordinator, TimeSpan.FromSeconds(20), p =>
            p.Trials.FirstOrDefault(t => t.Worker is { } w && w != primary && w != p.Coordinator && t.LastStep >= 1) is { } t
                ? (cluster.Silos.First(s => s.SiloAddress.ToParsableString() == t.Worker), t) : default);
        probe.Killed = victim.SiloAddress.ToParsableString();
        var killed = DateTimeOffset.UtcNow;
        await cluster.KillSiloAsync(victim);

        progress = await WaitForAsync(coordinator, TimeSpan.FromSeconds(DefaultMembership ? 90 : 45), p => p.IsComplete ? p : null);
        var lost = progress.Trials.Single(t => t.Number == running.Number);
        var requeue = progress.Trials.Single(t => t.RequeueOf == running.Number);
        output.WriteLine($"Silo killed at {killed:HH:mm:ss.fff}; trial {lost.Number} failed {(lost.Finished!.Value - killed).TotalSeconds:0.0} s later ({lost.Error}); " +
                         $"re-queued as trial {requeue.Number} {(requeue.Started - killed).TotalSeconds:0.0} s after the kill. Membership: {(DefaultMembership ? "Orleans' defaults" : "shortened")}.");

        // The lost trial is failed as lost, and runs again once with the same parameters.
        Assert.True(lost.Lost, lost.Error);
        Assert.Equal("failed", lost.State);
        Assert.Equal(lost.Parameters, requeue.Parameters);
        Assert.Equal("complete", requeue.State);

        // Every trial accounted for: the target complete, one more trial per lost one, nothing running.
        var lostTrials = progress.Trials.Where(t => t.Lost).ToList();
        Assert.Equal(Trials, progress.Trials.Count(t => t.State == "complete"));
        Assert.Equal(Trials + lostTrials.Count, progress.Trials.Count);
        Assert.All(lostTrials, l => Assert.Single(progress.Trials, t => t.RequeueOf == l.Number));
        Assert.DoesNotContain(progress.Trials, t => t.State == "running");

        // No trial ran twice to completion: the killed silo's trial, released now, returns late and is refused.
        probe.Release.Set();
        await WaitUntilAsync(() => probe.LateResults.Contains(running.Number), TimeSpan.FromSeconds(10));
        Assert.All(probe.Completed, c => Assert.Equal(1, c.Value));
        await Task.Delay(500);
        await using var store = await TrackingStudyStore.OpenAsync(TrackingSettings.InFolder(folder.Path));
        var study = await store.FindStudyAsync("failover");
        var stored = (await store.TrialsAsync(study!.Id)).Single(t => t.Number == running.Number);
        Assert.Equal(TrialState.Failed, stored.State);
        Assert.True(StudyCheck.IsWorkerStopped(stored));
    }

    [Fact]
    public async Task A_study_completes_when_the_silo_of_its_coordinator_dies_mid_trial_its_trial_failed_by_its_stale_heartbeat()
    {
        using var folder = new TempFolder();
        using var probe = new FailoverProbe();
        await using var cluster = await StartAsync(folder, probe, killedSilosWriteNothing: true);

        // The coordinator on a secondary silo (the primary holds the test cluster's membership), by a placement hint.
        var victim = cluster.Silos[1];
        RequestContext.Set(IPlacementDirector.PlacementHintKey, victim.SiloAddress);
        var coordinator = cluster.Client.GetGrain<IStudyCoordinatorGrain>("orphan");
        var progress = await coordinator.SubmitAsync(new StudySubmission { Name = "orphan", Objective = SlowQuadratic.Name, Trials = 6, Seed = 5, HeartbeatSeconds = 1 });
        RequestContext.Clear();
        var key = victim.SiloAddress.ToParsableString();
        Assert.Equal(key, progress.Coordinator);

        var running = await WaitForAsync(coordinator, TimeSpan.FromSeconds(20), p => p.Trials.FirstOrDefault(t => t.Worker == key && t.LastStep >= 1));
        probe.Killed = key;
        var killed = DateTimeOffset.UtcNow;
        await cluster.KillSiloAsync(victim);

        // The workers find the coordinator gone, submit the study again to its new activation, which knows no
        // assignment: the dead silo's trial is failed when its heartbeat goes stale (2 s), and runs again.
        progress = await WaitForAsync(coordinator, TimeSpan.FromSeconds(45), p => p.IsComplete ? p : null);
        Assert.NotEqual(key, progress.Coordinator);
        var lost = progress.Trials.Single(t => t.Number == running.Number);
        var requeue = progress.Trials.Single(t => t.RequeueOf == running.Number);
        output.WriteLine($"Coordinator's silo killed; trial {lost.Number} failed {(lost.Finished!.Value - killed).TotalSeconds:0.0} s later ({lost.Error}); " +
                         $"re-queued as trial {requeue.Number} {(requeue.Started - killed).TotalSeconds:0.0} s after the kill.");
        Assert.True(lost.Lost, lost.Error);
        Assert.Contains("no heartbeat", lost.Error, StringComparison.Ordinal);
        Assert.Equal(lost.Parameters, requeue.Parameters);
        Assert.Equal(6, progress.Trials.Count(t => t.State == "complete"));
        Assert.Equal(6 + progress.Trials.Count(t => t.Lost), progress.Trials.Count);
        Assert.All(probe.Completed, c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public async Task A_study_submitted_again_runs_no_new_trial_and_goes_on_when_given_more_trials()
    {
        using var folder = new TempFolder();
        using var probe = new FailoverProbe();
        await using var cluster = await StartAsync(folder, probe);
        var coordinator = cluster.Client.GetGrain<IStudyCoordinatorGrain>("twice");
        var submission = new StudySubmission { Name = "twice", Objective = SlowQuadratic.Name, Trials = 3, Seed = 1 };
        await coordinator.SubmitAsync(submission);
        var done = await WaitForAsync(coordinator, TimeSpan.FromSeconds(30), p => p.IsComplete ? p : null);
        Assert.Equal(3, done.Trials.Count(t => t.State == "complete"));
        Assert.Equal(3, done.Workers.Count);

        var again = await coordinator.SubmitAsync(submission);
        Assert.True(again.IsComplete);
        Assert.Equal(3, again.Trials.Count);

        // Submitted with more trials, the study goes on to the new total, as lepton tune --trials does.
        await coordinator.SubmitAsync(submission with { Trials = 5 });
        var more = await WaitForAsync(coordinator, TimeSpan.FromSeconds(30), p => p.IsComplete && p.Target == 5 ? p : null);
        Assert.Equal(5, more.Trials.Count(t => t.State == "complete"));
        Assert.Equal([0, 1, 2, 3, 4], more.Trials.Select(t => t.Number));
    }

    private static async Task<InProcessTestCluster> StartAsync(TempFolder folder, FailoverProbe probe, bool killedSilosWriteNothing = false)
    {
        var settings = TrackingSettings.InFolder(folder.Path);
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLeptonTuning(services =>
            {
                IStudyStore store = TrackingStudyStore.OpenAsync(settings).GetAwaiter().GetResult();
                return killedSilosWriteNothing ? new GoneSiloStore(store, services.GetRequiredService<ILocalSiloDetails>(), probe) : store;
            });
            silo.Services.AddSingleton(probe);
            silo.Services.AddSingleton<IClusterObjective, SlowQuadratic>();
            if (!DefaultMembership)
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task<T> WaitForAsync<T>(IStudyCoordinatorGrain coordinator, TimeSpan timeout, Func<StudyProgress, T?> until)
    {
        var clock = Stopwatch.StartNew();
        StudyProgress? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await coordinator.ProgressAsync();
            if (last is not null && until(last) is { } found && !EqualityComparer<T>.Default.Equals(found, default)) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0} s; the study had {last?.Trials.Count} trials: " +
                                   string.Join("; ", last?.Trials.Select(t => $"{t.Number} {t.State} {t.Worker} {t.Error}") ?? []));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0} s.");
            await Task.Delay(50);
        }
    }
}

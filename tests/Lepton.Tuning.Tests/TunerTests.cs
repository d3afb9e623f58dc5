using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Tests;

public sealed class TunerTests
{
    private static SearchSpace Line() => new SearchSpace().Add("x", new FloatDistribution(-1, 1));

    [Fact]
    public async Task A_study_resumes_to_its_total_and_keeps_its_best_trial()
    {
        var store = new InMemoryStudyStore();
        var options = new TunerOptions { Store = store, StudyName = "line", Trials = 12, Pruner = new NoPruner() };
        var first = await new Tuner(options).OptimizeAsync(Line(), t => t.GetDouble("x") * t.GetDouble("x"));
        Assert.Equal(12, first.Ran);
        var more = await new Tuner(new TunerOptions { Store = store, StudyName = "line", Trials = 20, Pruner = new NoPruner() })
            .OptimizeAsync(Line(), t => t.GetDouble("x") * t.GetDouble("x"));
        Assert.Equal(8, more.Ran);
        Assert.Equal(Enumerable.Range(0, 20), more.Trials.Select(t => t.Number));
        Assert.Equal(more.Trials.Where(t => t.Value is not null).Min(t => t.Value), more.BestValue);
        Assert.Equal(more.Best!.Parameters["x"], more.BestParameters["x"]!.GetValue<double>());
    }

    [Fact]
    public async Task Resuming_with_another_space_or_direction_is_refused_before_any_trial()
    {
        var store = new InMemoryStudyStore();
        await new Tuner(new TunerOptions { Store = store, StudyName = "s", Trials = 2 }).OptimizeAsync(Line(), t => 0);
        var ran = 0;
        var space = await Assert.ThrowsAsync<StudyMismatchException>(() => new Tuner(new TunerOptions { Store = store, StudyName = "s", Trials = 4 })
            .OptimizeAsync(new SearchSpace().Add("x", new FloatDistribution(-2, 2)), t => ran++));
        Assert.Contains("The study 's' exists with another search space", space.Message);
        var direction = await Assert.ThrowsAsync<StudyMismatchException>(() => new Tuner(new TunerOptions { Store = store, StudyName = "s", Trials = 4, Direction = StudyDirection.Maximize })
            .OptimizeAsync(Line(), t => ran++));
        Assert.Contains("minimizes its objective; this run would maximize it", direction.Message);
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task Tuners_sharing_a_study_never_start_more_trials_than_asked_between_them()
    {
        // Three tuners on one store stand for three worker processes: each claims on its own, only the store counts.
        var store = new InMemoryStudyStore();
        var tuners = Enumerable.Range(0, 3).Select(i => new Tuner(new TunerOptions { Store = store, StudyName = "shared", Trials = 30, MaxParallel = 2, Seed = i, Pruner = new NoPruner() }));

        var results = await Task.WhenAll(tuners.Select(t => t.OptimizeAsync(Line(), trial =>
        {
            Thread.Sleep(2);
            return trial.GetDouble("x");
        })));

        Assert.Equal(30, results.Sum(r => r.Ran));
        Assert.Equal(Enumerable.Range(0, 30), results[0].Trials.Select(t => t.Number).Order());
        Assert.Equal(30, (await store.TrialsAsync(results[0].Study.Id)).Count);
    }

    [Fact]
    public void The_trial_limit_is_the_options_then_the_samplers_then_100()
    {
        var grid = new SearchSpace().Add("k", new CategoricalDistribution([System.Text.Json.Nodes.JsonValue.Create(1), System.Text.Json.Nodes.JsonValue.Create(2), System.Text.Json.Nodes.JsonValue.Create(3)]), grid: true);
        Assert.Equal(7, new Tuner(new TunerOptions { Trials = 7, Sampler = new GridSampler() }).TrialLimit(grid));
        Assert.Equal(3, new Tuner(new TunerOptions { Sampler = new GridSampler() }).TrialLimit(grid));
        Assert.Equal(100, new Tuner().TrialLimit(Line()));
    }

    [Fact]
    public async Task Reports_are_read_back_with_the_study_only_for_a_pruner_that_judges_by_other_trials()
    {
        async Task<CountingStore> RunAsync(IPruner pruner)
        {
            var store = new CountingStore(new InMemoryStudyStore());
            var result = await new Tuner(new TunerOptions { Store = store, Trials = 4, Pruner = pruner }).OptimizeAsync(Line(), async (trial, token) =>
            {
                for (var step = 0; step < 3; step++) await trial.ReportAsync(step, step, token);
                return trial.GetDouble("x");
            });
            Assert.All(result.Trials, t => Assert.Equal([0, 1, 2], t.Intermediate.Keys.Order()));
            return store;
        }

        var alone = await RunAsync(new NoPruner());
        var others = await RunAsync(new MedianPruner());

        // Each trial is started with a read of the study (for the sampler; a last start finds the study full); the
        // result is the one plain read.
        Assert.Equal((4 + 1, 1, 0, 12), (alone.StartsRead, alone.Reads, alone.ReportsRead, alone.Reports));
        Assert.Equal((4 + 1, 1, 12, 0), (others.StartsRead, others.Reads, others.ReportsRead, others.Reports));
    }

    [Fact]
    public async Task A_failing_objective_fails_its_trial_and_the_study_goes_on()
    {
        var result = await new Tuner(new TunerOptions { Trials = 6, Pruner = new NoPruner() }).OptimizeAsync(Line(), t => t.Number switch
        {
            1 => throw new InvalidOperationException("out of memory in layer 3"),
            2 => double.NaN,
            _ => t.GetDouble("x"),
        });
        Assert.Equal(TrialState.Failed, result.Trials[1].State);
        Assert.Equal("InvalidOperationException: out of memory in layer 3", result.Trials[1].Error);
        Assert.Equal(TrialState.Failed, result.Trials[2].State);
        Assert.Contains("NaN", result.Trials[2].Error);
        Assert.Equal(4, result.Count(TrialState.Complete));
    }

    [Fact]
    public async Task A_pruned_trial_keeps_its_last_reported_value()
    {
        var result = await new Tuner(new TunerOptions { Trials = 8, Pruner = new MedianPruner(startupTrials: 2), Sampler = new RandomSampler(1) })
            .OptimizeAsync(Line(), t =>
            {
                // Trials 0 and 1 set the median curve; later ones with a worse curve stop at the first step.
                var level = t.Number < 2 ? 0.0 : 1.0;
                for (var step = 0; step < 10; step++)
                {
                    t.Report(step, level + 1.0 / (step + 1));
                    t.ThrowIfPruned();
                }
                return level;
            });
        Assert.All(result.Trials.Take(2), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(result.Trials.Skip(2), t =>
        {
            Assert.Equal(TrialState.Pruned, t.State);
            Assert.Equal(0, t.LastStep);
            Assert.Equal(2.0, t.Value);
        });
    }

    [Fact]
    public async Task Parallel_workers_run_at_once_and_start_exactly_the_trials_asked_for()
    {
        var running = 0;
        var most = 0;
        var result = await new Tuner(new TunerOptions { Trials = 24, MaxParallel = 4, Pruner = new NoPruner() }).OptimizeAsync(Line(), t =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            // Until two trials have overlapped once, a trial waits (up to 5 s) for another to start: on a loaded machine
            // claiming a trial can take longer than a short trial runs. A tuner that ran trials one at a time never overlaps.
            SpinWait.SpinUntil(() => Volatile.Read(ref most) >= 2, TimeSpan.FromSeconds(5));
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return t.GetDouble("x");
        });
        Assert.Equal(24, result.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 24), result.Trials.Select(t => t.Number));
        Assert.InRange(most, 2, 4);
    }

    [Fact]
    public async Task A_trial_whose_heartbeat_went_stale_is_failed_by_the_next_run()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new InMemoryStudyStore(clock);
        var study = await store.OpenStudyAsync("s", StudyDirection.Minimize, Line());
        var orphan = (await store.StartTrialAsync(study.Id, 1))!;   // a worker that was killed after starting its trial
        clock.Now += TimeSpan.FromSeconds(15);
        // 15 s is within the grace of 2 × 10 s: still running.
        await new Tuner(new TunerOptions { Store = store, StudyName = "s", Trials = 2, HeartbeatInterval = TimeSpan.FromSeconds(10) }).OptimizeAsync(Line(), t => 0);
        Assert.Equal(TrialState.Running, (await store.TrialsAsync(study.Id)).Single(t => t.Id == orphan.Id).State);
        clock.Now += TimeSpan.FromSeconds(10);
        await new Tuner(new TunerOptions { Store = store, StudyName = "s", Trials = 3, HeartbeatInterval = TimeSpan.FromSeconds(10) }).OptimizeAsync(Line(), t => 0);
        var failed = (await store.TrialsAsync(study.Id)).Single(t => t.Id == orphan.Id);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("no heartbeat since 2026-12-05 10:00:00Z", failed.Error);
        // A finish from the dead worker, were it to wake, changes nothing.
        Assert.False(await store.FinishTrialAsync(orphan.Id, TrialState.Complete, 0.0));
    }

    [Fact]
    public async Task A_grid_study_stops_when_the_grid_is_walked()
    {
        var space = new SearchSpace().Add("k", new CategoricalDistribution([System.Text.Json.Nodes.JsonValue.Create(1), System.Text.Json.Nodes.JsonValue.Create(2)]), grid: true);
        var result = await new Tuner(new TunerOptions { Sampler = new GridSampler() }).OptimizeAsync(space, t => t.GetInt64("k"));
        Assert.Equal(2, result.Trials.Count);
    }

    [Fact]
    public async Task Trial_values_are_read_by_type_with_clear_errors()
    {
        var space = SearchSpaceTests.Conditional();
        var result = await new Tuner(new TunerOptions { Trials = 1, Sampler = new RandomSampler(2) }).OptimizeAsync(space, t =>
        {
            Assert.Contains(t.GetString("model_type"), new[] { "nn", "gbm" });
            var absent = t.GetString("model_type") == "gbm" ? "combiner.num_fc_layers" : "gbm.num_leaves";
            var error = Assert.Throws<KeyNotFoundException>(() => t.GetInt64(absent));
            Assert.Contains("does not exist in trial 0: its condition on 'model_type' does not hold", error.Message);
            Assert.Contains("has no parameter 'nope'", Assert.Throws<KeyNotFoundException>(() => t.Value("nope")).Message);
            Assert.Contains("not an integer", Assert.Throws<InvalidOperationException>(() => t.GetInt64("trainer.learning_rate")).Message);
            return 0;
        });
        Assert.Equal(TrialState.Complete, result.Trials[0].State);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Counts the study reads a tuner makes: starts read back with the study, plain reads, reports without a read, reports read back with the study.</summary>
    private sealed class CountingStore(IStudyStore inner) : IStudyStore
    {
        public int Reads;
        public int Reports;
        public int ReportsRead;
        public int StartsRead;

        public Task<StudyInfo> OpenStudyAsync(string name, StudyDirection direction, SearchSpace space, CancellationToken cancellationToken = default) => inner.OpenStudyAsync(name, direction, space, cancellationToken);

        public Task<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default) => inner.FindStudyAsync(name, cancellationToken);

        public Task<TrialRecord?> StartTrialAsync(long studyId, int limit, CancellationToken cancellationToken = default) => inner.StartTrialAsync(studyId, limit, cancellationToken);

        public Task<StartedTrial?> StartTrialAndReadAsync(long studyId, int limit, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref StartsRead);
            return inner.StartTrialAndReadAsync(studyId, limit, cancellationToken);
        }

        public Task SetParametersAsync(long trialId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken = default) => inner.SetParametersAsync(trialId, parameters, cancellationToken);

        public Task ReportAsync(long trialId, int step, double value, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Reports);
            return inner.ReportAsync(trialId, step, value, cancellationToken);
        }

        public Task<IReadOnlyList<TrialRecord>> ReportAndReadAsync(long studyId, long trialId, int step, double value, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref ReportsRead);
            return inner.ReportAndReadAsync(studyId, trialId, step, value, cancellationToken);
        }

        public Task SetAttributesAsync(long trialId, IReadOnlyDictionary<string, double> attributes, CancellationToken cancellationToken = default) => inner.SetAttributesAsync(trialId, attributes, cancellationToken);

        public Task HeartbeatAsync(long trialId, CancellationToken cancellationToken = default) => inner.HeartbeatAsync(trialId, cancellationToken);

        public Task<bool> FinishTrialAsync(long trialId, TrialState state, double? value, string? error = null, CancellationToken cancellationToken = default) =>
            inner.FinishTrialAsync(trialId, state, value, error, cancellationToken);

        public Task<IReadOnlyList<TrialRecord>> TrialsAsync(long studyId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Reads);
            return inner.TrialsAsync(studyId, cancellationToken);
        }

        public Task<int> FailStaleTrialsAsync(long studyId, TimeSpan staleAfter, CancellationToken cancellationToken = default) => inner.FailStaleTrialsAsync(studyId, staleAfter, cancellationToken);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

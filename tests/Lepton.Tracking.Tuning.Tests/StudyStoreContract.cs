using System.Globalization;
using Lepton.Tracking.Testing;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tracking.Tuning.Tests;

/// <summary>
/// What every study store must do, with the same assertions for each: the in-memory reference, SQLite and
/// PostgreSQL. A derived class supplies a fresh store on a clock the test moves, and a second store on the same
/// data (another worker's view; the same object for the in-memory store).
/// </summary>
public abstract class StudyStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-05T10:00:00Z", CultureInfo.InvariantCulture);
    private readonly List<IStudyStore> opened = [];

    protected ManualClock Clock { get; } = new(Start);

    protected IStudyStore Store { get; private set; } = null!;

    /// <summary>A new store with nothing in it, on <see cref="Clock"/>.</summary>
    protected abstract Task<IStudyStore> CreateStoreAsync();

    /// <summary>Another store over the same data as <see cref="Store"/>, as a second worker process would open it.</summary>
    protected abstract Task<IStudyStore> OpenAgainAsync();

    public async Task InitializeAsync() => opened.Add(Store = await CreateStoreAsync());

    public async Task DisposeAsync()
    {
        foreach (var store in opened.Distinct())
        {
            if (store is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }

    private async Task<IStudyStore> SecondAsync()
    {
        var store = await OpenAgainAsync();
        opened.Add(store);
        return store;
    }

    internal static SearchSpace Space() => new SearchSpace()
        .Add("lr", new FloatDistribution(1e-4, 1, log: true))
        .Add("layers", new IntDistribution(1, 4));

    private Task<StudyInfo> OpenAsync(string name = "study") => Store.OpenStudyAsync(name, StudyDirection.Minimize, Space());

    /// <summary>Starts a trial in a study with no limit to speak of.</summary>
    private static async Task<TrialRecord> StartAsync(IStudyStore store, long studyId) =>
        await store.StartTrialAsync(studyId, int.MaxValue) ?? throw new InvalidOperationException("The store refused a trial below the limit.");

    [ContractFact]
    public async Task Trials_are_numbered_from_zero_in_the_order_they_start()
    {
        var study = await OpenAsync();
        var other = await OpenAsync("other");

        var first = await StartAsync(Store, study.Id);
        var elsewhere = await StartAsync(Store, other.Id);
        var second = await StartAsync(Store, study.Id);

        Assert.Equal((0, 1), (first.Number, second.Number));
        Assert.Equal(0, elsewhere.Number);
        Assert.Equal(TrialState.Running, first.State);
        Assert.Equal(Start, first.Started);
        Assert.Equal(Start, first.Heartbeat);
        Assert.Empty(first.Parameters);
        Assert.Equal([0, 1], (await Store.TrialsAsync(study.Id)).Select(t => t.Number));
        Assert.NotEqual(first.Id, second.Id);
    }

    [ContractFact]
    public async Task Trials_started_at_once_by_two_workers_get_every_number_once()
    {
        var study = await OpenAsync();
        var second = await SecondAsync();

        var started = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var numbers = new List<int>();
            for (var i = 0; i < 25; i++) numbers.Add((await StartAsync(w % 2 == 0 ? Store : second, study.Id)).Number);
            return numbers;
        })));

        Assert.Equal(Enumerable.Range(0, 200), started.SelectMany(n => n).Order());
        Assert.Equal(Enumerable.Range(0, 200), (await second.TrialsAsync(study.Id)).Select(t => t.Number));
    }

    [ContractFact]
    public async Task A_trial_starts_only_while_the_study_has_fewer_trials_than_the_limit()
    {
        var study = await OpenAsync();
        var other = await OpenAsync("other");

        var started = new List<TrialRecord?>();
        for (var i = 0; i < 4; i++) started.Add(await Store.StartTrialAsync(study.Id, 3));
        await Store.FinishTrialAsync(started[0]!.Id, TrialState.Failed, null, "boom");

        Assert.Equal([0, 1, 2], started.Take(3).Select(t => t!.Number));
        Assert.Null(started[3]);
        Assert.Null(await Store.StartTrialAsync(study.Id, 3)); // a failed trial still counts
        Assert.Equal(3, (await Store.StartTrialAsync(study.Id, 4))?.Number); // a higher limit goes on
        Assert.Equal(0, (await Store.StartTrialAsync(other.Id, 1))?.Number);
        Assert.Null(await Store.StartTrialAsync(other.Id, 0));
        Assert.Equal(4, (await Store.TrialsAsync(study.Id)).Count);
    }

    [ContractFact]
    public async Task Workers_starting_trials_at_once_never_start_more_than_the_limit()
    {
        var study = await OpenAsync();
        var second = await SecondAsync();

        var started = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var numbers = new List<int>();
            while (await (w % 2 == 0 ? Store : second).StartTrialAsync(study.Id, 30) is { } trial) numbers.Add(trial.Number);
            return numbers;
        })));

        Assert.Equal(Enumerable.Range(0, 30), started.SelectMany(n => n).Order());
        Assert.Equal(30, (await second.TrialsAsync(study.Id)).Count);
    }

    [ContractFact]
    public async Task A_start_and_a_report_read_the_study_back_in_the_same_call()
    {
        var study = await OpenAsync();
        var second = await SecondAsync();
        var first = await StartAsync(second, study.Id);
        await second.SetParametersAsync(first.Id, new Dictionary<string, double> { ["lr"] = 0.1, ["layers"] = 2 });

        var started = await Store.StartTrialAndReadAsync(study.Id, 2);
        var afterReport = await Store.ReportAndReadAsync(study.Id, started!.Trial.Id, 0, 0.5);
        await second.ReportAsync(first.Id, 0, 0.4);
        await second.FinishTrialAsync(first.Id, TrialState.Complete, 0.3);
        var afterFinish = await Store.ReportAndReadAsync(study.Id, first.Id, 1, 0.2); // too late: the trial is finished

        Assert.Equal(1, started.Trial.Number);
        Assert.Equal([0, 1], started.Trials.Select(t => t.Number));
        Assert.Equal(2, started.Trials[0].Parameters["layers"]);
        Assert.Equal(0.5, afterReport[1].Intermediate[0]);
        Assert.Equal((TrialState.Complete, 0.3), (afterFinish[0].State, afterFinish[0].Value));
        Assert.Equal([0], afterFinish[0].Intermediate.Keys);
        Assert.Null(await Store.StartTrialAndReadAsync(study.Id, 2));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.ReportAndReadAsync(study.Id, 999, 0, 1));
    }

    [ContractFact]
    public async Task A_trial_keeps_the_parameters_last_set_for_it()
    {
        var study = await OpenAsync();
        var trial = await StartAsync(Store, study.Id);

        await Store.SetParametersAsync(trial.Id, new Dictionary<string, double> { ["lr"] = 0.5, ["layers"] = 3 });
        await Store.SetParametersAsync(trial.Id, new Dictionary<string, double> { ["lr"] = 0.01, ["layers"] = 2 });

        var read = Assert.Single(await Store.TrialsAsync(study.Id));
        Assert.Equal(new Dictionary<string, double> { ["lr"] = 0.01, ["layers"] = 2 }, read.Parameters);
    }

    [ContractFact]
    public async Task A_repeated_step_keeps_its_first_value()
    {
        var study = await OpenAsync();
        var trial = await StartAsync(Store, study.Id);

        await Store.ReportAsync(trial.Id, 0, 0.9);
        await Store.ReportAsync(trial.Id, 1, 0.7);
        await Store.ReportAsync(trial.Id, 1, 0.1);
        await Store.ReportAsync(trial.Id, 2, double.NaN);

        var read = Assert.Single(await Store.TrialsAsync(study.Id));
        Assert.Equal([0, 1, 2], read.Intermediate.Keys.Order());
        Assert.Equal(0.9, read.Intermediate[0]);
        Assert.Equal(0.7, read.Intermediate[1]);
        Assert.True(double.IsNaN(read.Intermediate[2]));
        Assert.Equal(2, read.LastStep);
    }

    [ContractFact]
    public async Task Attributes_are_added_and_replaced_by_name()
    {
        var study = await OpenAsync();
        var trial = await StartAsync(Store, study.Id);

        await Store.SetAttributesAsync(trial.Id, new Dictionary<string, double> { ["rung_0"] = 0.5, ["rung_1"] = 0.4 });
        await Store.SetAttributesAsync(trial.Id, new Dictionary<string, double> { ["rung_1"] = 0.3, ["rung_2"] = 0.2 });

        var read = Assert.Single(await Store.TrialsAsync(study.Id));
        Assert.Equal(new Dictionary<string, double> { ["rung_0"] = 0.5, ["rung_1"] = 0.3, ["rung_2"] = 0.2 }, read.Attributes);
    }

    [ContractFact]
    public async Task A_trial_finishes_once_and_is_never_written_again()
    {
        var study = await OpenAsync();
        var trial = await StartAsync(Store, study.Id);
        await Store.SetParametersAsync(trial.Id, new Dictionary<string, double> { ["lr"] = 0.1, ["layers"] = 1 });
        await Store.ReportAsync(trial.Id, 0, 0.8);
        Clock.Now += TimeSpan.FromSeconds(3);

        Assert.True(await Store.FinishTrialAsync(trial.Id, TrialState.Complete, 0.25));
        Assert.False(await Store.FinishTrialAsync(trial.Id, TrialState.Failed, null, "too late"));
        await Store.SetParametersAsync(trial.Id, new Dictionary<string, double> { ["lr"] = 0.9 });
        await Store.ReportAsync(trial.Id, 1, 0.1);
        await Store.SetAttributesAsync(trial.Id, new Dictionary<string, double> { ["late"] = 1 });
        await Store.HeartbeatAsync(trial.Id);

        var read = Assert.Single(await Store.TrialsAsync(study.Id));
        Assert.Equal(TrialState.Complete, read.State);
        Assert.Equal(0.25, read.Value);
        Assert.Null(read.Error);
        Assert.Equal(Start + TimeSpan.FromSeconds(3), read.Finished);
        Assert.Equal(Start, read.Heartbeat);
        Assert.Equal(0.1, read.Parameters["lr"]);
        Assert.Equal([0], read.Intermediate.Keys);
        Assert.Empty(read.Attributes);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FinishTrialAsync(trial.Id, TrialState.Running, null));
    }

    [ContractFact]
    public async Task Every_state_is_read_back_with_its_value_and_error()
    {
        var study = await OpenAsync();
        var ids = new List<long>();
        for (var i = 0; i < 4; i++) ids.Add((await StartAsync(Store, study.Id)).Id);

        await Store.FinishTrialAsync(ids[0], TrialState.Complete, 1.5);
        await Store.ReportAsync(ids[1], 3, 0.75);
        await Store.FinishTrialAsync(ids[1], TrialState.Pruned, 0.75);
        await Store.FinishTrialAsync(ids[2], TrialState.Failed, null, "ValueError: bad");

        var read = await Store.TrialsAsync(study.Id);
        Assert.Equal([TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Running], read.Select(t => t.State));
        Assert.Equal([1.5, 0.75, null, null], read.Select(t => t.Value));
        Assert.Equal("ValueError: bad", read[2].Error);
        Assert.Null(read[3].Finished);
    }

    [ContractFact]
    public async Task A_trial_whose_heartbeat_is_older_than_the_grace_period_is_failed()
    {
        var study = await OpenAsync();
        var dead = await StartAsync(Store, study.Id);
        var alive = await StartAsync(Store, study.Id);
        var done = await StartAsync(Store, study.Id);
        await Store.FinishTrialAsync(done.Id, TrialState.Complete, 1);
        var grace = TimeSpan.FromSeconds(20);

        Clock.Now += TimeSpan.FromSeconds(15);
        await Store.HeartbeatAsync(alive.Id);
        Assert.Equal(0, await Store.FailStaleTrialsAsync(study.Id, grace));
        Clock.Now += TimeSpan.FromSeconds(10);

        Assert.Equal(1, await Store.FailStaleTrialsAsync(study.Id, grace));
        Assert.Equal(0, await Store.FailStaleTrialsAsync(study.Id, grace));
        var read = await (await SecondAsync()).TrialsAsync(study.Id);
        Assert.Equal([TrialState.Failed, TrialState.Running, TrialState.Complete], read.Select(t => t.State));
        Assert.Contains("no heartbeat since 2026-12-05 10:00:00Z", read[0].Error, StringComparison.Ordinal);
        Assert.Equal(Clock.Now, read[0].Finished);
        Assert.Equal(Start + TimeSpan.FromSeconds(15), read[1].Heartbeat);
        // The dead worker, were it to wake, changes nothing.
        Assert.False(await Store.FinishTrialAsync(dead.Id, TrialState.Complete, 0));
    }

    [ContractFact]
    public async Task A_study_reopens_with_its_settings_and_refuses_others_by_name()
    {
        var study = await OpenAsync("tune-mlp");
        await StartAsync(Store, study.Id);

        var again = await (await SecondAsync()).OpenStudyAsync("tune-mlp", StudyDirection.Minimize, Space());
        var found = await Store.FindStudyAsync("tune-mlp");
        var otherSpace = await Assert.ThrowsAsync<StudyMismatchException>(() =>
            Store.OpenStudyAsync("tune-mlp", StudyDirection.Minimize, new SearchSpace().Add("lr", new FloatDistribution(1e-4, 1, log: true))));
        var otherGoal = await Assert.ThrowsAsync<StudyMismatchException>(() => Store.OpenStudyAsync("tune-mlp", StudyDirection.Maximize, Space()));

        Assert.Equal(study.Id, again.Id);
        Assert.Equal(study.Id, found?.Id);
        Assert.Equal(StudyDirection.Minimize, found?.Direction);
        Assert.True(found?.Space.SameAs(Space()));
        Assert.Equal(Start, found?.Created);
        Assert.Null(await Store.FindStudyAsync("nope"));
        Assert.Contains("'tune-mlp'", otherSpace.Message, StringComparison.Ordinal);
        Assert.Contains("search space", otherSpace.Message, StringComparison.Ordinal);
        Assert.Contains("'tune-mlp'", otherGoal.Message, StringComparison.Ordinal);
        Assert.Contains("maximize", otherGoal.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task A_second_worker_sees_every_change_the_first_makes()
    {
        var study = await OpenAsync();
        var second = await SecondAsync();
        var a = await StartAsync(Store, study.Id);
        Assert.Single(await second.TrialsAsync(study.Id)); // the second worker has now seen trial 0 running

        await Store.SetParametersAsync(a.Id, new Dictionary<string, double> { ["lr"] = 0.1, ["layers"] = 2 });
        await Store.ReportAsync(a.Id, 0, 0.5);
        var b = await StartAsync(Store, study.Id);
        Assert.Equal(0.5, (await second.TrialsAsync(study.Id))[0].Intermediate[0]);
        await Store.FinishTrialAsync(a.Id, TrialState.Complete, 0.4);
        await Store.ReportAsync(b.Id, 0, 0.6);

        var read = await second.TrialsAsync(study.Id);
        Assert.Equal([TrialState.Complete, TrialState.Running], read.Select(t => t.State));
        Assert.Equal(0.4, read[0].Value);
        Assert.Equal(2, read[0].Parameters["layers"]);
        Assert.Equal(0.6, read[1].Intermediate[0]);
        Assert.Equal(read.Select(t => (t.Id, t.State, t.Value)), (await Store.TrialsAsync(study.Id)).Select(t => (t.Id, t.State, t.Value)));
    }

    [ContractFact]
    public async Task Unknown_studies_and_trials_are_errors()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.StartTrialAsync(999, 10));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.TrialsAsync(999));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.FailStaleTrialsAsync(999, TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.ReportAsync(999, 0, 1));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.HeartbeatAsync(999));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.FinishTrialAsync(999, TrialState.Complete, 1));
    }
}

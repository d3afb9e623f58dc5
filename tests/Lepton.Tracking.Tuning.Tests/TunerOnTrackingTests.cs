using Lepton.Tuning;
using Lepton.Tuning.Studies;

namespace Lepton.Tracking.Tuning.Tests;

/// <summary>The tuner on the tracking database behaves as on the in-memory store, and a study resumes where it stopped.</summary>
public sealed class TunerOnTrackingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static Task<TuningResult> TuneAsync(IStudyStore store, int trials) =>
        new Tuner(new TunerOptions { Store = store, StudyName = "same", Trials = trials, Seed = 3 }).OptimizeAsync(StudyStoreContract.Space(), trial =>
        {
            var loss = Math.Abs(Math.Log10(trial.GetDouble("lr")) + 2) + (0.1 * trial.GetInt64("layers"));
            for (var epoch = 0; epoch < 4; epoch++)
            {
                trial.Report(epoch, loss + (1.0 / (epoch + 1)));
                trial.ThrowIfPruned();
            }

            return loss;
        });

    [Fact]
    public async Task The_same_seed_draws_the_same_trials_on_sqlite_as_in_memory_and_a_resumed_study_goes_on()
    {
        var memory = await TuneAsync(new InMemoryStudyStore(), 30);
        await using (var store = await TrackingStudyStore.OpenAsync(TrackingSettings.InFolder(folder.Path)))
        {
            await TuneAsync(store, 20);
        }

        TuningResult resumed;
        await using (var store = await TrackingStudyStore.OpenAsync(TrackingSettings.InFolder(folder.Path)))
        {
            resumed = await TuneAsync(store, 30);
        }

        Assert.Equal(10, resumed.Ran);
        Assert.Equal(memory.Trials.Select(t => (t.Number, t.State, t.Value)), resumed.Trials.Select(t => (t.Number, t.State, t.Value)));
        Assert.Equal(memory.Trials.Select(t => t.Parameters.OrderBy(p => p.Key).ToList()), resumed.Trials.Select(t => t.Parameters.OrderBy(p => p.Key).ToList()));
        Assert.Equal(memory.Trials.Select(t => t.Intermediate.OrderBy(p => p.Key).ToList()), resumed.Trials.Select(t => t.Intermediate.OrderBy(p => p.Key).ToList()));
        Assert.Contains(resumed.Trials, t => t.State == TrialState.Pruned);
    }
}

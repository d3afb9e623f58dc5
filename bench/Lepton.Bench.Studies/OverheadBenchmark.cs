using System.Diagnostics;
using System.Text.Json.Nodes;
using Lepton.Tracking;
using Lepton.Tracking.Stores;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Studies;

namespace Lepton.Bench.Studies;

/// <summary>
/// What suggesting and recording one trial costs with <c>existing</c> finished trials in the study: start the trial,
/// read the study, draw parameters with the default TPE sampler, store them, report 3 values (each followed by the
/// read the pruner needs), finish. Also the cost of one full read with nothing cached (a worker's first read).
/// </summary>
internal static class OverheadBenchmark
{
    private const int Reports = 3;

    public static async Task<JsonObject> RunAsync(string label, TrackingSettings settings, int existing, int measured)
    {
        Console.WriteLine($"overhead on {label}: filling a study with {existing} finished trials…");
        await using var store = await TrackingStudyStore.OpenAsync(settings);
        var space = BenchSpace.Create();
        var study = await store.OpenStudyAsync($"overhead-{Guid.NewGuid():N}", StudyDirection.Minimize, space);
        var random = new Random(7);
        var fill = Stopwatch.StartNew();
        for (var i = 0; i < existing; i++)
        {
            var trial = await store.StartTrialAsync(study.Id);
            var p = space.ToDictionary(s => s.Name, s => s.Distribution.SampleUniform(random));
            await store.SetParametersAsync(trial.Id, p);
            for (var step = 0; step < 5; step++) await store.ReportAsync(trial.Id, step, BenchSpace.Curve(p, step));
            await store.FinishTrialAsync(trial.Id, TrialState.Complete, BenchSpace.Curve(p, 4));
        }

        fill.Stop();

        // A full read with nothing cached, as a new worker's first: a fresh study store over the same database each time.
        var metadata = await OpenMetadataAsync(settings);
        var cold = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var fresh = new TrackingStudyStore(metadata);
            var watch = Stopwatch.StartNew();
            var all = await fresh.TrialsAsync(study.Id);
            cold.Add(watch.Elapsed.TotalMilliseconds);
            if (all.Count != existing) throw new InvalidOperationException($"Read {all.Count} trials, expected {existing}.");
        }

        await metadata.DisposeAsync();

        var sampler = new TpeSampler(seed: 1);
        var phases = new Dictionary<string, List<double>>
        {
            ["start"] = [],
            ["read"] = [],
            ["sample"] = [],
            ["set_parameters"] = [],
            ["reports"] = [],
            ["finish"] = [],
            ["total"] = [],
        };
        await store.TrialsAsync(study.Id); // the worker's first read, measured above
        for (var i = 0; i < measured; i++)
        {
            var watch = Stopwatch.StartNew();
            var last = 0.0;
            void Lap(string phase)
            {
                var now = watch.Elapsed.TotalMilliseconds;
                phases[phase].Add(now - last);
                last = now;
            }

            var trial = await store.StartTrialAsync(study.Id);
            Lap("start");
            var trials = await store.TrialsAsync(study.Id);
            Lap("read");
            var p = sampler.Sample(new StudySnapshot(study, trials), trial);
            Lap("sample");
            await store.SetParametersAsync(trial.Id, p);
            Lap("set_parameters");
            for (var step = 0; step < Reports; step++)
            {
                await store.ReportAsync(trial.Id, step, BenchSpace.Curve(p, step));
                await store.TrialsAsync(study.Id); // what Trial.ReportAsync reads for the pruner
            }

            Lap("reports");
            await store.FinishTrialAsync(trial.Id, TrialState.Complete, BenchSpace.Curve(p, Reports - 1));
            Lap("finish");
            phases["total"].Add(watch.Elapsed.TotalMilliseconds);
        }

        var result = new JsonObject
        {
            ["store"] = label,
            ["existing_trials"] = existing,
            ["measured_trials"] = measured,
            ["reports_per_trial"] = Reports,
            ["fill_ms_per_trial"] = Math.Round(fill.Elapsed.TotalMilliseconds / existing, 3),
            ["cold_read_ms_median"] = Math.Round(Stats.Median(cold), 3),
        };
        foreach (var (phase, times) in phases)
        {
            result[$"{phase}_ms_median"] = Math.Round(Stats.Median(times), 3);
            result[$"{phase}_ms_p95"] = Math.Round(Stats.Percentile(times, 0.95), 3);
        }

        Console.WriteLine($"  {result.ToJsonString()}");
        return result;
    }

    private static Task<SqlMetadataStore> OpenMetadataAsync(TrackingSettings settings) => SqlMetadataStore.OpenAsync(settings);
}

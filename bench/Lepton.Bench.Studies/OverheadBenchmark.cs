using System.Diagnostics;
using System.Text.Json.Nodes;
using Lepton.Tracking;
using Lepton.Tracking.Stores;
using Lepton.Tuning;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Studies;

namespace Lepton.Bench.Studies;

/// <summary>
/// What suggesting and recording one trial costs with <c>existing</c> finished trials in the study: a real
/// <see cref="Tuner"/> (default TPE sampler, default median pruner, one trial at a time) runs <c>measured</c> more trials
/// of an objective that only reports 3 values (through <see cref="Trial.Report"/>, as <c>lepton tune</c>'s training
/// does) and returns; its store and sampler are timed call by call. Also the cost of one full read with nothing cached
/// (a worker's first read).
/// </summary>
internal static class OverheadBenchmark
{
    private const int Reports = 3;

    /// <summary>Trials run before the measured ones.</summary>
    private const int WarmUp = 20;

    /// <summary>The phases reported, in table order: the store's calls, then the sampler's draw.</summary>
    private static readonly string[] StorePhases = ["start", "read", "set_parameters", "report", "set_attributes", "finish", "heartbeat"];

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
            var trial = await store.StartTrialAsync(study.Id, int.MaxValue) ?? throw new InvalidOperationException("The store refused a trial.");
            var p = space.ToDictionary(s => s.Name, s => s.Distribution.SampleUniform(random));
            await store.SetParametersAsync(trial.Id, p);
            for (var step = 0; step < 5; step++) await store.ReportAsync(trial.Id, step, BenchSpace.Curve(p, step));
            await store.FinishTrialAsync(trial.Id, TrialState.Complete, BenchSpace.Curve(p, 4));
        }

        fill.Stop();

        // A full read with nothing cached, as a new worker's first: a fresh study store over the same database each time.
        var metadata = await SqlMetadataStore.OpenAsync(settings);
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

        // The tuner's first trials are run, not counted: the first also opens the study and reads all of it cold
        // (measured above), and the first few run before .NET has compiled the hot code fully.
        var phases = new TrialPhases();
        var finished = new List<double>();
        var clock = Stopwatch.StartNew();
        var tuner = new Tuner(new TunerOptions
        {
            Store = new TimedStudyStore(store, phases),
            StudyName = study.Name,
            Trials = existing + WarmUp + measured,
            Sampler = new TimedSampler(new TpeSampler(seed: 1), phases),
        });
        var result = await tuner.OptimizeAsync(space, trial =>
        {
            var p = space.ToDictionary(s => s.Name, s => s.Distribution.ToInternal(trial.Value(s.Name)) ?? 0);
            for (var step = 0; step < Reports; step++) trial.Report(step, BenchSpace.Curve(p, step));
            return BenchSpace.Curve(p, Reports - 1);
        }, new Progress(() => finished.Add(clock.Elapsed.TotalMilliseconds)));
        if (result.Ran != WarmUp + measured) throw new InvalidOperationException($"The tuner ran {result.Ran} trials, expected {WarmUp + measured}.");

        // Between two trials' ends: one whole trial, from its claim to its end.
        var totals = finished.Zip(finished.Skip(1), (a, b) => b - a).Skip(WarmUp - 1).ToList();
        var tallies = phases.Trials.Skip(WarmUp).ToList();
        double Ms(IReadOnlyDictionary<string, (double Ms, int Calls)> t, string phase) => t.TryGetValue(phase, out var v) ? v.Ms : 0;
        var storeMs = tallies.Select(t => StorePhases.Sum(p => Ms(t, p))).ToList();
        var other = tallies.Select((t, i) => totals[i] - storeMs[i] - Ms(t, "sample")).ToList();
        var json = new JsonObject
        {
            ["store"] = label,
            ["existing_trials"] = existing,
            ["measured_trials"] = measured,
            ["warm_up_trials"] = WarmUp,
            ["reports_per_trial"] = Reports,
            ["pruner"] = tuner.Pruner.GetType().Name,
            ["pruned"] = result.Count(TrialState.Pruned),
            ["fill_ms_per_trial"] = Math.Round(fill.Elapsed.TotalMilliseconds / existing, 3),
            ["cold_read_ms_median"] = Math.Round(Stats.Median(cold), 3),
            ["total_ms_median"] = Math.Round(Stats.Median(totals), 3),
            ["total_ms_p95"] = Math.Round(Stats.Percentile(totals, 0.95), 3),
            ["store_ms_median"] = Math.Round(Stats.Median(storeMs), 3),
            ["other_ms_median"] = Math.Round(Stats.Median(other), 3),
        };
        foreach (var phase in StorePhases.Append("sample"))
        {
            json[$"{phase}_ms_median"] = Math.Round(Stats.Median(tallies.Select(t => Ms(t, phase)).ToList()), 3);
            json[$"{phase}_calls_per_trial"] = Math.Round(tallies.Average(t => t.TryGetValue(phase, out var v) ? v.Calls : 0), 2);
        }

        if (settings.Kind == StoreKind.Postgres) json["round_trip_ms_median"] = Math.Round(await RoundTripAsync(settings.TrackingUri), 3);
        Console.WriteLine($"  {json.ToJsonString()}");
        return json;
    }

    /// <summary>The median time of <c>SELECT 1</c> on a pooled connection: one round trip to the server, in this run's conditions.</summary>
    private static async Task<double> RoundTripAsync(string connection)
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(connection);
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            await using var open = await source.OpenConnectionAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT 1", open);
            var watch = Stopwatch.StartNew();
            await command.ExecuteScalarAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Stats.Median(times.Skip(20).ToList());
    }

    /// <summary>Told of each finished trial on the tuner's own thread.</summary>
    private sealed class Progress(Action finished) : IProgress<TrialRecord>
    {
        public void Report(TrialRecord value) => finished();
    }
}

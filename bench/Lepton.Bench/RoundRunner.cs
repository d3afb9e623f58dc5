using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Lepton.Bench;

/// <summary>
/// The measuring protocol shared by the benchmarks: one discarded warm-up round per loop, then rounds in which
/// every loop runs once, in an order that reverses each round so no loop always goes first.
/// </summary>
internal static class RoundRunner
{
    public static Dictionary<string, List<Measurement>> Run(IReadOnlyList<ITrainingLoop> loops, int rounds, long samplesPerRound)
    {
        foreach (var loop in loops) Print("warm-up", loop, Measure(loop, samplesPerRound));
        var measured = loops.ToDictionary(l => l.Key, _ => new List<Measurement>());
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? loops : loops.Reverse().ToArray();
            foreach (var loop in order)
            {
                var m = Measure(loop, samplesPerRound);
                measured[loop.Key].Add(m);
                Print($"round {round + 1}", loop, m);
            }
        }
        return measured;
    }

    /// <summary>The JSON summary of one loop's rounds.</summary>
    public static JsonObject Summarize(ITrainingLoop loop, List<Measurement> rounds, int batch)
    {
        var median = Measurement.Median(rounds);
        return new JsonObject
        {
            ["description"] = loop.Description,
            ["samples_per_second_median"] = Math.Round(median, 1),
            ["steps_per_second_median"] = Math.Round(median / batch, 2),
            ["peak_rss_mib"] = rounds.Max(r => r.PeakRssMib),
            ["rounds"] = new JsonArray(rounds.Select(r => (JsonNode)new JsonObject
            {
                ["seconds"] = Math.Round(r.Seconds, 4),
                ["samples_per_second"] = Math.Round(r.SamplesPerSecond, 1),
                ["loss"] = Math.Round(r.Outcome.Loss, 5),
                ["accuracy"] = Math.Round(r.Outcome.Accuracy, 5),
                ["peak_rss_mib"] = r.PeakRssMib,
            }).ToArray()),
        };
    }

    private static Measurement Measure(ITrainingLoop loop, long samplesPerRound)
    {
        // Start every round from the same managed-heap state, so one loop's garbage is not collected on another's clock.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        PeakMemory.TryReset();
        var clock = Stopwatch.StartNew();
        var outcome = loop.Run();
        clock.Stop();
        if (outcome.Samples != samplesPerRound)
            throw new InvalidOperationException($"The {loop.Key} loop trained {outcome.Samples} examples instead of {samplesPerRound}.");
        return new Measurement(clock.Elapsed.TotalSeconds, outcome, PeakMemory.PeakMib());
    }

    private static void Print(string label, ITrainingLoop loop, Measurement m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-8} {loop.Key,-22} {m.SamplesPerSecond,8:0} samples/s  {m.Seconds,6:0.00}s  loss {m.Outcome.Loss:0.0000}  accuracy {m.Outcome.Accuracy:0.0000}  peak RSS {m.PeakRssMib:0} MiB"));
}

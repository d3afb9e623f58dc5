using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Datasets;

namespace Lepton.Bench;

/// <summary>
/// <c>throughput</c>: Lepton's Fit against the hand-written TorchSharp loop, in one process, interleaved round by
/// round (alternating which goes first) after one discarded warm-up round each; the median samples/s decides.
/// </summary>
internal static class ThroughputCommand
{
    public static Command Create(string[] args)
    {
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds per loop (after one warm-up round each).", DefaultValueFactory = _ => 9 };
        var steps = new Option<int>("--steps") { Description = "Training steps per round.", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batch") { Description = "Examples per step.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads for both loops.", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "Seed for weights and shuffling.", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Write the results to this JSON file." };
        var command = new Command("throughput", "Training samples/s: Lepton's Fit against a hand-written TorchSharp loop, same model, same process.")
        {
            rounds, steps, batch, threads, seed, json,
        };
        command.SetAction(result => Run(
            new Settings(result.GetValue(rounds), result.GetValue(steps), result.GetValue(batch), result.GetValue(threads), result.GetValue(seed), result.GetValue(json)),
            args));
        return command;
    }

    private sealed record Settings(int Rounds, int Steps, int Batch, int Threads, long Seed, string? Json);

    private static int Run(Settings settings, string[] args)
    {
        if (settings.Rounds < 1 || settings.Steps < 1 || settings.Batch < 1 || settings.Threads < 1)
            throw new ArgumentException("--rounds, --steps, --batch and --threads must all be at least 1.");
        LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Cpu, Threads = settings.Threads, Seed = settings.Seed });

        var (train, test) = FashionMnist.Load();
        test.Dispose();
        using var trainSet = train;
        if ((long)settings.Steps * settings.Batch > train.Count)
            throw new ArgumentException($"--steps {settings.Steps} × --batch {settings.Batch} is more than the {train.Count:N0} training images; Lepton's round is one epoch over that many.");

        using var raw = new RawTorchSharpLoop(train.Input(), train.Target!, settings.Steps, settings.Batch);
        using var lepton = new LeptonFitLoop(train, settings.Steps, settings.Batch);
        ITrainingLoop[] loops = [raw, lepton];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {settings.Rounds} rounds × {settings.Steps} steps × batch {settings.Batch}, {LeptonRuntime.Threads} threads, after 1 warm-up round each"));

        var measured = RoundRunner.Run(loops, settings.Rounds, (long)settings.Steps * settings.Batch);

        var variants = new JsonObject();
        foreach (var loop in loops) variants[loop.Key] = RoundRunner.Summarize(loop, measured[loop.Key], settings.Batch);
        // Each round runs both loops back to back, so the ratio within a round cancels the machine's slow drifts
        // (other tenants, clock changes) that the medians of the two loops taken apart would carry.
        var perRound = measured["lepton"].Zip(measured["torchsharp"], (l, r) => l.SamplesPerSecond / r.SamplesPerSecond).ToList();
        var ratio = perRound.Order().ElementAt(perRound.Count / 2);
        if (perRound.Count % 2 == 0) ratio = (ratio + perRound.Order().ElementAt(perRound.Count / 2 - 1)) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median samples/s: TorchSharp {Measurement.Median(measured["torchsharp"]):0}, Lepton {Measurement.Median(measured["lepton"]):0}; per-round Lepton/TorchSharp {string.Join(", ", perRound.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))}; median {ratio:0.000} (goal ≥ 0.97)"));

        if (settings.Json is { } path)
        {
            ResultFile.WriteJson(path, new JsonObject
            {
                ["benchmark"] = "throughput",
                ["recorded_at"] = ResultFile.RecordedAt(),
                ["command"] = ResultFile.Command(args),
                ["settings"] = new JsonObject
                {
                    ["rounds"] = settings.Rounds,
                    ["steps"] = settings.Steps,
                    ["batch"] = settings.Batch,
                    ["threads"] = LeptonRuntime.Threads,
                    ["seed"] = settings.Seed,
                    ["warmup_rounds"] = 1,
                    ["protocol"] = "one process; rounds interleaved, alternating which loop goes first; ratio = median of the per-round Lepton/TorchSharp ratios",
                },
                ["machine"] = MachineInfo.Collect(),
                ["variants"] = variants,
                ["ratio_lepton_to_torchsharp"] = Math.Round(ratio, 4),
                ["ratio_per_round"] = new JsonArray(perRound.Select(x => (JsonNode?)JsonValue.Create(Math.Round(x, 4))).ToArray()),
            });
            Console.WriteLine($"wrote {path}");
        }
        return 0;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Datasets;

namespace Lepton.Bench;

/// <summary>
/// <c>breakdown</c>: where Fit's time goes. The hand-written TorchSharp loop and Fit, with the steps in between:
/// Lepton's DataLoader without and with its prefetch thread, then Lepton's layers, loss and metric on top.
/// Same protocol as <c>throughput</c>.
/// </summary>
internal static class BreakdownCommand
{
    public static Command Create(string[] args)
    {
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds per loop (after one warm-up round each).", DefaultValueFactory = _ => 5 };
        var steps = new Option<int>("--steps") { Description = "Training steps per round.", DefaultValueFactory = _ => 300 };
        var batch = new Option<int>("--batch") { Description = "Examples per step.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads.", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "Seed for weights and shuffling.", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Write the results to this JSON file." };
        var command = new Command("breakdown", "Where Fit's time goes: the TorchSharp loop with Lepton's DataLoader, layers, loss and metric swapped in one by one.")
        {
            rounds, steps, batch, threads, seed, json,
        };
        command.SetAction(result => Run(result.GetValue(rounds), result.GetValue(steps), result.GetValue(batch), result.GetValue(threads), result.GetValue(seed), result.GetValue(json), args));
        return command;
    }

    private static int Run(int rounds, int steps, int batch, int threads, long seed, string? json, string[] args)
    {
        if (rounds < 1 || steps < 1 || batch < 1 || threads < 1)
            throw new ArgumentException("--rounds, --steps, --batch and --threads must all be at least 1.");
        LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Cpu, Threads = threads, Seed = seed });
        var (train, test) = FashionMnist.Load();
        test.Dispose();
        using var trainSet = train;
        if ((long)steps * batch > train.Count)
            throw new ArgumentException($"--steps {steps} × --batch {batch} is more than the {train.Count:N0} training images.");

        ITrainingLoop[] loops =
        [
            new RawTorchSharpLoop(train.Input(), train.Target!, steps, batch),
            new FitPartsLoop(train, steps, batch, prefetch: 0, leptonParts: false),
            new FitPartsLoop(train, steps, batch, prefetch: 2, leptonParts: false),
            new FitPartsLoop(train, steps, batch, prefetch: 0, leptonParts: true),
            new FitPartsLoop(train, steps, batch, prefetch: 2, leptonParts: true),
            new LeptonFitLoop(train, steps, batch),
        ];
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"breakdown: {rounds} rounds × {steps} steps × batch {batch}, {LeptonRuntime.Threads} threads, {loops.Length} loops"));
            var measured = RoundRunner.Run(loops, rounds, (long)steps * batch);
            var baseline = Measurement.Median(measured[loops[0].Key]);
            var variants = new JsonObject();
            foreach (var loop in loops)
            {
                var summary = RoundRunner.Summarize(loop, measured[loop.Key], batch);
                summary["relative_to_torchsharp"] = Math.Round(Measurement.Median(measured[loop.Key]) / baseline, 4);
                variants[loop.Key] = summary;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {loop.Key,-22} median {Measurement.Median(measured[loop.Key]),8:0} samples/s  {Measurement.Median(measured[loop.Key]) / baseline:0.000} of the TorchSharp loop"));
            }
            if (json is not null)
            {
                ResultFile.WriteJson(json, new JsonObject
                {
                    ["benchmark"] = "breakdown",
                    ["recorded_at"] = ResultFile.RecordedAt(),
                    ["command"] = ResultFile.Command(args),
                    ["settings"] = new JsonObject
                    {
                        ["rounds"] = rounds,
                        ["steps"] = steps,
                        ["batch"] = batch,
                        ["threads"] = LeptonRuntime.Threads,
                        ["seed"] = seed,
                        ["warmup_rounds"] = 1,
                    },
                    ["machine"] = MachineInfo.Collect(),
                    ["variants"] = variants,
                });
                Console.WriteLine($"wrote {json}");
            }
        }
        finally
        {
            foreach (var loop in loops) loop.Dispose();
        }
        return 0;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Datasets;
using Lepton.Tracking;
using Lepton.Tracking.Artifacts;
using Lepton.Tracking.Stores;
using Npgsql;

namespace Lepton.Bench;

/// <summary>
/// <c>tracking</c>: what recording costs. Fit with autolog against Fit without, interleaved round by round in one
/// process; metric points per second into SQLite and PostgreSQL, batched against one point per write.
/// </summary>
internal static class TrackingCommand
{
    public static Command Create(string[] args)
    {
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds per variant (after one warm-up round each).", DefaultValueFactory = _ => 9 };
        var steps = new Option<int>("--steps") { Description = "Training steps per Fit round (one epoch).", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batch") { Description = "Examples per step.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads.", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "Seed for weights and shuffling.", DefaultValueFactory = _ => 1 };
        var points = new Option<int>("--points") { Description = "Metric points per batched logging round.", DefaultValueFactory = _ => 200_000 };
        var single = new Option<int>("--single-points") { Description = "Metric points per one-per-write logging round.", DefaultValueFactory = _ => 2_000 };
        var logRounds = new Option<int>("--logging-rounds") { Description = "Rounds of the logging measurement per store.", DefaultValueFactory = _ => 5 };
        var postgres = new Option<string?>("--postgres") { Description = "A PostgreSQL server's connection string (a database is created in it); bench/run.sh starts one." };
        var json = new Option<string?>("--json") { Description = "Write the results to this JSON file." };
        var command = new Command("tracking", "Fit with autolog vs without, and metric logging throughput into SQLite and PostgreSQL.")
        {
            rounds, steps, batch, threads, seed, points, single, logRounds, postgres, json,
        };
        command.SetAction(result => Run(
            new Settings(result.GetValue(rounds), result.GetValue(steps), result.GetValue(batch), result.GetValue(threads), result.GetValue(seed),
                result.GetValue(points), result.GetValue(single), result.GetValue(logRounds), result.GetValue(postgres), result.GetValue(json)),
            args));
        return command;
    }

    private sealed record Settings(int Rounds, int Steps, int Batch, int Threads, long Seed, int Points, int SinglePoints, int LoggingRounds, string? Postgres, string? Json);

    private static int Run(Settings settings, string[] args)
    {
        if (settings.Rounds < 1 || settings.Steps < 1 || settings.Batch < 1 || settings.Threads < 1 || settings.Points < 1 || settings.SinglePoints < 1 || settings.LoggingRounds < 1)
            throw new ArgumentException("--rounds, --steps, --batch, --threads, --points, --single-points and --logging-rounds must all be at least 1.");
        LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Cpu, Threads = settings.Threads, Seed = settings.Seed });
        var folder = Directory.CreateTempSubdirectory("lepton-bench-tracking-").FullName;
        try
        {
            var logging = new JsonObject();
            Console.WriteLine($"logging throughput: {settings.LoggingRounds} rounds of {settings.Points:N0} batched and {settings.SinglePoints:N0} one-per-write points per store");
            using (var sqlite = Open(SqliteMetadataStore.OpenAsync(Path.Combine(folder, "logging.db")).GetAwaiter().GetResult(), folder))
            {
                logging["sqlite"] = LoggingThroughput.Measure(sqlite.Client, "sqlite", settings.Points, settings.SinglePoints, settings.LoggingRounds);
            }

            if (settings.Postgres is { } server)
            {
                using var pg = Open(PostgresMetadataStore.OpenAsync(BenchDatabase.CreatePostgres(server)).GetAwaiter().GetResult(), folder);
                logging["postgres"] = LoggingThroughput.Measure(pg.Client, "postgres", settings.Points, settings.SinglePoints, settings.LoggingRounds);
            }
            else
            {
                Console.WriteLine("  postgres: skipped (no --postgres)");
            }

            var http = HttpHistoryRead.Measure(folder, points: 100_000, settings.LoggingRounds);
            var fit = MeasureFit(settings, folder);
            if (settings.Json is { } path)
            {
                ResultFile.WriteJson(path, new JsonObject
                {
                    ["benchmark"] = "tracking",
                    ["recorded_at"] = ResultFile.RecordedAt(),
                    ["command"] = ResultFile.Command(args),
                    ["settings"] = new JsonObject
                    {
                        ["rounds"] = settings.Rounds,
                        ["steps"] = settings.Steps,
                        ["batch"] = settings.Batch,
                        ["threads"] = LeptonRuntime.Threads,
                        ["seed"] = settings.Seed,
                        ["protocol"] = "one process; Fit rounds interleaved, alternating which goes first, one warm-up each; ratio = median of per-round tracked/untracked samples/s",
                    },
                    ["machine"] = MachineInfo.Collect(),
                    ["fit"] = fit,
                    ["logging"] = logging,
                    ["http"] = http,
                });
                Console.WriteLine($"wrote {path}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject MeasureFit(Settings settings, string folder)
    {
        var (train, test) = FashionMnist.Load();
        test.Dispose();
        using var trainSet = train;
        using var tracking = Open(SqliteMetadataStore.OpenAsync(Path.Combine(folder, "fit.db")).GetAwaiter().GetResult(), folder);
        using var plain = new LeptonFitLoop(train, settings.Steps, settings.Batch);
        using var tracked = new TrackedFitLoop(train, settings.Steps, settings.Batch, tracking.Client);
        ITrainingLoop[] loops = [plain, tracked];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fit overhead: {settings.Rounds} rounds × {settings.Steps} steps × batch {settings.Batch}, {LeptonRuntime.Threads} threads"));
        var measured = RoundRunner.Run(loops, settings.Rounds, (long)settings.Steps * settings.Batch);
        var perRound = measured["lepton_tracked"].Zip(measured["lepton"], (t, p) => t.SamplesPerSecond / p.SamplesPerSecond).ToList();
        var ratio = LoggingThroughput.Median(perRound);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per-round tracked/untracked {string.Join(", ", perRound.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))}; median {ratio:0.000} (goal ≥ 0.98)"));
        var variants = new JsonObject();
        foreach (var loop in loops) variants[loop.Key] = RoundRunner.Summarize(loop, measured[loop.Key], settings.Batch);
        return new JsonObject
        {
            ["variants"] = variants,
            ["ratio_tracked_to_untracked"] = Math.Round(ratio, 4),
            ["ratio_per_round"] = new JsonArray(perRound.Select(x => (JsonNode?)JsonValue.Create(Math.Round(x, 4))).ToArray()),
        };
    }


    private static OpenStore Open(IMetadataStore store, string folder) => new(new TrackingClient(store, new LocalArtifactStore(Path.Combine(folder, "artifacts"))));

    private sealed record OpenStore(TrackingClient Client) : IDisposable
    {
        public void Dispose() => Client.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

using System.Globalization;
using Lepton.Tracking;
using Lepton.Tuning;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Spaces;

// Usage: study TRACKING_URI TRIALS HEARTBEAT_MS — runs a tuning study of cheap trials (5 reports, 4 ms apart) until it has
//                                    TRIALS trials, with the other workers on the same database; prints "ran N"
//        hang TRACKING_URI         — starts one trial, prints "running NUMBER" and never finishes it (killed by the test);
//                                    heartbeats every 200 ms
// Both use the study "shared", minimizing (x - 2)² + y over x in [-5, 5], y in [0, 1].
if (args.Length < 2) return 2;
var settings = new TrackingSettings(args[1], Path.Combine(Path.GetTempPath(), "lepton-unused-artifacts"));
await using var store = await TrackingStudyStore.OpenAsync(settings);
var space = new SearchSpace().Add("x", new FloatDistribution(-5, 5)).Add("y", new FloatDistribution(0, 1));
switch (args[0])
{
    case "study":
        var trials = int.Parse(args[2], CultureInfo.InvariantCulture);
        var tuner = new Tuner(new TunerOptions
        {
            Store = store,
            StudyName = "shared",
            Trials = trials,
            Seed = Environment.ProcessId,
            HeartbeatInterval = TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture)),
            Pruner = new NoPruner(),
        });
        var result = await tuner.OptimizeAsync(space, async (trial, token) =>
        {
            var x = trial.GetDouble("x");
            var y = trial.GetDouble("y");
            for (var step = 0; step < 5; step++)
            {
                await Task.Delay(4, token); // an epoch's worth of work, so the workers' trials overlap even when one starts late
                await trial.ReportAsync(step, ((x - 2) * (x - 2)) + y + (1.0 / (step + 1)), token);
            }

            return ((x - 2) * (x - 2)) + y;
        });
        Console.WriteLine($"ran {result.Ran}");
        return 0;
    case "hang":
        var hanging = new Tuner(new TunerOptions
        {
            Store = store,
            StudyName = "shared",
            Trials = 1_000,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            Pruner = new NoPruner(),
        });
        await hanging.OptimizeAsync(space, async (trial, token) =>
        {
            await trial.ReportAsync(0, 1.0, token);
            Console.WriteLine($"running {trial.Number}");
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        });
        return 1;
    default:
        return 2;
}

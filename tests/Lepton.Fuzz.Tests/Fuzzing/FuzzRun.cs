using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>
/// Runs a target on generated inputs for a bounded time: each case must finish within a timeout (a hang is a finding
/// too) and end as the target documents. Prints how many cases ran, so the figures can be quoted; setting
/// <c>LEPTON_FUZZ_SCALE</c> (e.g. 10) runs every target that many times longer.
/// </summary>
internal static class FuzzRun
{
    private static readonly double Scale =
        double.TryParse(Environment.GetEnvironmentVariable("LEPTON_FUZZ_SCALE"), CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1;

    public static void Sample<T>(FuzzTarget target, Gen<T> gen, Func<T, byte[]> input, double seconds, ITestOutputHelper output, TimeSpan? timeout = null)
        where T : notnull
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        long accepted = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        gen.Sample(mutant =>
        {
            var bytes = input(mutant);
            var run = Task.Run(() => target.Check(bytes));
            if (!run.Wait(limit)) throw new TimeoutException($"{target.Name} did not finish within {limit.TotalSeconds:0.#} s on a {bytes.Length}-byte input.");
            if (run.Result) Interlocked.Increment(ref accepted);
            else Interlocked.Increment(ref refused);
        }, time: Math.Max(1, (int)Math.Round(seconds * Scale)), threads: 1, iter: long.MaxValue, print: m => m.ToString() ?? "");
        var total = accepted + refused;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"fuzz {target.Name}: {total} executions in {clock.Elapsed.TotalSeconds:0.0} s ({total / clock.Elapsed.TotalSeconds:0}/s), {accepted} accepted, {refused} refused as documented, 0 findings");
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("LEPTON_FUZZ_REPORT") is { Length: > 0 } report) File.AppendAllLines(report, [line]);
    }

    /// <summary>Mutants of the committed corpus of <paramref name="target"/>.</summary>
    public static void Corpus(FuzzTarget target, double seconds, ITestOutputHelper output, TimeSpan? timeout = null)
    {
        var seeds = Fuzzing.Corpus.Seeds(target.Name);
        Sample(target, Mutations.Of(seeds.Count), m => m.Apply(seeds), seconds, output, timeout);
    }
}

using Lepton;
using Lepton.Fuzz.Tests.Fuzzing;
using SharpFuzz;

// lepton-bench-fuzz TARGET                 run under afl-fuzz (bench/fuzz.sh): one input per execution from afl
// lepton-bench-fuzz TARGET --replay FILE…  run saved inputs (afl's crashes/) and print how each one ends
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine($"usage: lepton-bench-fuzz TARGET [--replay FILE...]\ntargets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return args.Length == 0 ? 2 : 0;
}

var target = FuzzTargets.Named(args[0]);
if (args.Length > 1 && args[1] == "--replay")
{
    LeptonRuntime.EnsureNative();
    var failed = 0;
    foreach (var file in args.Skip(2))
    {
        try
        {
            Console.WriteLine($"{file}: {(target.Check(File.ReadAllBytes(file)) ? "accepted" : "refused as documented")}");
        }
        catch (UndocumentedFailureException e)
        {
            failed++;
            Console.WriteLine($"{file}: FINDING {e.InnerException}");
        }
    }
    return failed == 0 ? 0 : 1;
}

// An undocumented exception escapes the action: afl-fuzz records the input as a crash. No instrumented code may run
// before the fork server has set up afl's coverage map, so even loading the engine happens inside the action.
Fuzzer.OutOfProcess.Run(stream =>
{
    LeptonRuntime.EnsureNative();
    using var input = new MemoryStream();
    stream.CopyTo(input);
    target.Check(input.ToArray());
});
return 0;

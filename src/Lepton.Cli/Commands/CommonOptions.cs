using System.CommandLine;

namespace Lepton.Cli.Commands;

/// <summary>Options several commands share: threads and seed.</summary>
internal sealed class CommonOptions
{
    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for the engine (default: one per core)." };

    public Option<long?> Seed { get; } = new("--seed") { Description = "Seed every random generator so the run can be reproduced." };

    public void AddTo(Command command)
    {
        command.Options.Add(Threads);
        command.Options.Add(Seed);
    }

    public void Apply(ParseResult result)
    {
        var threads = result.GetValue(Threads);
        if (threads is < 1) throw new CliException($"--threads must be at least 1, not {threads}.");
        LeptonRuntime.Initialize(new RuntimeOptions { Threads = threads, Seed = result.GetValue(Seed), Device = ComputeDevice.Auto });
    }
}

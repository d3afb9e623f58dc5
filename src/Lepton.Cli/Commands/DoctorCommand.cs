using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton doctor</c>: how the engine loaded on this machine, and a tiny training run that proves it works.</summary>
internal static class DoctorCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var common = new CommonOptions();
        var command = new Command("doctor", "Show how Lepton's engine loaded here (device, threads, native fix) and check that it trains.");
        common.AddTo(command);
        command.SetAction(result =>
        {
            common.Apply(result);
            var table = new Table().AddColumn("What").AddColumn("Value");
            foreach (var (key, value) in LeptonRuntime.Describe()) table.AddRow(Markup.Escape(key), Markup.Escape(value));
            console.Write(table);

            var (first, last) = TrainTinyModel();
            var ok = last < first;
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"engine check: {(ok ? "[green]ok[/]" : "[red]failed[/]")} (a linear model's loss went {first:0.0000} -> {last:0.0000} in 50 steps)"));
            return ok ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static (float First, float Last) TrainTinyModel()
    {
        using var scope = NewDisposeScope();
        var x = randn(256, 8);
        var y = x.matmul(randn(8, 1));
        var layer = nn.Linear(8, 1);
        var optimizer = optim.Adam(layer.parameters(), 0.05);
        float first = 0, last = 0;
        for (var step = 0; step < 50; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = (layer.call(x) - y).pow(2).mean();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }
        return (first, last);
    }
}

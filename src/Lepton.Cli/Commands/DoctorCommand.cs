using System.CommandLine;
using System.Globalization;
using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
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

            var check = TrainTinyModel();
            var ok = check.Last < check.First && double.IsFinite(check.Evaluated);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"engine check: {(ok ? "[green]ok[/]" : "[red]failed[/]")} (Sequential(Dense(1)) with Compile/Fit: mean squared error {check.First:0.0000} -> {check.Last:0.0000} in {check.Epochs} epochs, Evaluate {check.Evaluated:0.0000})"));
            return ok ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private sealed record TrainingCheck(double First, double Last, int Epochs, double Evaluated);

    /// <summary>Fits a linear model to a random linear target through Lepton's own Sequential, Compile, Fit and Evaluate.</summary>
    private static TrainingCheck TrainTinyModel()
    {
        using var data = LinearData();
        using var model = new Sequential(new Shape(8), new Dense(1));
        model.Compile(new Adam(0.05), new MeanSquaredError());
        var history = model.Fit(data, epochs: 5, batchSize: 32, verbose: Verbosity.Silent);
        var loss = history["loss"];
        return new TrainingCheck(loss[0], loss[^1], loss.Count, model.Evaluate(data)["loss"]);
    }

    private static TensorDataset LinearData()
    {
        using var scope = NewDisposeScope();
        var x = randn(256, 8);
        var y = x.matmul(randn(8, 1));
        return new TensorDataset(x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }
}

using Lepton.Cli.Commands.Training;
using Lepton.Nn.Callbacks;
using Spectre.Console.Testing;

namespace Lepton.Cli.Tests.Training;

public sealed class EpochProgressTests
{
    [Fact]
    public void On_a_terminal_the_epochs_redraw_one_line_with_the_validation_score_and_the_best_so_far()
    {
        var console = new TestConsole().Interactive().EmitAnsiSequences();
        var progress = new EpochProgress(console);
        progress.OnTrainBegin(new TrainingInfo(10, 3, 90, 10, ["accuracy"], 32));
        progress.OnEpochEnd(0, new Dictionary<string, double> { ["loss"] = 0.9, ["val_loss"] = 0.8, ["val_accuracy"] = 0.75 });
        Assert.Contains("\repoch 1/10 ━━", console.Output.Replace("         epoch", "epoch", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("val_accuracy 0.7500 (best 0.7500)", console.Output, StringComparison.Ordinal);
        progress.OnTrainEnd(new Dictionary<string, double>());
        Assert.EndsWith("\r\u001b[K", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Redirected_output_gets_no_bar()
    {
        var console = new TestConsole();
        var progress = new EpochProgress(console);
        progress.OnTrainBegin(new TrainingInfo(10, 3, 90, 10, ["accuracy"], 32));
        for (var epoch = 0; epoch < 10; epoch++) progress.OnEpochEnd(epoch, new Dictionary<string, double> { ["val_loss"] = 1.0 / (epoch + 1) });
        progress.OnTrainEnd(new Dictionary<string, double>());
        Assert.Equal("", console.Output);
    }
}
